"""Thin django-q2 entry points of the downloads app."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

from downloads.models import DownloadOptions
from downloads.queue import PollResult, poll_queue

log = logging.getLogger(__name__)

_LAST_POLL = "downloads:last-queue-poll"


def interval_minutes() -> int:
    """How often the queue is really polled (Settings → Download Clients)."""
    return max(1, DownloadOptions.load().check_interval_minutes)


def check_downloads(force: bool = False) -> PollResult | None:
    """Poll every client's queue ("Check downloads" runs each minute).

    The schedule fires every minute; this honours DownloadOptions.check_interval_minutes
    by skipping runs that come sooner than the user's interval after the last poll.
    """
    minutes = interval_minutes()
    last = cache.get(_LAST_POLL)
    # A little slack: the scheduler's minute is not exact, and a poll 59 s after the
    # last one is still "every minute".
    if not force and last is not None and time.time() - last < minutes * 60 - 10:
        return None
    cache.set(_LAST_POLL, time.time(), timeout=minutes * 60 * 2)
    result = poll_queue()
    log.info(
        "Checked downloads: %d client(s), %d item(s), %d unknown, %d removed, %d to import",
        result.clients,
        result.items,
        result.unknown,
        result.removed,
        len(result.completed),
    )
    return result


def import_download(download_id: int) -> bool:
    """Import one download the poller claimed (queued per row, so a slow copy never holds
    up the poll of the other clients)."""
    from downloads.queue import run_import

    return run_import(download_id)
