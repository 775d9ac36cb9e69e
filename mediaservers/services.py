"""What other apps and the settings pages may call in the mediaservers app.

The Test button (`check_connection` / `test_connection`), the outbox's counts and recent
deliveries for the settings and health pages, and a retry of a given-up delivery.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from mediaservers.clients import KINDS, build_client
from mediaservers.clients.base import MEDIA_SERVER, ConnectionConfig, Section
from mediaservers.models import Connection, Delivery
from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
)
from radarr_site.providers import record_success

log = logging.getLogger(__name__)

GIVEN_UP_SHOWN_FOR = timedelta(days=7)  # System → Health mentions recent give-ups only
KEEP_SENT = timedelta(days=14)
KEEP_GIVEN_UP = timedelta(days=30)  # kept longer: someone may still look or retry


@dataclass
class ConnectionTestReport:
    """A Test's outcome: problems (empty when it works), and a media server's libraries."""

    problems: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _config(row_or_config: Connection | ConnectionConfig) -> ConnectionConfig:
    return row_or_config.config() if isinstance(row_or_config, Connection) else row_or_config


def _label(config: ConnectionConfig) -> str:
    return KINDS[config.kind][0] if config.kind in KINDS else config.kind


def redact(text: str, config: ConnectionConfig) -> str:
    """The text without the connection's token, key or password."""
    for secret in (config.api_key, config.password, *config.headers.values()):
        if secret and len(secret) >= 4:
            text = text.replace(secret, "(hidden)")
    return text


def sentence(error: IntegrationError, config: ConnectionConfig) -> str:
    """What failed, in words a user acts on; never the secret."""
    detail = redact(str(error), config).rstrip(".")
    if isinstance(error, AuthError):
        what = "user name or password" if config.kind == "webhook" else "token or API key"
        return f"Refused: {detail}. Check the {what}."
    if isinstance(error, RateLimited):
        return f"Rate limited: {detail}. Try again later."
    if isinstance(error, Unavailable):
        if "in time" in detail or "timed out" in detail.lower():
            return f"Timed out: {detail}. Check the URL and that the server is up."
        return f"Unreachable or failing: {detail}. Check the URL and that the server is up."
    if isinstance(error, NotFound):
        return f"Nothing answers at this address: {detail}. Check the URL."
    if isinstance(error, BadResponse):
        return f"Unusable answer: {detail}. Check the URL points at {_label(config)}."
    return f"{_label(config)}: {detail}."


def _section_words(sections: list[Section]) -> str:
    return ", ".join(
        f"{s.title} ({', '.join(s.locations)})" if s.locations else s.title for s in sections
    )


def section_for(sections: list[Section], config: ConnectionConfig, path: str) -> Section | None:
    """The library a scan of `path` (our path) would land in, through the path mappings;
    movie libraries first, None when no library holds it (a full refresh then)."""
    remote = config.server_path(path)
    holding = [s for s in sections if s.holds(remote)]
    holding.sort(key=lambda s: s.kind not in ("movie", "movies"))
    return holding[0] if holding else None


def check_connection(row_or_config: Connection | ConnectionConfig) -> ConnectionTestReport:
    """The Test button (network): a media server's test() and its libraries, or a
    webhook's test event. A saved connection that passes has its hold cleared."""
    config = _config(row_or_config)
    report = ConnectionTestReport()
    label = _label(config)
    try:
        client = build_client(config)
    except (ImportError, AttributeError, KeyError):
        log.exception("The %s connection client could not be loaded", config.kind)
        report.problems.append(f"{label} is not available in this version.")
        return report
    try:
        client.test()
        if client.role == MEDIA_SERVER:
            report.sections = client.sections()
    except IntegrationError as error:
        report.problems.append(sentence(error, config))
        return report
    except Exception as exc:  # a client bug must not break the page; the log keeps it
        log.exception("%s test of %s failed unexpectedly", label, config.name)
        report.problems.append(f"{label} test failed unexpectedly: {type(exc).__name__}.")
        return report
    if client.role == MEDIA_SERVER:
        if not report.sections:
            report.problems.append(f"{label} answered but has no libraries to scan.")
            return report
        report.summary = f"Connected: libraries {_section_words(report.sections)}"
    else:
        report.summary = "Sent a test event"
    if config.id is not None:
        record_success(config.provider_key, config.name)  # the user fixed it: calls resume
    return report


def test_connection(row_or_config: Connection | ConnectionConfig) -> list[str]:
    """Readable problems of the connection (network); [] when it works."""
    return check_connection(row_or_config).problems


test_connection.__test__ = False  # a public function, not a pytest test


@dataclass(frozen=True)
class DeliveryCounts:
    """Deliveries waiting: pending (first try or retry), retrying (failed once at least),
    and given up recently."""

    pending: int = 0
    retrying: int = 0
    given_up: int = 0


def delivery_counts(connection: Connection | None = None) -> DeliveryCounts:
    """Counts of waiting, retrying and recently given-up deliveries (one connection, or
    every enabled one)."""
    rows = Delivery.objects.all()
    if connection is not None:
        rows = rows.filter(connection=connection)
    else:
        # A disabled connection sends nothing: its old failures are no longer a problem.
        rows = rows.filter(connection__enabled=True)
    since = timezone.now() - GIVEN_UP_SHOWN_FOR
    counts = rows.aggregate(
        pending=Count("pk", filter=Q(state=Delivery.State.PENDING)),
        retrying=Count("pk", filter=Q(state=Delivery.State.PENDING, attempts__gt=0)),
        given_up=Count("pk", filter=Q(state=Delivery.State.FAILED, created_at__gte=since)),
    )
    return DeliveryCounts(**counts)


def delivery_counts_by_connection() -> dict[int, DeliveryCounts]:
    """connection id → its counts, in one query (the Connect list page)."""
    since = timezone.now() - GIVEN_UP_SHOWN_FOR
    rows = Delivery.objects.values("connection_id").annotate(
        pending=Count("pk", filter=Q(state=Delivery.State.PENDING)),
        retrying=Count("pk", filter=Q(state=Delivery.State.PENDING, attempts__gt=0)),
        given_up=Count("pk", filter=Q(state=Delivery.State.FAILED, created_at__gte=since)),
    )
    return {
        row["connection_id"]: DeliveryCounts(row["pending"], row["retrying"], row["given_up"])
        for row in rows
    }


def recent_deliveries(connection: Connection, n: int = 20) -> list[Delivery]:
    """The connection's last `n` deliveries, newest first."""
    return list(Delivery.objects.filter(connection=connection).order_by("-created_at", "-pk")[:n])


def retry_delivery(delivery_id: int) -> bool:
    """Send a given-up delivery again soon (attempts start over); False when it is not
    given up (already pending or sent) or gone. A scan whose folder already has a pending
    scan is merged into that one instead."""
    from mediaservers import outbox

    return outbox.retry(delivery_id)


def prune_deliveries(now: datetime | None = None) -> dict[str, int]:
    """Housekeeping: forget deliveries sent over KEEP_SENT ago and given up over
    KEEP_GIVEN_UP ago; pending ones always stay."""
    now = now or timezone.now()
    sent, _ = Delivery.objects.filter(
        state=Delivery.State.SENT, created_at__lt=now - KEEP_SENT
    ).delete()
    given_up, _ = Delivery.objects.filter(
        state=Delivery.State.FAILED, created_at__lt=now - KEEP_GIVEN_UP
    ).delete()
    return {"deliveries_sent": sent, "deliveries_given_up": given_up}
