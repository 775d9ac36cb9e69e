"""Housekeeping: trim old task results and progress records, let SQLite tune itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone
from django_q.models import Failure, Success

from radarr_site.models import TaskProgress

KEEP_SUCCESSES = timedelta(days=7)
KEEP_FAILURES = timedelta(days=30)  # failures are kept longer: someone may still look
KEEP_PROGRESS = timedelta(days=7)


def trim_old_rows(now: datetime | None = None) -> dict[str, int]:
    """Delete task results and finished progress records past their keep time."""
    now = now or timezone.now()
    successes, _ = Success.objects.filter(stopped__lt=now - KEEP_SUCCESSES).delete()
    failures, _ = Failure.objects.filter(stopped__lt=now - KEEP_FAILURES).delete()
    progress, _ = (
        TaskProgress.objects.exclude(state=TaskProgress.RUNNING)
        .filter(finished_at__lt=now - KEEP_PROGRESS)
        .delete()
    )
    return {"successes": successes, "failures": failures, "progress": progress}


def optimise_database() -> bool:
    """Run SQLite's `PRAGMA optimize`; True when it ran (a no-op on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
    return True
