"""Provider status: record each integration's successes and failures, hold a failing one off.

Escalation follows Radarr's provider status: 1m, 5m, 15m, 30m, 1h, 3h, 6h, 12h, 24h,
with a service's Retry-After as the minimum. The count escalates once per hold window:
failures while held off are noted but not counted. Writes happen inside a transaction
with a row lock so concurrent workers never lose an update.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from radarr_site.http.errors import AuthError, IntegrationError, RateLimited
from radarr_site.models import ProviderStatus

log = logging.getLogger(__name__)

BACKOFF_STEPS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
]


class ProviderDisabled(IntegrationError):
    """The integration is held off after failures; raised instead of calling it."""


def backoff_for(failures: int) -> timedelta:
    """How long to hold an integration off after its `failures`-th consecutive failure."""
    if failures <= 0:
        return timedelta(0)
    return BACKOFF_STEPS[min(failures, len(BACKOFF_STEPS)) - 1]


def get_status(key: str) -> ProviderStatus | None:
    """The integration's status row, or None before its first recorded call."""
    return ProviderStatus.objects.filter(key=key).first()


def record_success(key: str, label: str) -> None:
    """Record a working call: clear the failure count and any hold (closes the circuit).

    Creates the status row on the integration's first success; `label` is the name the
    Health page shows.
    """
    now = timezone.now()
    updated = ProviderStatus.objects.filter(key=key).update(
        consecutive_failures=0,
        first_failure_at=None,
        disabled_until=None,
        last_success_at=now,
        label=label,
    )
    if not updated:
        ProviderStatus.objects.get_or_create(
            key=key, defaults={"label": label, "last_success_at": now}
        )


def record_failure(key: str, label: str, error: Exception) -> ProviderStatus:
    """Record a failure and keep its message for the Health page; escalate once per hold.

    While the integration is held off, further failures (a user's own searches go through
    the hold) only update the message and time: like Radarr, the count and the hold-off
    escalate once per hold window, so a handful of clicks during an outage does not turn
    a one-minute hold into an hour. A failure once the hold has passed (half-open)
    escalates. A service's Retry-After is always honoured as the minimum hold.
    """
    with transaction.atomic():
        status, _ = ProviderStatus.objects.select_for_update().get_or_create(
            key=key, defaults={"label": label}
        )
        # Read the clock under the row lock: a time taken before waiting for the lock
        # would be older than the hold a concurrent worker just wrote.
        now = timezone.now()
        held = status.disabled_until is not None and status.disabled_until > now
        retry_after = (
            timedelta(seconds=error.retry_after)
            if isinstance(error, RateLimited) and error.retry_after
            else timedelta(0)
        )
        if not held:
            status.consecutive_failures += 1
            status.disabled_until = now + max(backoff_for(status.consecutive_failures), retry_after)
        elif now + retry_after > status.disabled_until:
            # The service itself asked for a longer wait: never call it before then.
            status.disabled_until = now + retry_after
        status.first_failure_at = status.first_failure_at or now
        status.last_failure_at = now
        status.last_error = str(error)[:2000]
        status.last_error_kind = type(error).__name__
        status.label = label
        status.save()
    log.warning("%s failed (%s): %s", label, type(error).__name__, error)
    return status


def check_available(key: str) -> None:
    """Raise ProviderDisabled while the integration is held off (the circuit is open)."""
    status = get_status(key)
    if status and status.state == ProviderStatus.OPEN:
        raise ProviderDisabled(
            f"{status.label} is held off after {status.consecutive_failures} failure(s) until "
            f"{timezone.localtime(status.disabled_until):%Y-%m-%d %H:%M:%S}: {status.last_error}"
        )


def is_own_rate_limit(error: Exception) -> bool:
    """Our shared limiter ran out of patience (no HTTP status): not the service's failure."""
    return isinstance(error, RateLimited) and error.status is None


@contextmanager
def tracked(key: str, label: str, *, respect_hold: bool = False) -> Iterator[None]:
    """Run integration calls, recording success or the failure on the provider status.

    Background work passes `respect_hold=True` so an open circuit skips the call; a user's
    own action (a search, a Test button) goes through and can close the circuit again.
    """
    if respect_hold:
        check_available(key)
    try:
        yield
    except IntegrationError as error:
        if not isinstance(error, ProviderDisabled) and not is_own_rate_limit(error):
            record_failure(key, label, error)
        raise
    else:
        record_success(key, label)


__all__ = [
    "AuthError",
    "ProviderDisabled",
    "backoff_for",
    "check_available",
    "get_status",
    "record_failure",
    "record_success",
    "tracked",
]
