"""The django-q2 entry point of RSS sync ("RSS sync" runs every 5 minutes; this honours
IndexerOptions.rss_sync_interval_minutes).

Its TaskProgress row ("RSS sync", shown on System → Tasks) is both the interval marker
and the claim: a worker syncs only after a conditional UPDATE moved the row from "not
running, started long enough ago" to "running", so a second worker firing at the same
moment finds nothing to update and skips. A claim older than the task timeout belongs to
a worker that died and may be taken over.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from indexers.models import IndexerOptions
from radarr_site.housekeeping import stale_before
from radarr_site.models import TaskProgress

log = logging.getLogger(__name__)

TASK = "RSS sync"  # its schedule's name, so System → Tasks shows its progress
SLACK = timedelta(seconds=30)  # the scheduler's 5 minutes are not exact


def interval_minutes() -> int:
    """How often RSS sync really runs (Settings → Indexers → Options; 0 = off)."""
    return IndexerOptions.load().rss_sync_interval_minutes


def sync_rss(force: bool = False) -> dict | None:
    """Run rss_sync when the interval has passed since the last one (or `force`d);
    None when skipped: switched off, too soon, or another worker is syncing."""
    from indexers.rss.sync import rss_sync

    minutes = interval_minutes()
    if minutes == 0:
        return None
    now = timezone.now()
    if not _claim(now, timedelta(minutes=minutes), force):
        return None
    failed = True
    summary = {"indexers": 0, "new_items": 0, "matched": 0, "grabbed": 0}
    try:
        reports = rss_sync(now=now)
        summary = {
            "indexers": len(reports),
            "new_items": sum(r.new_items for r in reports),
            "matched": sum(r.matched for r in reports),
            "grabbed": sum(r.grabbed for r in reports),
        }
        failed = False
        return summary
    finally:
        TaskProgress.objects.filter(name=TASK).update(
            state=TaskProgress.FAILED if failed else TaskProgress.DONE,
            done=summary["indexers"],
            total=summary["indexers"],
            message=(
                "RSS sync failed"
                if failed
                else "{new_items} new, {matched} matched, {grabbed} grabbed".format(**summary)
            ),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def _claim(now: datetime, interval: timedelta, force: bool) -> bool:
    """Mark the sync running if no live run holds it and the interval has passed."""
    TaskProgress.objects.get_or_create(
        name=TASK,
        defaults={"state": TaskProgress.DONE, "started_at": now - interval, "finished_at": now},
    )
    free = ~Q(state=TaskProgress.RUNNING) | Q(updated_at__lt=stale_before(now))
    due = Q() if force else Q(started_at__lte=now - interval + SLACK)
    claimed = TaskProgress.objects.filter(free & due, name=TASK).update(
        state=TaskProgress.RUNNING,
        done=0,
        total=0,
        message="Reading RSS feeds",
        started_at=now,
        finished_at=None,
        updated_at=now,
    )
    return claimed == 1
