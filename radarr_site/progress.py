"""Progress of long tasks, written by the task and polled by the UI (System → Tasks)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from radarr_site.models import TaskProgress


def start(name: str, total: int, message: str = "") -> None:
    """Begin (or restart) the progress record of task `name`."""
    TaskProgress.objects.update_or_create(
        name=name,
        defaults={
            "state": TaskProgress.RUNNING,
            "done": 0,
            "total": total,
            "message": message[:500],
            "started_at": timezone.now(),
            "finished_at": None,
        },
    )


def advance(name: str, step: int = 1, message: str | None = None) -> None:
    """Count `step` more items done; one short UPDATE, safe to call per item."""
    fields: dict = {"done": F("done") + step, "updated_at": timezone.now()}
    if message is not None:
        fields["message"] = message[:500]
    TaskProgress.objects.filter(name=name).update(**fields)


def finish(name: str, message: str = "", failed: bool = False) -> None:
    TaskProgress.objects.filter(name=name).update(
        state=TaskProgress.FAILED if failed else TaskProgress.DONE,
        message=message[:500],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def get(name: str) -> TaskProgress | None:
    return TaskProgress.objects.filter(name=name).first()
