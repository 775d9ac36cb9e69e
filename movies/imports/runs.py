"""Library import runs: one scan record per root folder, held by one scan or import at a time.

A scan row's state changes by conditional updates, so two requests or workers never run
two scans (or a scan and an import) of one root folder at once.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from movies.models import LibraryScan, RootFolder, ScannedFolder
from radarr_site.housekeeping import stale_before

SCAN_TASK = "movies.tasks.scan_library"
IMPORT_TASK = "movies.tasks.import_library"
TASK_GROUP = "Library import"
# Up to this many folders import while the page waits; more go to a task with progress.
IMPORT_INLINE_LIMIT = 10
INTERRUPTED_REASON = "The import of this folder was interrupted; import it again to finish."


def scan_progress_name(root_folder: RootFolder) -> str:
    return f"Library scan {root_folder.pk}"


def import_progress_name(root_folder: RootFolder) -> str:
    return f"Library import {root_folder.pk}"


def scan_of(root_folder: RootFolder) -> LibraryScan:
    """The root folder's scan record (created empty the first time)."""
    scan, _ = LibraryScan.objects.get_or_create(root_folder=root_folder)
    return scan


def claim(scan: LibraryScan, state: str, user=None) -> bool:
    """Move the scan to `state` unless a live scan or import holds it; True if we got it.

    One conditional UPDATE, so two requests or workers cannot both pass. A busy state not
    touched for longer than the task timeout belongs to a run that died and is taken over;
    rows that run left half-imported are reset so they can be imported again.
    """
    now = timezone.now()
    free = ~Q(state__in=[LibraryScan.SCANNING, LibraryScan.IMPORTING]) | Q(
        updated_at__lt=stale_before(now)
    )
    fields = {"state": state, "updated_at": now, "message": ""}
    if state == LibraryScan.SCANNING:
        fields.update(started_at=now, finished_at=None, started_by=user)
    if not LibraryScan.objects.filter(free, pk=scan.pk).update(**fields):
        return False
    # Holding the scan means no other import runs, so a row still "importing" was left by a
    # worker that died: it goes back to matched, and importing it again finishes the job.
    ScannedFolder.objects.filter(scan_id=scan.pk, status=ScannedFolder.IMPORTING).update(
        status=ScannedFolder.MATCHED, reason=INTERRUPTED_REASON
    )
    return True


def release(scan: LibraryScan, message: str = "", failed: bool = False) -> None:
    now = timezone.now()
    LibraryScan.objects.filter(pk=scan.pk).update(
        state=LibraryScan.FAILED if failed else LibraryScan.IDLE,
        message=message[:500],
        finished_at=now,
        updated_at=now,
    )


def touch(scan: LibraryScan) -> None:
    LibraryScan.objects.filter(pk=scan.pk).update(updated_at=timezone.now())


def enqueue(func: str, scan: LibraryScan, task_name: str, *args) -> None:
    from django_q.tasks import async_task

    try:
        async_task(func, scan.pk, *args, group=TASK_GROUP, task_name=task_name)
    except Exception as exc:
        release(scan, f"Could not queue the task: {exc}", failed=True)
        raise
