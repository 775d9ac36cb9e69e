"""Activity → History: every grab, import, failure and removal, filtered and paged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from downloads.models import History
from movies.models import Movie

PAGE_SIZE = 50


def history(request: HttpRequest) -> HttpResponse:
    """Filters: `event` (one of History.Event) and `movie` (a movie id)."""
    rows = History.objects.select_related("movie", "user")
    event = request.GET.get("event", "")
    if event in History.Event.values:
        rows = rows.filter(event=event)
    else:
        event = ""
    movie = request.GET.get("movie", "")
    if movie.isdigit():
        rows = rows.filter(movie_id=int(movie))
    else:
        movie = ""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in (("event", event), ("movie", movie)) if v}
    context = {
        "page": page,
        "events": History.Event.choices,
        "event": event,
        "movie": movie,
        "movies": Movie.objects.filter(history__isnull=False).distinct().order_by("title", "year"),
        "filter_query": urlencode(filters),
    }
    template = "downloads/partials/history_table.html" if request.htmx else "downloads/history.html"
    return render(request, template, context)
