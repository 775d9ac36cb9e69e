"""Housekeeping: close abandoned progress records, trim old task results and progress
records, let SQLite tune itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.models import Failure, Success

from radarr_site.models import TaskProgress

KEEP_SUCCESSES = timedelta(days=7)
KEEP_FAILURES = timedelta(days=30)  # failures are kept longer: someone may still look
KEEP_PROGRESS = timedelta(days=7)
STOPPED_MESSAGE = "stopped without finishing"


def stale_before(now: datetime | None = None) -> datetime:
    """Progress last updated before this moment belongs to a run that is no longer alive.

    django-q kills a task that runs past Q_CLUSTER["timeout"], and a live task touches
    its progress at least when it starts, so silence longer than that means it died.
    """
    return (now or timezone.now()) - timedelta(seconds=settings.Q_CLUSTER["timeout"])


def fail_stale_progress(now: datetime | None = None) -> int:
    """Mark "running" progress records that outlived the task timeout as failed."""
    now = now or timezone.now()
    return TaskProgress.objects.filter(
        state=TaskProgress.RUNNING, updated_at__lt=stale_before(now)
    ).update(
        state=TaskProgress.FAILED,
        message=STOPPED_MESSAGE,
        finished_at=now,
        updated_at=now,
    )


def trim_old_rows(now: datetime | None = None) -> dict[str, int]:
    """Fail abandoned progress records, then delete task results and finished progress
    records past their keep time."""
    now = now or timezone.now()
    stale = fail_stale_progress(now)
    successes, _ = Success.objects.filter(stopped__lt=now - KEEP_SUCCESSES).delete()
    failures, _ = Failure.objects.filter(stopped__lt=now - KEEP_FAILURES).delete()
    progress, _ = (
        TaskProgress.objects.exclude(state=TaskProgress.RUNNING)
        .filter(finished_at__lt=now - KEEP_PROGRESS)
        .delete()
    )
    return {
        "successes": successes,
        "failures": failures,
        "progress": progress,
        "stale_progress": stale,
    }


def optimise_database() -> bool:
    """Run SQLite's `PRAGMA optimize`; True when it ran (a no-op on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
    return True


# --- issue 8: API commands (POST /api/v3/command) ---
def trim_api_commands(now: datetime | None = None) -> dict[str, int]:
    """Record started API commands whose worker died as failed, and delete commands that
    ended (or were queued, when they never ended) over a week ago."""
    from radarr_site.api.commands import KEEP_FINISHED, STALE_AFTER, STALE_MESSAGE
    from radarr_site.models import ApiCommand

    now = now or timezone.now()
    stale = ApiCommand.objects.filter(
        status=ApiCommand.STARTED, started_at__lt=now - STALE_AFTER
    ).update(status=ApiCommand.FAILED, message=STALE_MESSAGE, ended_at=now)
    old, _ = (
        ApiCommand.objects.filter(queued_at__lt=now - KEEP_FINISHED)
        .exclude(status=ApiCommand.STARTED)
        .delete()
    )
    return {"api_commands": old, "stale_api_commands": stale}
