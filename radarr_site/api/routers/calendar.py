"""API v3: calendar — the library's movies released (in cinemas, digitally or physically)
in a window of days, as MovieResources."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from movies import services
from radarr_site.api.core import invalid
from radarr_site.api.resources.movie import MovieResource, movie_resources

router = Router(tags=["calendar"])


def _calendar_date(name: str, value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    text = value.strip()
    try:
        if "T" in text or " " in text:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.date()
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise invalid({name: f"{value!r} is not a date (use 2025-01-31)."}, {name: value}) from exc


@router.get("/calendar", response=list[MovieResource])
def calendar(
    request: HttpRequest,
    start: str | None = None,
    end: str | None = None,
    unmonitored: bool = False,
) -> list[dict]:
    """Movies with a cinema, digital or physical release in [start, end] (today to today + 2
    days by default, as Radarr); monitored ones only unless unmonitored=true."""
    today = timezone.localdate()
    first = _calendar_date("start", start, today)
    last = _calendar_date("end", end, today + dt.timedelta(days=2))
    if last < first:
        raise invalid({"end": "The end is before the start."}, {"end": end})
    span = (first, last)
    movies = services.library_movies().filter(
        Q(in_cinemas__range=span) | Q(digital_release__range=span) | Q(physical_release__range=span)
    )
    if not unmonitored:
        movies = movies.filter(monitored=True)
    return movie_resources(movies)
