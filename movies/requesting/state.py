"""What the Requests page shows: whose requests, the movie's state once approved, and the
changes a requester has not yet seen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from movies.models.requests import MovieRequest, RequestStatus
from radarr_site.accounts.roles import is_admin

# The changes a requester is told about.
TOLD_STATUSES = (RequestStatus.AVAILABLE, RequestStatus.FAILED, RequestStatus.DECLINED)


@dataclass(frozen=True)
class RequestState:
    """An approved request's movie as the page shows it: "Available", "Downloading" (with
    `percent`, 0 to 100), "Searching", "Missing — <what the last search said>" or
    "In the library, not monitored" (added unmonitored another way: nothing searches for
    it); `movie_url` is the movie's page."""

    label: str
    percent: int | None
    movie_url: str


def requests_visible_to(user: AbstractBaseUser) -> QuerySet[MovieRequest]:
    """Every request for an admin; a member's own otherwise. Newest first."""
    rows = MovieRequest.objects.select_related("requested_by", "decided_by", "movie")
    if is_admin(user):
        return rows
    return rows.filter(requested_by=user)


def request_states(
    requests: Iterable[MovieRequest], viewer: AbstractBaseUser | None = None
) -> dict[int, RequestState]:
    """{request pk: state} for the approved/available requests that have a movie (others
    have no entry); one query for the movies and one for the downloads, whatever the count.

    A movie still wanted is "Searching" until a search has finished since the approval
    (the search it queued, or a later one); after that it is "Missing" with that search's
    outcome, since nothing is looking for it until the next search (RSS, scheduled,
    the Search button). The outcome's words (indexer and client settings) are for an
    admin `viewer`; anyone else reads a plain "no release yet"."""
    from downloads import services as download_services
    from movies.models import Movie

    requests = list(requests)
    decided = {req.pk: req.decided_at for req in requests}
    wanted = {
        req.pk: req.movie_id
        for req in requests
        if req.movie_id and req.status in (RequestStatus.APPROVED, RequestStatus.AVAILABLE)
    }
    if not wanted:
        return {}
    movies = {
        pk: (has_file, monitored)
        for pk, has_file, monitored in Movie.objects.filter(
            pk__in=set(wanted.values())
        ).values_list("pk", "has_file", "monitored")
    }
    has_file = {pk: facts[0] for pk, facts in movies.items()}
    admin = viewer is not None and is_admin(viewer)
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
        elif not movies[movie_pk][1]:
            # Added unmonitored (Add movie, the API) and the admin's choice is kept.
            states[req_pk] = RequestState(NOT_MONITORED, None, url)
        else:
            label = _waiting_label(movie_pk, decided.get(req_pk), admin)
            states[req_pk] = RequestState(label, None, url)
    return states


NOT_MONITORED = "In the library, not monitored"
MISSING_MESSAGE_CHARS = 80
MEMBER_MISSING = "Missing — no release yet; it will be searched again"
# indexers keep a movie's last search for 30 days (outcomes.LAST_SEARCH_SECONDS): an
# approval older than that with no outcome kept is not still being searched.
LAST_SEARCH_KEPT = timedelta(days=30)


def _waiting_label(movie_pk: int, decided_at: datetime | None, admin: bool) -> str:
    """ "Searching" while no search of the movie has finished since the approval, else
    "Missing — <its outcome>" (shortened; the outcome for admins only)."""
    from indexers import services as indexer_services

    last = indexer_services.last_search(movie_pk)
    if last is None and decided_at is not None and decided_at < timezone.now() - LAST_SEARCH_KEPT:
        return "Missing — not found yet"
    if last is None or (decided_at is not None and last.when < decided_at):
        return "Searching"
    if not admin:
        return MEMBER_MISSING
    message = " ".join((last.message or "no release accepted yet").split())
    if len(message) > MISSING_MESSAGE_CHARS:
        message = message[: MISSING_MESSAGE_CHARS - 1].rstrip() + "…"
    return f"Missing — {message}"


def unseen_changes(user: AbstractBaseUser) -> list[MovieRequest]:
    """The user's requests that became available, failed or were declined since they last
    looked, newest first."""
    return list(
        MovieRequest.objects.filter(
            requested_by=user, seen_by_requester=False, status__in=TOLD_STATUSES
        )
    )


def mark_seen(user: AbstractBaseUser, ids: Iterable[int]) -> int:
    """Mark these of the user's own requests seen; another user's ids are ignored."""
    return MovieRequest.objects.filter(requested_by=user, pk__in=list(ids)).update(
        seen_by_requester=True
    )
