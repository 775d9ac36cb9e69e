"""urllib3 Retry with our two rules: never sleep longer than the cap, never trip on a bad header."""

from __future__ import annotations

import email.utils
import re
import time

from urllib3.exceptions import InvalidHeader, MaxRetryError
from urllib3.util.retry import Retry

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when unusable."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]{1,10}", value):
        return float(value)
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


class CappedRetry(Retry):
    """Retries idempotent calls with exponential backoff, honouring Retry-After.

    A service that asks for a longer pause than `backoff_max` gets no retry at all: the
    response goes back to the caller, which raises RateLimited and lets the provider
    status hold the integration off for that long, instead of a worker sleeping for it.
    """

    def get_retry_after(self, response):  # type: ignore[override]
        try:
            return super().get_retry_after(response)
        except InvalidHeader:
            return None

    def increment(
        self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None
    ):  # type: ignore[override]
        if response is not None:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.backoff_max:
                raise MaxRetryError(_pool, url, "Retry-After exceeds the retry cap")
        return super().increment(method, url, response, error, _pool, _stacktrace)


def make_retry(
    retries: int, backoff_factor: float, max_delay: float, *, retry_read: bool = True
) -> CappedRetry:
    """The retry policy for one integration.

    Without `retry_read`, a read timeout (or a connection dropped after the request was
    sent) is not retried: a person waiting on the call waits one read timeout, not one per
    attempt. Connection failures and retryable statuses are still retried.
    """
    return CappedRetry(
        total=retries,
        connect=retries,
        read=retries if retry_read else 0,
        status=retries,
        backoff_factor=backoff_factor,
        backoff_max=max_delay,
        retry_after_max=max_delay,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=IDEMPOTENT_METHODS,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
