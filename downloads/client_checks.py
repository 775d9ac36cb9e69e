"""The download client Test: the one place that runs a client's `test()`.

`client_problems()` is what the admin action and System → Health show; `client_test()` is
the settings Test button's richer report (things it fixed, warnings, failures). Also the
client's row on System → Health (created on save, renamed, removed on delete).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from downloads.models import DownloadClient
from radarr_site.http.errors import IntegrationError
from radarr_site.models import ProviderStatus

log = logging.getLogger(__name__)


def client_problems(row: DownloadClient) -> list[str]:
    """Run the client's test against `row` (saved or not) and return readable problems;
    an empty list means it works. Talks to the client over the network."""
    try:
        return _run_test(row)
    finally:
        if row.pk is None:
            # A client not saved yet has no place on System → Health: what its test
            # recorded under the kind's test key would show as a problem of no client.
            ProviderStatus.objects.filter(key=provider_key(row)).delete()


# Words the clients' tests use for a missing category (downloads.clients.qbittorrent and
# .nzbget): qBittorrent's is created here, as Radarr does; NZBGet's lives in its own
# configuration, so it is a warning with the fix, not a failure.
_QBT_NO_CATEGORY = re.compile(r"^Category '([^']+)' does not exist in qBittorrent")
_NZBGET_NO_CATEGORY = "NZBGet has no category"
# The fields a connection test reads; an error elsewhere (a name taken) does not stop it.
CONNECTION_FIELDS = ("base_url", "username", "password", "api_key", "category")


@dataclass
class ClientTestReport:
    """A Test's outcome: failures, warnings (works, with a fix to make), things done."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)


def client_test(row: DownloadClient) -> ClientTestReport:
    """The settings Test: `client_problems`, with a missing qBittorrent category created
    (reported as done) and a missing NZBGet category turned into a warning."""
    report = ClientTestReport()
    try:
        for problem in _run_test(row):
            if row.kind == "qbittorrent" and (match := _QBT_NO_CATEGORY.match(problem)):
                report_created(row, match.group(1), problem, report)
            elif row.kind == "nzbget" and problem.startswith(_NZBGET_NO_CATEGORY):
                report.warnings.append(problem)
            else:
                report.problems.append(problem)
    finally:
        if row.pk is None:
            ProviderStatus.objects.filter(key=provider_key(row)).delete()
    return report


def report_created(
    row: DownloadClient, category: str, problem: str, report: ClientTestReport
) -> None:
    """Create the missing qBittorrent category; a refusal stays a problem."""
    try:
        row.client().ensure_category(category)
    except IntegrationError as exc:
        report.problems.append(f"{problem} — creating it failed: {exc.message}")
    except AttributeError:
        report.problems.append(problem)
    else:
        report.done.append(f"Category '{category}' created")


def _run_test(row: DownloadClient) -> list[str]:
    label = row.kind_label
    try:
        client = row.client()
    except (ImportError, AttributeError):
        log.exception("The %s client could not be loaded", row.kind)
        return [f"The {label} client is not available in this version."]
    try:
        return list(client.test())
    except IntegrationError as exc:
        return [exc.message]
    except Exception as exc:  # a client bug must not break the page; the log keeps it
        log.exception("%s test of %s failed unexpectedly", label, row.name)
        return [f"{label} test failed unexpectedly: {type(exc).__name__}."]


def provider_key(row: DownloadClient) -> str:
    return row.config().provider_key


def sync_provider_status(row: DownloadClient) -> None:
    """Give a saved client its row on System → Health (state, Test again) from the start,
    before the first call records anything; keeps the label in step with the name."""
    updated = ProviderStatus.objects.filter(key=provider_key(row)).update(label=row.name)
    if not updated:
        ProviderStatus.objects.get_or_create(key=provider_key(row), defaults={"label": row.name})


def forget_provider_status(row: DownloadClient) -> None:
    """A deleted client leaves no stale row on System → Health."""
    ProviderStatus.objects.filter(key=provider_key(row)).delete()
