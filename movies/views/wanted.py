"""Wanted → Missing and Cutoff unmet: paged, sortable tables of the movies a search should
find, with "Search selected" / "Search all" (admins) queued as one background task whose
progress the page polls."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from movies.services import wanted_movies
from radarr_site.accounts.decorators import admin_required
from radarr_site.sorting import sort_links

log = logging.getLogger(__name__)

PAGE_SIZE = 50

TITLES = {"missing": "Missing", "cutoff": "Cutoff unmet"}
# Sort key → (label, order_by fields). Title is the tie-breaker everywhere.
SORTS = {
    "title": ("Title", ["sort_title"]),
    "year": ("Year", ["year", "sort_title"]),
    "in_cinemas": ("In cinemas", ["in_cinemas", "sort_title"]),
    "digital": ("Digital release", ["digital_release", "sort_title"]),
    "physical": ("Physical release", ["physical_release", "sort_title"]),
    "profile": ("Quality profile", ["quality_profile__name", "sort_title"]),
    "added": ("Added", ["added_at", "sort_title"]),
}


def _kind(kind: str) -> str:
    if kind not in TITLES:
        raise Http404("No such wanted list.")
    return kind


def _sort(request: HttpRequest) -> tuple[str, bool]:
    key = request.GET.get("sort", "title")
    if key not in SORTS:
        key = "title"
    return key, request.GET.get("dir") == "desc"


def _queue_states(movie_ids: list[int]) -> dict[int, str]:
    """The queue status of those movies that are downloading (one query per page): a
    missing movie stays on the list while its release downloads, as in Radarr."""
    from downloads.services import queue_states

    return queue_states(movie_ids)


def _progress(kind: str) -> dict:
    """The wanted search as this list's page shows it (indexers.services.wanted_progress)."""
    from indexers import services as indexer_search

    found = indexer_search.wanted_progress(kind)
    return {
        "progress": found.record,
        "running": found.running,
        "other_kind": TITLES.get(found.other_kind, ""),
    }


@require_GET
def wanted(request: HttpRequest, kind: str) -> HttpResponse:
    """Every signed-in user sees the lists; the search buttons are for admins."""
    kind = _kind(kind)
    key, descending = _sort(request)
    fields = SORTS[key][1]
    order = [f"-{fields[0]}", *fields[1:]] if descending else fields
    movies = wanted_movies(kind).select_related("quality_profile").order_by(*order)
    if kind == "cutoff":
        movies = movies.prefetch_related("files")
    page = Paginator(movies, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read once: the rows carry their queue state
    queue = _queue_states([m.pk for m in page.object_list])
    for movie in page.object_list:
        movie.queue_state = queue.get(movie.pk, "")
    context = {
        "kind": kind,
        "title": TITLES[kind],
        "kinds": TITLES,
        "page": page,
        "sort_links": sort_links(SORTS, key, descending),
        "sort": key,
        "descending": descending,
        **_progress(kind),
    }
    return render(request, "movies/wanted.html", context)


@admin_required
@require_POST
def wanted_search(request: HttpRequest, kind: str) -> HttpResponse:
    """Queue the wanted search for the ticked movies ("selected") or the whole list ("all");
    refused while one runs (the indexers app's progress record is the lock)."""
    from indexers import services as indexer_search

    kind = _kind(kind)
    movie_ids: list[int] | None = None
    if request.POST.get("scope") != "all":
        ticked = {int(v) for v in request.POST.getlist("movie") if v.isdigit()}
        movie_ids = list(wanted_movies(kind).filter(pk__in=ticked).values_list("pk", flat=True))
        if not movie_ids:
            messages.error(request, "Tick the movies to search first.")
            return _back(request, kind)
    total = len(movie_ids) if movie_ids is not None else wanted_movies(kind).count()
    try:
        queued = indexer_search.queue_wanted_search(kind, movie_ids)
    except Exception:
        log.exception("Could not queue the wanted search")
        messages.error(request, "Could not queue the search; see the log.")
        return _back(request, kind)
    if queued:
        indexer_search.remember_wanted_kind(kind)
    if not queued:
        messages.error(request, "A wanted search is already running; wait for it to end.")
    else:
        noun = "movie" if total == 1 else "movies"
        messages.success(request, f"Search queued for {total} {TITLES[kind].lower()} {noun}.")
    return _back(request, kind)


def _back(request: HttpRequest, kind: str) -> HttpResponse:
    url = reverse(f"movies:wanted_{kind}")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
def wanted_progress(request: HttpRequest) -> HttpResponse:
    """The progress box the page polls while a search runs (?kind= names the page)."""
    kind = request.GET.get("kind", "missing")
    context = {"kind": _kind(kind), **_progress(kind)}
    return render(request, "movies/partials/wanted_progress.html", context)
