"""What the Requests page shows: whose requests, the movie's state once approved, and the
changes a requester has not yet seen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from movies.models.requests import MovieRequest, RequestStatus
from radarr_site.accounts.roles import is_admin

# The changes a requester is told about.
TOLD_STATUSES = (RequestStatus.AVAILABLE, RequestStatus.FAILED, RequestStatus.DECLINED)


@dataclass(frozen=True)
class RequestState:
    """An approved request's movie as the page shows it: "Available", "Downloading" (with
    `percent`, 0 to 100) or "Searching"; `movie_url` is the movie's page."""

    label: str
    percent: int | None
    movie_url: str


def requests_visible_to(user) -> QuerySet[MovieRequest]:
    """Every request for an admin; a member's own otherwise. Newest first."""
    rows = MovieRequest.objects.select_related("requested_by", "decided_by", "movie")
    if is_admin(user):
        return rows
    return rows.filter(requested_by=user)


def request_states(requests: Iterable[MovieRequest]) -> dict[int, RequestState]:
    """{request pk: state} for the approved/available requests that have a movie (others
    have no entry); one query for the movies and one for the downloads, whatever the count."""
    from downloads import services as download_services
    from movies.models import Movie

    wanted = {
        req.pk: req.movie_id
        for req in requests
        if req.movie_id and req.status in (RequestStatus.APPROVED, RequestStatus.AVAILABLE)
    }
    if not wanted:
        return {}
    has_file = dict(Movie.objects.filter(pk__in=set(wanted.values())).values_list("pk", "has_file"))
    waiting = [pk for pk in set(wanted.values()) if not has_file.get(pk)]
    progress = download_services.download_percents(waiting) if waiting else {}
    states = {}
    for req_pk, movie_pk in wanted.items():
        if movie_pk not in has_file:
            continue  # the movie was deleted after approval
        url = reverse("movies:detail", args=[movie_pk])
        if has_file[movie_pk]:
            states[req_pk] = RequestState("Available", None, url)
        elif movie_pk in progress:
            states[req_pk] = RequestState("Downloading", progress[movie_pk], url)
        else:
            states[req_pk] = RequestState("Searching", None, url)
    return states


def unseen_changes(user) -> list[MovieRequest]:
    """The user's requests that became available, failed or were declined since they last
    looked, newest first."""
    return list(
        MovieRequest.objects.filter(
            requested_by=user, seen_by_requester=False, status__in=TOLD_STATUSES
        )
    )


def mark_seen(user, ids) -> int:
    """Mark these of the user's own requests seen; another user's ids are ignored."""
    return MovieRequest.objects.filter(requested_by=user, pk__in=list(ids)).update(
        seen_by_requester=True
    )
