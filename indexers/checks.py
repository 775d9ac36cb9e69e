"""The indexer Test: the one place that runs an indexer's `test()` and reads its capabilities.

`check_indexer()` is the settings Test button's report (problems, warnings, a summary of
what the indexer offers); `test_indexer()` is its problem list alone, for the admin action
and System → Health. Both talk to the indexer over the network. A saved indexer keeps the
capabilities it answered with and its provider status (a success clears a hold; a
failure is noted without escalating it, as Radarr treats a user's own test).
Also the indexer's row on System → Health (created on save, renamed, removed on delete).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from indexers.clients import KINDS, build_client
from indexers.clients.base import Capabilities, IndexerConfig
from indexers.models import Indexer
from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
)
from radarr_site.models import ProviderStatus
from radarr_site.providers import is_own_rate_limit, record_success

log = logging.getLogger(__name__)

# Query-string secrets an error text might carry if a client ever put a URL in it.
_SECRET_PARAMS = re.compile(r"(?i)\b(apikey|api_key|passkey|key)=[^&\s\"'<>]+")
# A client's own parenthetical advice on an HTML answer, repeated by sentence() otherwise.
_CLIENT_HINT = re.compile(r"\s*\((?:a login page\?|check the url)[^)]*\)", re.IGNORECASE)


@dataclass
class IndexerTestReport:
    """A Test's outcome: failures, warnings (it works, with something to fix), a summary."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, nothing to fix
    error_kind: str = ""  # the failure's error class name, for System → Health's advice
    summary: str = ""
    capabilities: Capabilities | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _config(config_or_row: Indexer | IndexerConfig) -> IndexerConfig:
    return config_or_row.config() if isinstance(config_or_row, Indexer) else config_or_row


def _label(config: IndexerConfig) -> str:
    return KINDS[config.kind][0] if config.kind in KINDS else config.kind


def redact(text: str, config: IndexerConfig) -> str:
    """The text without the indexer's key or passkey, in a URL or on its own."""
    text = _SECRET_PARAMS.sub(lambda m: f"{m.group(1)}=(hidden)", text)
    if config.api_key and len(config.api_key) >= 4:
        text = text.replace(config.api_key, "(hidden)")
    return text


def hide_key(error: IntegrationError, config: IndexerConfig) -> None:
    """Take the key out of an error's message before it is shown or stored."""
    error.message = redact(error.message, config)
    error.args = (error.message,)


def sentence(error: IntegrationError, config: IndexerConfig) -> str:
    """What failed, in words a user acts on: a short verdict, then the client's own
    message (which names the indexer and host), then what to check."""
    detail = redact(error.message, config).rstrip(".")
    if isinstance(error, AuthError):
        what = "user name or passkey" if config.kind == "hdbits" else "API key"
        return f"Wrong {what}: {detail}. Check it in the indexer's settings."
    if isinstance(error, RateLimited):
        wait = f" Retry after {int(error.retry_after)} s." if error.retry_after else ""
        return f"Rate limited: {detail}.{wait}"
    if isinstance(error, Unavailable):
        if "in time" in detail:
            return f"Timed out: {detail}. Check the URL and that the indexer is up."
        if "unreachable" in detail or "refused" in detail:
            return f"Unreachable: {detail}. Check the URL and that the indexer is up."
        return f"The indexer is failing: {detail}. Try again later."
    if isinstance(error, NotFound):
        path = " and API path" if config.kind in ("torznab", "newznab") else ""
        return f"No API at this address: {detail}. Check the URL{path}."
    if isinstance(error, BadResponse):
        if re.search(r"(?i)html|login", detail):
            # The client may add its own "(a login page? check …)": the hint is said once.
            detail = _CLIENT_HINT.sub("", detail).rstrip(". ")
            return (
                f"A web page (a login page?) came back instead of the API: {detail}. "
                "Check the URL and the API key."
            )
        return f"Unusable answer: {detail}."
    return f"{_label(config)}: {detail}."


def _movie_search_words(caps: Capabilities) -> str:
    by = [param for param in ("imdbid", "tmdbid") if caps.supports(param)]
    if by:
        return "movie search by " + ", ".join(by)
    if caps.supports("q"):
        return "movie search by title"
    if "q" in caps.search_params:
        return "text search only"
    return "no search"


def capability_words(caps: Capabilities | None) -> str:
    """How the indexer is searched, for the Indexers page: "imdb, tmdb", "title only"…"""
    if caps is None:
        return ""
    ids = [name for name, param in (("imdb", "imdbid"), ("tmdb", "tmdbid")) if caps.supports(param)]
    if ids:
        return ", ".join(ids)
    if caps.supports("q") or "q" in caps.search_params:
        return "title only"
    return "none"


