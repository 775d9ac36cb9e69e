"""Sending due deliveries: claim, send through the connection's client, retry or give up.

A delivery is claimed by a conditional update that moves its due time a lease ahead, so
two workers never send it at once, and one that died mid-send leaves it to be sent again
when the lease ends. A connection held off after failures (its provider status) is not
called: its deliveries wait. A failure is recorded on the provider status (through
providers.tracked) and retried with backoff; after MAX_ATTEMPTS or GIVE_UP_AFTER the
delivery is given up. A scan merged into while it was being sent stays pending, so the
file that arrived during the send is scanned too.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from mediaservers import outbox
from mediaservers.clients.base import MediaServerClient, WebhookClient
from mediaservers.models import Delivery
from radarr_site.http.errors import IntegrationError
from radarr_site.providers import ProviderDisabled, check_available, tracked

log = logging.getLogger(__name__)

RETRY_STEPS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
    timedelta(hours=6),
]
MAX_ATTEMPTS = 10
GIVE_UP_AFTER = timedelta(hours=24)
CLAIM_LEASE = timedelta(minutes=5)  # longer than one send with the toolkit's retries
BATCH = 200
# One task waits at most one debounce window (and a second) for scans about to fall due:
# a worker is not held longer; a scan pushed further is sent by a one-off schedule.
WAIT_MARGIN = 1.0
WAITER_KEY = "mediaservers:send_due:waiting"

PENDING, SENT, FAILED = Delivery.State.PENDING, Delivery.State.SENT, Delivery.State.FAILED


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before the next try after `attempts` failed ones."""
    return RETRY_STEPS[min(max(attempts, 1), len(RETRY_STEPS)) - 1]


def expire_stale(now: datetime | None = None) -> int:
    """Give up pending deliveries older than GIVE_UP_AFTER (a connection held off for a
    day); claimed ones (due in the future) finish their send first."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(
        state=PENDING, created_at__lt=now - GIVE_UP_AFTER, due_at__lte=now
    )
    count = 0
    for delivery in stale.only("pk", "last_error"):
        reason = delivery.last_error or "Not sent within 24 hours: the connection was held off."
        count += Delivery.objects.filter(pk=delivery.pk, state=PENDING, due_at__lte=now).update(
            state=FAILED, last_error=reason
        )
    return count


def _claim(delivery: Delivery) -> datetime | None:
    """Own the delivery for one send: the lease's end, or None when another worker won."""
    lease = timezone.now() + CLAIM_LEASE
    claimed = Delivery.objects.filter(pk=delivery.pk, state=PENDING, due_at=delivery.due_at).update(
        due_at=lease
    )
    return lease if claimed else None


def _deliver(delivery: Delivery) -> str:
    """Send through the connection's client (network); what was done, as a sentence."""
    client = delivery.connection.client()
    if delivery.event == Delivery.SCAN:
        if not isinstance(client, MediaServerClient):
            raise TypeError(f"{delivery.connection.name} is no longer a media server")
        return client.refresh(delivery.folder)
    if not isinstance(client, WebhookClient):
        raise TypeError(f"{delivery.connection.name} is no longer a webhook")
    client.send(delivery.payload)
    return f"Sent {delivery.event}"


def _record_failure(delivery: Delivery, lease: datetime, error: Exception) -> str:
    now = timezone.now()
    attempts = delivery.attempts + 1
    message = str(error)[:2000] or type(error).__name__
    give_up = attempts >= MAX_ATTEMPTS or now - delivery.created_at >= GIVE_UP_AFTER
    changes = {"attempts": attempts, "last_error": message}
    if give_up:
        changes["state"] = FAILED
    else:
        changes["due_at"] = now + retry_delay(attempts)
    still_ours = Delivery.objects.filter(pk=delivery.pk, state=PENDING, due_at=lease)
    if not still_ours.update(**changes):
        # Merged into during the send: it is due again soon anyway (the hold decides).
        Delivery.objects.filter(pk=delivery.pk, state=PENDING).update(
            attempts=attempts, last_error=message
        )
        return "retry"
    if give_up:
        log.warning("Gave up %s to %s: %s", delivery.event, delivery.connection.name, message)
        return "failed"
    return "retry"


