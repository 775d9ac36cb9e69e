"""Why a request (or an admin's decision on one) is refused, in sentences for the page."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from radarr_site.accounts.roles import is_admin


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
    """Someone has an open (pending or approved) request for the movie.

    Only an admin or the requester (the `viewer`) is told who asked and given `url`, the
    request's page; another member hears that someone in the household did, with a link
    to the movie when it is in the library already (nothing else of theirs to see)."""

    def __init__(self, request, viewer=None) -> None:
        status = request.get_status_display().lower()
        if viewer is not None and (is_admin(viewer) or viewer.pk == request.requested_by_id):
            who = "you" if viewer.pk == request.requested_by_id else request.requested_by
            message = f"{request.title} has already been requested by {who} ({status})."
            url = reverse("movies:request_detail", args=[request.pk])
        else:
            message = f"Someone in the household has already requested {request.title} ({status})."
            url = reverse("movies:detail", args=[request.movie_id]) if request.movie_id else ""
        super().__init__(message, url)
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
