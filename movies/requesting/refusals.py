"""Why a request (or an admin's decision on one) is refused, in sentences for the page."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone


def long_date(moment: datetime) -> str:
    """'4 December 2026' in the site's time zone (no leading zero, as people write it)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local.day} {local:%B %Y}"


class RequestRefused(Exception):
    """A request that cannot go ahead; `message` is fit for the page, `url` links to what
    already exists ("" when nothing does)."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return self.message


class AlreadyInLibrary(RequestRefused):
    """The movie is in the library already; `url` is its page."""

    def __init__(self, movie) -> None:
        super().__init__(
            f"{movie} is already in the library.", reverse("movies:detail", args=[movie.pk])
        )
        self.movie = movie


class AlreadyRequested(RequestRefused):
    """Someone has an open (pending or approved) request for the movie; `url` is its row
    on the Requests page."""

    def __init__(self, request) -> None:
        who = request.requested_by
        super().__init__(
            f"{request.title} has already been requested by {who} "
            f"({request.get_status_display().lower()}).",
            f"/requests/#request-{request.pk}",
        )
        self.request = request


class OverQuota(RequestRefused):
    """The user has used their requests for the period; names the next allowed date."""

    def __init__(self, next_allowed: datetime, limit: int, days: int) -> None:
        noun = "request" if limit == 1 else "requests"
        period = "day" if days == 1 else f"{days} days"
        super().__init__(
            f"You have used your {limit} {noun} per {period}; "
            f"your next request is allowed on {long_date(next_allowed)}."
        )
        self.next_allowed = next_allowed
        self.limit = limit
        self.days = days
