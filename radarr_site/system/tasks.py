"""System → Tasks: every scheduled task with its last and next run, "Run now", live progress."""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django_q.models import OrmQ, Schedule, Task
from django_q.tasks import async_task

from radarr_site.accounts.decorators import admin_required
from radarr_site.housekeeping import stale_before
from radarr_site.models import TaskProgress
from radarr_site.schedules import BY_NAME, SCHEDULES, ScheduledTask

QUEUE_SCAN_LIMIT = 500  # queued payloads are decoded one by one; a long queue is shown as a count


def every(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"every {minutes // 1440} day(s)"
    if minutes % 60 == 0:
        return f"every {minutes // 60} hour(s)"
    return f"every {minutes} minute(s)"


def shown(value) -> str:
    """A result value as words: yes/no, lists joined, nothing for empty."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def effective_minutes(task: ScheduledTask) -> int | None:
    """The minutes a self-gated task really runs every (None for an ordinary task)."""
    if not task.effective_minutes:
        return None
    module, _, name = task.effective_minutes.rpartition(".")
    return int(getattr(import_module(module), name)())


def last_run(task: ScheduledTask) -> Task | None:
    """The task's latest run; for a self-gated task the latest that did work (its
    skipped runs return None), so a skip a minute later does not hide the outcome."""
    recent = Task.objects.filter(group=task.name).order_by("-started")
    if not task.effective_minutes:
        return recent.first()
    runs = list(recent[:50])
    return next(
        (t for t in runs if t.result is not None or not t.success), runs[0] if runs else None
    )


@dataclass
class TaskRow:
    """One scheduled task as the page shows it."""

    task: ScheduledTask
    next_run: datetime | None
    last: Task | None
    progress: TaskProgress | None
    queued: int

    @property
    def duration(self) -> timedelta | None:
        if self.last and self.last.started and self.last.stopped:
            return self.last.stopped - self.last.started
        return None

    @property
    def duration_text(self) -> str:
        if self.duration is None:
            return ""
        seconds = self.duration.total_seconds()
        if seconds < 60:
            return f"{seconds:.1f} s"
        return str(timedelta(seconds=int(seconds)))

    effective_minutes: int | None = None  # a self-gated task's real interval

    @property
    def interval(self) -> str:
        if self.effective_minutes is None or self.effective_minutes == self.task.minutes:
            return every(self.task.minutes)
        if self.effective_minutes == 0:
            return f"off (checked {every(self.task.minutes)})"
        return f"{every(self.effective_minutes)} (checked {every(self.task.minutes)})"

    @property
    def result_text(self) -> str:
        """The task's return value ("key: value, ...") or its error text."""
        result = self.last.result if self.last else None
        if is_dataclass(result) and not isinstance(result, type):
            result = asdict(result)
        if isinstance(result, dict):
            return ", ".join(
                f"{key.replace('_', ' ')}: {shown(value)}" for key, value in result.items()
            )
        text = "" if result is None else str(result)
        # django-q stores a failure as "<error> : <traceback>"; the page shows the error,
        # the traceback is in the log.
        return text.split(" : Traceback (most recent call last)", 1)[0]

    @property
    def running(self) -> bool:
        return bool(self.progress and self.progress.state == TaskProgress.RUNNING)


def _queue_head():
    # The group and function live in the signed payload, so they cannot be filtered in SQL:
    # scan the oldest rows, in queue order, so a long queue always shows the same head.
    return OrmQ.objects.order_by("id")[:QUEUE_SCAN_LIMIT]


def queued_by_group() -> dict[str, int]:
    """How many queued (not yet picked up) tasks each group has."""
    counts: dict[str, int] = {}
    for item in _queue_head():
        group = item.group()
        if group:
            counts[group] = counts.get(group, 0) + 1
    return counts


def already_active(task: ScheduledTask) -> bool:
    """True while a run of `task` waits in the queue (or is being worked on: the ORM
    broker keeps the row until the run ends), or its progress is running and alive."""
    for item in _queue_head():
        if item.group() == task.name or item.func() == task.func:
            return True
    return TaskProgress.objects.filter(
        name=task.name, state=TaskProgress.RUNNING, updated_at__gte=stale_before()
    ).exists()


def enqueue_unless_active(task: ScheduledTask) -> bool:
    """Queue one manual run of `task` unless one is already queued or running; True if queued.

    The check and the enqueue hold the task's django-q Schedule row locked, so two
    "Run now" clicks at once (two tabs, a double click) cannot both pass the check.
    """
    with transaction.atomic():
        list(Schedule.objects.select_for_update().filter(name=task.name))
        if already_active(task):
            return False
        async_task(
            task.func, group=task.name, task_name=f"{task.name} (manual)", **task.run_now_kwargs
        )
        return True


def task_rows() -> list[TaskRow]:
    """Scheduled runs and "Run now" both use the schedule name as the django-q group."""
    schedules = {s.name: s for s in Schedule.objects.filter(name__in=BY_NAME)}
    progress = {p.name: p for p in TaskProgress.objects.filter(name__in=BY_NAME)}
    queued = queued_by_group()
    rows = []
    for task in SCHEDULES:
        schedule = schedules.get(task.name)
        rows.append(
            TaskRow(
                task=task,
                next_run=schedule.next_run if schedule else None,
                last=last_run(task),
                progress=progress.get(task.name),
                queued=queued.get(task.name, 0),
                effective_minutes=effective_minutes(task),
            )
        )
    return rows


def _context() -> dict:
    rows = task_rows()
    return {
        "rows": rows,
        "queue_size": OrmQ.objects.count(),
        "busy": any(row.running or row.queued for row in rows),
    }


@admin_required
def tasks(request: HttpRequest) -> HttpResponse:
    return render(request, "system/tasks.html", _context())


@admin_required
def tasks_table(request: HttpRequest) -> HttpResponse:
    """The table alone, polled by HTMX while a task runs or waits.

    A plain GET (the fragment URL as sign-in's `next`, a bookmark) goes to the Tasks page
    instead of a bare fragment.
    """
    if not request.htmx:
        response = redirect("system:tasks")
    else:
        response = render(request, "system/partials/tasks_table.html", _context())
    # One URL, two answers: caches must key on the HX-Request header.
    patch_vary_headers(response, ["HX-Request"])
    return response


@admin_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    task = BY_NAME.get(request.POST.get("name", ""))
    if task is None:
        raise Http404("No such task.")
    notice = error = ""
    if enqueue_unless_active(task):
        notice = f"{task.name} is queued."
    else:
        error = f"{task.name} is already queued or running."
    if request.htmx:
        context = {**_context(), "notice": notice, "error": error}
        return render(request, "system/partials/tasks_table.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("system:tasks")
