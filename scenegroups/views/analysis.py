"""The analysis as the Scene Groups pages show it: the last run's state with live
progress, "Run analysis now", "Cancel", "Recompute scores", and the analysis settings
(admin only)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from indexers import services as indexer_services
from radarr_site import progress
from radarr_site.accounts.decorators import admin_required
from radarr_site.models import TaskProgress
from radarr_site.schedules import BY_NAME
from radarr_site.system.tasks import enqueue_unless_active, queued_by_group
from scenegroups import analysis, services
from scenegroups.forms import AnalysisSettingsForm
from scenegroups.models import AnalysisRun, AnalysisSettings

log = logging.getLogger(__name__)

# The analysis' schedule name: also its progress record and its django-q group.
PROGRESS_KEY = "Scene-group analysis"
# A running run that has not moved for this long is taken as stopped (a worker died):
# "Run now" then queues the task again, which resumes it at its cursor.
STALLED_AFTER = timedelta(minutes=10)
# Sent (HX-Trigger) when a polled run has stopped: the groups table reloads itself on it.
GROUPS_CHANGED = "scenegroups-changed"


def page_being_read(run: AnalysisRun | None) -> bool:
    """True while a worker holds the run's page: claiming it moves next_page_at exactly
    LEASE past updated_at, so that time is the lease's end, not when the next page is due."""
    return bool(
        run
        and run.state == AnalysisRun.State.RUNNING
        and run.next_page_at
        and run.updated_at
        and run.next_page_at - run.updated_at == analysis.LEASE
    )


def run_context() -> dict:
    """The last run, its progress record, and whether the page should keep polling."""
    run = AnalysisRun.objects.first()
    record = progress.get(PROGRESS_KEY)
    running = bool(
        (run and run.state == AnalysisRun.State.RUNNING)
        or (record and record.state == TaskProgress.RUNNING)
        # queued but not yet picked up by a worker: no run or progress exists yet
        or PROGRESS_KEY in queued_by_group()
    )
    return {"run": run, "progress": record, "running": running, "reading": page_being_read(run)}


def active_run_message(now=None) -> str:
    """Why "Run now" should not queue another run while one is pacing its pages ("" when
    it should: none running, or one stalled, which the queued task then resumes)."""
    now = now or timezone.now()
    run = AnalysisRun.objects.first()
    if run is None or run.state != AnalysisRun.State.RUNNING:
        return ""
    if (
        run.updated_at
        and now - run.updated_at > STALLED_AFTER
        and (run.next_page_at is None or run.next_page_at <= now)
    ):
        return ""
    if page_being_read(run):
        return "The scene-group analysis is already running (reading a page now)."
    when = timezone.localtime(run.next_page_at).strftime("%H:%M:%S") if run.next_page_at else ""
    return "The scene-group analysis is already running" + (
        f" (next page at {when})." if when else "."
    )


def queue_analysis() -> str:
    """Queue one forced run of the analysis task, as System → Tasks' "Run now" does (one
    at a time, whoever clicks); the refusal, or "" when queued."""
    refusal = active_run_message()
    if not refusal and not enqueue_unless_active(BY_NAME[PROGRESS_KEY]):
        refusal = "The scene-group analysis is already queued or running."
    return refusal


def run_status(request: HttpRequest) -> HttpResponse:
    """The run's state alone, polled by HTMX while a run is going (the poll says so with
    `polling=1`: when it finds the run stopped, the groups table is told to reload); a
    plain GET (a bookmark, sign-in's `next`) goes to the list page instead of a fragment."""
    if not request.htmx:
        response = redirect("scenegroups:list")
    else:
        context = run_context()
        response = render(request, "scenegroups/partials/run_status.html", context)
        if request.GET.get("polling") and not context["running"]:
            trigger_client_event(response, GROUPS_CHANGED)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _answer(request: HttpRequest, notice: str, refusal: str, **overrides) -> HttpResponse:
    """The run card with the outcome (HTMX), or the list page with it as a message."""
    if request.htmx:
        context = {**run_context(), "notice": notice, "error": refusal, **overrides}
        return render(request, "scenegroups/partials/run_status.html", context)
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, notice)
    return redirect("scenegroups:list")


@admin_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    refusal = queue_analysis()
    if refusal:
        return _answer(request, "", refusal)
    # Queued, not yet started: no run or progress says "running" yet, so say it here or
    # the card would not poll and the run's progress would never show.
    return _answer(request, "The scene-group analysis is queued.", "", running=True)


@admin_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    """Stop the running analysis; what it read stays stored."""
    if analysis.cancel_analysis():
        return _answer(request, "The scene-group analysis is cancelled; what it read is kept.", "")
    return _answer(request, "", "No scene-group analysis is running.")


def rescore(request: HttpRequest) -> None:
    """Score every group again from the stored torrents (no HDBits request) and say how
    many were scored, or why it failed (the caller's own work, a save, still stands)."""
    try:
        scored = services.recompute_scores()
    except Exception as error:
        log.exception("Recomputing the scene-group scores failed")
        messages.error(request, f"Scoring the groups failed: {error}")
        return
    messages.success(request, f"Scored {scored} group(s) from the stored torrents.")


@admin_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    rescore(request)
    return redirect("scenegroups:list")


@admin_required
def analysis_settings(request: HttpRequest) -> HttpResponse:
    """Edit the analysis settings; a failed save shows the page again with the errors."""
    form = AnalysisSettingsForm(request.POST or None, instance=AnalysisSettings.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Scene-group analysis settings saved.")
        rescore(request)  # the confidence thresholds and categories change the scores
        return redirect("scenegroups:settings")
    context = {"form": form, "indexer": indexer_services.hdbits_indexer()}
    status = 400 if request.method == "POST" else 200
    return render(request, "scenegroups/settings.html", context, status=status)
