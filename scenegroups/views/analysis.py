"""The analysis as the Scene Groups pages show it: the last run's state with live
progress, "Run analysis now", and the analysis settings (admin only)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from indexers.models import Indexer
from radarr_site import progress
from radarr_site.accounts.decorators import admin_required
from radarr_site.models import TaskProgress
from radarr_site.schedules import BY_NAME
from radarr_site.system.tasks import enqueue_unless_active
from scenegroups.forms import AnalysisSettingsForm
from scenegroups.models import AnalysisRun, AnalysisSettings

# The analysis' schedule name: also its progress record and its django-q group.
PROGRESS_KEY = "Scene-group analysis"
# A running run that has not moved for this long is taken as stopped (a worker died):
# "Run now" then queues the task again, which resumes it at its cursor.
STALLED_AFTER = timedelta(minutes=10)


def run_context() -> dict:
    """The last run, its progress record, and whether the page should keep polling."""
    run = AnalysisRun.objects.first()
    record = progress.get(PROGRESS_KEY)
    running = bool(
        (run and run.state == AnalysisRun.State.RUNNING)
        or (record and record.state == TaskProgress.RUNNING)
    )
    return {"run": run, "progress": record, "running": running}


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
    """The run's state alone, polled by HTMX while a run is going; a plain GET (a
    bookmark, sign-in's `next`) goes to the list page instead of a bare fragment."""
    if not request.htmx:
        response = redirect("scenegroups:list")
    else:
        response = render(request, "scenegroups/partials/run_status.html", run_context())
    patch_vary_headers(response, ["HX-Request"])
    return response


@admin_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    refusal = queue_analysis()
    notice = "" if refusal else "The scene-group analysis is queued."
    if request.htmx:
        context = {**run_context(), "notice": notice, "error": refusal}
        return render(request, "scenegroups/partials/run_status.html", context)
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, notice)
    return redirect("scenegroups:list")


def analysis_indexer() -> Indexer | None:
    """The HDBits indexer the analysis reads through: the first enabled one."""
    enabled = (
        Q(enable_rss=True) | Q(enable_automatic_search=True) | Q(enable_interactive_search=True)
    )
    return Indexer.objects.filter(enabled, kind="hdbits").order_by("priority", "name").first()


@admin_required
def analysis_settings(request: HttpRequest) -> HttpResponse:
    """Edit the analysis settings; a failed save shows the page again with the errors."""
    form = AnalysisSettingsForm(request.POST or None, instance=AnalysisSettings.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Scene-group analysis settings saved.")
        return redirect("scenegroups:settings")
    context = {"form": form, "indexer": analysis_indexer()}
    status = 400 if request.method == "POST" else 200
    return render(request, "scenegroups/settings.html", context, status=status)
