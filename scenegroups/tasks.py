"""The django-q2 entry points of the scene-group analysis ("Scene-group analysis" runs every
5 minutes; the analysis itself honours AnalysisSettings.interval_days).

Each run of a task reads at most one HDBits page (scenegroups.analysis.step), then, while
the analysis has pages left, leaves one one-off schedule at the time the pause ends, so a
worker is never held through the pause and queue polling or RSS sync never wait behind
it. The 5-minute schedule is the net: after a worker restart it finds the running run
whose pause has passed and carries on from its cursor.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime

from scenegroups import analysis
from scenegroups.models import AnalysisSettings

log = logging.getLogger(__name__)

TASK = analysis.TASK
NEXT_PAGE = f"{TASK}: next page"  # the one-off schedule's name (one at a time)
NEXT_PAGE_FUNC = "scenegroups.tasks.continue_analysis"


def interval_minutes() -> int:
    """How often an analysis really starts (Scene Groups → Settings; 0 = off)."""
    settings = AnalysisSettings.load()
    return settings.interval_days * 24 * 60 if settings.enabled else 0


def analyse_groups(force: bool = False) -> dict | None:
    """Carry on the running analysis when its pause has passed; else start one when the
    interval has passed since the last (or when `force`d: "Run now") and read its first
    page. None when there was nothing to do."""
    if analysis.running_run() is None:
        if not (force or analysis.analysis_due()):
            return None
        if analysis.start_analysis() is None:
            return None  # another worker started one a moment ago
    return continue_analysis()


def continue_analysis() -> dict | None:
    """Read the running analysis' next page if due, and book the step after it."""
    outcome = analysis.step()
    run = analysis.running_run()
    if run is not None and run.next_page_at is not None:
        schedule_next_page(run.next_page_at)
    return asdict(outcome) if outcome else None


def schedule_next_page(at: datetime) -> None:
    """One one-off schedule at `at` (moved there if one exists). Never raises: the
    5-minute schedule carries the analysis on if this fails."""
    from django_q.models import Schedule

    try:
        Schedule.objects.update_or_create(
            name=NEXT_PAGE,
            defaults={
                "func": NEXT_PAGE_FUNC,
                "schedule_type": Schedule.ONCE,
                "next_run": at,
                "repeats": -1,
                # Its runs show under the analysis' own row on System → Tasks.
                "kwargs": repr({"q_options": {"group": TASK}}),
            },
        )
    except Exception:
        log.exception("Could not schedule the next page of the scene-group analysis")