def _judge_capabilities(config: IndexerConfig, caps: Capabilities, report: IndexerTestReport):
    label = config.name or _label(config)
    if not caps.movie_search and "q" not in caps.search_params:
        report.problems.append(
            f"{label} offers no movie search and no text search: it cannot be searched."
        )
        return
    if not caps.movie_search:
        report.warnings.append(
            f"{label} offers no movie search: movies are searched by title and year instead."
        )
    offered = caps.category_ids()
    missing = [c for c in config.categories if c not in offered] if offered else []
    if missing and len(missing) == len(config.categories):
        report.warnings.append(
            f"{label} offers none of the categories {', '.join(map(str, missing))}: "
            "nothing will be found. Choose categories it lists under Capabilities."
        )
    elif missing:
        # Radarr's default list names more categories than most indexers have: searching
        # the ones offered works, so this is a note, not a warning.
        report.notes.append(
            f"Not offered by {label}: categories {', '.join(map(str, missing))} "
            "(the others are searched)."
        )
    report.summary = (
        f"Connected: {len(offered)} categories, {_movie_search_words(caps)}"
        if offered
        else f"Connected: {_movie_search_words(caps)}"
    )


def _run(config: IndexerConfig) -> tuple[IndexerTestReport, IntegrationError | None]:
    """The network part: test() then capabilities(); the first error stops it."""
    report = IndexerTestReport()
    label = _label(config)
    try:
        client = build_client(config)
    except (ImportError, AttributeError, KeyError):
        log.exception("The %s indexer client could not be loaded", config.kind)
        report.problems.append(f"The {label} indexer is not available in this version.")
        return report, None
    try:
        client.test()
        caps = client.capabilities()
    except IntegrationError as error:
        hide_key(error, config)
        report.problems.append(sentence(error, config))
        report.error_kind = type(error).__name__
        return report, error
    except Exception as exc:  # a client bug must not break the page; the log keeps it
        log.exception("%s test of %s failed unexpectedly", label, config.name)
        report.problems.append(f"{label} test failed unexpectedly: {type(exc).__name__}.")
        return report, None
    report.capabilities = caps
    _judge_capabilities(config, caps, report)
    return report, None


def check_indexer(
    config_or_row: Indexer | IndexerConfig, *, store: bool = True
) -> IndexerTestReport:
    """The settings Test (network): problems, warnings and what the indexer offers.

    A saved indexer (an Indexer with a pk, `store` left True) keeps the capabilities and
    has its provider status recorded; an unsaved form's values leave nothing behind.
    """
    config = _config(config_or_row)
    saved = store and isinstance(config_or_row, Indexer) and config_or_row.pk is not None
    try:
        report, error = _run(config)
    finally:
        if config.id is None:
            # A client that tracks its own calls leaves no row for a never-saved test key.
            ProviderStatus.objects.filter(key=config.provider_key).delete()
    if not saved:
        return report
    if error is not None:
        if not is_own_rate_limit(error):
            note_test_failure(
                config_or_row,
                str(error),
                type(error).__name__,
                retry_after=getattr(error, "retry_after", None),
            )
    elif report.capabilities is not None:
        record_success(config.provider_key, config_or_row.name)  # clears any hold
        store_capabilities(config_or_row, report.capabilities)
    return report


def test_indexer(config_or_row: Indexer | IndexerConfig, *, store: bool = True) -> list[str]:
    """Readable problems of the indexer (network); [] when it works. See check_indexer."""
    return check_indexer(config_or_row, store=store).problems


test_indexer.__test__ = False  # a public function, not a pytest test


def store_capabilities(row: Indexer, caps: Capabilities) -> None:
    """Keep what the indexer answered, for the search strategy and the Indexers page."""
    row.capabilities = caps.as_dict()
    row.capabilities_at = timezone.now()
    Indexer.objects.filter(pk=row.pk).update(
        capabilities=row.capabilities, capabilities_at=row.capabilities_at
    )


def refresh_capabilities(row: Indexer) -> Capabilities:
    """Fetch and store the indexer's capabilities (network, the settings page's Refresh);
    raises the toolkit's errors (with the key hidden). Like a Test, a failure is kept on
    its provider status without escalating the hold; a success clears it."""
    config = row.config()
    try:
        caps = build_client(config).capabilities()
    except IntegrationError as error:
        hide_key(error, config)
        if not is_own_rate_limit(error):
            note_test_failure(
                row,
                str(error),
                type(error).__name__,
                retry_after=getattr(error, "retry_after", None),
            )
        raise
    record_success(row.provider_key, row.name)
    store_capabilities(row, caps)
    return caps