def send_one(delivery: Delivery) -> str:
    """Send one due delivery; the outcome: "sent", "retry", "failed", "held" (its
    connection is held off), "cancelled" (its connection is disabled) or "skipped"
    (another worker has it)."""
    connection = delivery.connection
    if not connection.enabled:
        # Cancelled, not given up: a disabled connection is no failure to warn about.
        deleted, _ = Delivery.objects.filter(pk=delivery.pk, state=PENDING).delete()
        return "cancelled" if deleted else "skipped"
    try:
        check_available(connection.provider_key)
    except ProviderDisabled:
        return "held"
    lease = _claim(delivery)
    if lease is None:
        return "skipped"
    try:
        with tracked(connection.provider_key, connection.name):
            result = _deliver(delivery)
    except Exception as error:  # any failure is retried; the log keeps a client bug
        if not isinstance(error, IntegrationError):
            log.exception("Sending %s to %s failed", delivery.event, connection.name)
        return _record_failure(delivery, lease, error)
    now = timezone.now()
    sent = Delivery.objects.filter(pk=delivery.pk, state=PENDING, due_at=lease).update(
        state=SENT, sent_at=now, attempts=delivery.attempts + 1, result=result[:2000]
    )
    if not sent:
        # A scan merged into during the send: scan once more when it falls due.
        Delivery.objects.filter(pk=delivery.pk).update(result=result[:2000])
    log.info("%s → %s: %s", delivery.event, connection.name, result)
    return "sent"


def send_ready(now: datetime | None = None) -> Counter:
    """Send every pending delivery due by `now` (one batch); outcomes counted."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(state=PENDING, due_at__lte=now)
        .select_related("connection")
        .order_by("due_at", "pk")[:BATCH]
    )
    return Counter(send_one(delivery) for delivery in due)


def next_due_soon() -> datetime | None:
    """When the next pending delivery falls due within the debounce window, if one does."""
    now = timezone.now()
    return (
        Delivery.objects.filter(state=PENDING, due_at__gt=now, due_at__lte=now + outbox.DEBOUNCE)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )


def max_wait() -> float:
    """Seconds one task may spend waiting for scans about to fall due."""
    return outbox.DEBOUNCE.total_seconds() + WAIT_MARGIN


def _wait_and_send(started: float, totals: Counter) -> None:
    limit = max_wait()
    while (due := next_due_soon()) is not None:
        left = limit - (time.monotonic() - started)
        pause = max(0.0, (due - timezone.now()).total_seconds()) + 0.05
        if pause > left:
            return  # due after the cap: the one-off schedule sends it
        time.sleep(pause)
        totals.update(send_ready())


def schedule_send_at(due: datetime) -> None:
    """A one-off "send notifications" run at `due`; one per minute however many ask, so
    a burst of imports makes one schedule. Never raises: the minute schedule is the net."""
    from django_q.models import Schedule

    minute = due.replace(second=0, microsecond=0)
    try:
        Schedule.objects.get_or_create(
            name=f"Send notifications at {minute:%Y-%m-%d %H:%M}",
            defaults={
                "func": outbox.SEND_TASK,
                "schedule_type": Schedule.ONCE,
                "next_run": due,
                "repeats": -1,
            },
        )
    except Exception:
        log.exception("Could not schedule the notification task")


def send_due(*, wait: bool = True) -> dict[str, int]:
    """Send what is due; with `wait`, also wait (at most max_wait()) for scans about to
    fall due (debounced a few seconds) so a scan lands within seconds of the import. One
    task waits at a time; others send what is due and return, leaving the rest to the
    waiting one. A scan still ahead when the wait ends gets a one-off schedule."""
    totals = Counter(expired=expire_stale())
    totals.update(send_ready())
    started = time.monotonic()
    while wait and time.monotonic() - started < max_wait() and next_due_soon() is not None:
        if not cache.add(WAITER_KEY, 1, timeout=int(max_wait()) + 30):
            break  # another task is waiting and sends these
        try:
            _wait_and_send(started, totals)
        finally:
            cache.delete(WAITER_KEY)
        # Looked again after letting go: a scan written while we let go is not orphaned.
    if wait and (due := next_due_soon()) is not None:
        schedule_send_at(due)  # pushed past our wait (more imports into the folder)
    return {key: count for key, count in totals.items() if count}
