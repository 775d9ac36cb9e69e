"""Activity → Queue: what the clients are downloading, with live progress and actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from downloads import services
from downloads.models import Download
from radarr_site.accounts.decorators import admin_required
from radarr_site.http.errors import IntegrationError

PAGE_SIZE = 50
_DONE = {
    "pause": "paused",
    "resume": "resumed",
    "remove": "removed",
    "blocklist": "removed and blocklisted",
}


def _queue_context(request: HttpRequest) -> dict:
    rows = (
        Download.objects.filter(state__in=Download.ACTIVE_STATES)
        .select_related("movie", "client")
        .order_by("grabbed_at", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    downloads = list(page.object_list)
    for download in downloads:
        download.percent = round(download.progress * 100, 1)
        download.eta_text = eta_text(download.eta_seconds)
    return {"page": page, "downloads": downloads, "outages": services.client_outages()}


def eta_text(seconds: int | None) -> str:
    """'1h 05m', '4m 10s', or a dash when unknown."""
    if not seconds:
        return "\u2013"
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 24:
        return f"{hours // 24}d {hours % 24}h"
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


def queue(request: HttpRequest) -> HttpResponse:
    """The queue page; with HTMX (its 3-second poll) only the table is rendered."""
    context = _queue_context(request)
    if request.htmx:
        return render(request, "downloads/partials/queue_table.html", context)
    return render(request, "downloads/queue.html", context)


def _respond(request: HttpRequest) -> HttpResponse:
    """The table and, out of band, the action's message: the message lives outside the
    polled table, so the next 3-second poll does not wipe it."""
    if request.htmx:
        context = _queue_context(request) | {"oob": True}
        table = render(request, "downloads/partials/queue_table.html", context)
        messages_box = render(request, "downloads/partials/queue_messages.html", context)
        return HttpResponse(table.content + messages_box.content)
    return redirect("activity:queue")


@require_POST
@admin_required
def queue_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """pause, resume, remove (with `delete_files`), or blocklist (with `search`)."""
    download = get_object_or_404(Download.objects.select_related("client", "movie"), pk=pk)
    delete_files = request.POST.get("delete_files") == "on"
    try:
        if action == "pause":
            services.pause_download(download)
        elif action == "resume":
            services.resume_download(download)
        elif action == "remove":
            services.remove_download(download, delete_files=delete_files, user=request.user)
        elif action == "blocklist":
            services.blocklist_download(
                download,
                delete_files=delete_files,
                search=request.POST.get("search") == "on",
                user=request.user,
            )
        else:
            return HttpResponse("Unknown action.", status=400)
    except (IntegrationError, ValueError) as exc:
        messages.error(request, f"{download.source_title}: {exc}")
    else:
        messages.success(request, f"{download.source_title}: {_DONE[action]}.")
    return _respond(request)