@dataclass
class IndexerState:
    """How an indexer is doing, as its provider status says: badge class, words, error."""

    css: str
    text: str
    error: str = ""


def indexer_state(status: ProviderStatus | None) -> IndexerState:
    """OK / failing since … / held off until …, with the last error when failing."""
    if status is None or (status.state == ProviderStatus.CLOSED and not status.last_success_at):
        return IndexerState("muted", "not used yet")
    if status.state == ProviderStatus.OPEN:
        until = timezone.localtime(status.disabled_until)
        return IndexerState("err", f"held off until {until:%Y-%m-%d %H:%M}", status.last_error)
    if status.state == ProviderStatus.HALF_OPEN:
        # localtime(None) is "now": a status without failure dates is just "failing".
        when = status.first_failure_at or status.last_failure_at
        text = f"failing since {timezone.localtime(when):%Y-%m-%d %H:%M}" if when else "failing"
        return IndexerState("warn", text, status.last_error)
    return IndexerState("ok", "OK")


def sync_provider_status(row: Indexer) -> None:
    """Give a saved indexer its row on System → Health from the start; keep its label."""
    updated = ProviderStatus.objects.filter(key=row.provider_key).update(label=row.name)
    if not updated:
        ProviderStatus.objects.get_or_create(key=row.provider_key, defaults={"label": row.name})


def forget_provider_status(row: Indexer) -> None:
    """A deleted indexer leaves no stale row on System → Health."""
    ProviderStatus.objects.filter(key=row.provider_key).delete()


def keep_test_result(row: Indexer, report: IndexerTestReport) -> None:
    """A saved indexer keeps what a Test of its current settings found: on success its
    capabilities and a cleared hold; on failure the problems, without escalating."""
    if report.ok and report.capabilities is not None:
        record_success(row.provider_key, row.name)
        store_capabilities(row, report.capabilities)
    elif report.problems:
        note_test_failure(row, "; ".join(report.problems), report.error_kind or "BadResponse")


def reset_provider_status(row: Indexer) -> None:
    """The indexer's address, key, path or options changed: the failures and hold-off of
    its old settings are forgotten, so searches use it at once."""
    forget_provider_status(row)
    sync_provider_status(row)


def note_test_failure(
    row: Indexer, message: str, kind: str, *, retry_after: float | None = None
) -> None:
    """Keep a manual Test's failure (or a "Save anyway"'s problems) on the indexer's status
    without escalating: like Radarr, a user's own test does not lengthen the hold-off or
    start one; the status reads "failing" until a call succeeds. A service's Retry-After
    is still honoured."""
    with transaction.atomic():
        status, _ = ProviderStatus.objects.select_for_update().get_or_create(
            key=row.provider_key, defaults={"label": row.name}
        )
        now = timezone.now()
        status.consecutive_failures = max(status.consecutive_failures, 1)
        if retry_after:
            wait_until = now + timedelta(seconds=retry_after)
            if status.disabled_until is None or status.disabled_until < wait_until:
                status.disabled_until = wait_until
        status.first_failure_at = status.first_failure_at or now
        status.last_failure_at = now
        status.last_error = message[:2000]
        status.last_error_kind = kind[:40]
        status.label = row.name
        status.save()


def indexer_switches() -> list[tuple[str, bool, bool, bool]]:
    """Each indexer's provider key with its switches (RSS, automatic search, interactive
    search), for System → Health, in one query."""
    rows = Indexer.objects.values_list(
        "pk", "enable_rss", "enable_automatic_search", "enable_interactive_search"
    )
    return [
        (f"indexer:{pk}", rss, automatic, interactive) for pk, rss, automatic, interactive in rows
    ]


def indexer_for_key(key: str) -> Indexer | None:
    """The saved indexer behind a provider key such as "indexer:3", or None."""
    pk = key.removeprefix("indexer:")
    if not key.startswith("indexer:") or not pk.isdigit():
        return None
    return Indexer.objects.filter(pk=int(pk)).first()


__all__ = [
    "IndexerState",
    "IndexerTestReport",
    "capability_words",
    "check_indexer",
    "forget_provider_status",
    "hide_key",
    "indexer_for_key",
    "indexer_state",
    "indexer_switches",
    "keep_test_result",
    "note_test_failure",
    "redact",
    "refresh_capabilities",
    "reset_provider_status",
    "sentence",
    "store_capabilities",
    "sync_provider_status",
    "test_indexer",
]
