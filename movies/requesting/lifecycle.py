"""A request's life: asked for (duplicates and quota refused), approved (the movie added
and searched), declined, or failed when the movie could not be added.

Decisions are claimed with conditional updates, so two admins (or an admin and the
auto-approval) never approve the same request twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from movies.models import Movie, QualityProfile, RootFolder
from movies.models.requests import (
    OPEN_STATUSES,
    MovieRequest,
    RequesterProfile,
    RequestStatus,
)
from movies.requesting.quota import quota_for
from movies.requesting.refusals import (
    AlreadyInLibrary,
    AlreadyRequested,
    OverQuota,
    RequestRefused,
)
from radarr_site import events
from radarr_site.accounts.roles import is_admin
from radarr_site.http import IntegrationError

log = logging.getLogger(__name__)

AUTO_APPROVE = "movies.auto_approve_request"


def _open_request(tmdb_id: int) -> MovieRequest | None:
    return (
        MovieRequest.objects.select_related("requested_by")
        .filter(tmdb_id=tmdb_id, status__in=OPEN_STATUSES)
        .first()
    )


def _refuse_duplicates(tmdb_id: int, user: AbstractBaseUser) -> None:
    movie = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if movie is not None:
        raise AlreadyInLibrary(movie)
    existing = _open_request(tmdb_id)
    if existing is not None:
        raise AlreadyRequested(existing, viewer=user)


def request_movie(user: AbstractBaseUser, tmdb_id: int, note: str = "") -> MovieRequest:
    """Ask for a movie; RequestRefused (or a subclass) when it cannot be asked for.

    The title, year and poster come from TMDB; if TMDB fails nothing is stored. A user
    allowed to auto-approve has the request approved at once, by themselves.
    """
    from movies import services  # tests patch lookup_movie there

    try:
        tmdb_id = int(tmdb_id)
    except (TypeError, ValueError):
        tmdb_id = 0
    if tmdb_id <= 0:
        raise RequestRefused("Choose a movie from the search results.")
    _refuse_duplicates(tmdb_id, user)
    if not is_admin(user):
        quota = quota_for(user)
        if quota.remaining == 0:
            raise OverQuota(quota.next_allowed, quota.limit, quota.days)
    try:
        details = services.lookup_movie(tmdb_id)
    except IntegrationError as exc:
        raise RequestRefused(exc.message) from exc
    except ValueError as exc:  # an id the TMDB client refuses before calling
        raise RequestRefused(str(exc)) from exc
    try:
        with transaction.atomic():
            if not is_admin(user):
                # Serialises one user's concurrent requests so the quota holds: a row lock
                # on PostgreSQL; on SQLite (transaction_mode IMMEDIATE) this outermost
                # atomic() already took the database's write lock at BEGIN.
                get_user_model().objects.select_for_update().filter(pk=user.pk).first()
                quota = quota_for(user)
                if quota.remaining == 0:
                    raise OverQuota(quota.next_allowed, quota.limit, quota.days)
            # Asking TMDB took a while: the movie may have been added meanwhile (Add movie,
            # the API), and a pending request for a library movie would wait for nothing.
            movie = Movie.objects.filter(tmdb_id=tmdb_id).first()
            if movie is not None:
                raise AlreadyInLibrary(movie)
            req = MovieRequest.objects.create(
                tmdb_id=details.tmdb_id,
                title=details.title,
                year=details.year,
                poster_path=details.poster_path or "",
                requested_by=user,
                note=(note or "").strip()[:500],
            )
    except IntegrityError:
        # Someone else requested it between our check and our insert.
        existing = _open_request(tmdb_id)
        if existing is None:
            raise
        raise AlreadyRequested(existing, viewer=user) from None
    log.info("%s requested %s (tmdb %s)", user, req.title, req.tmdb_id)
    if user.has_perm(AUTO_APPROVE):
        return approve_request(req, by=user)
    return req


Defaults = tuple[QualityProfile | None, RootFolder | None]


def request_defaults(user: AbstractBaseUser) -> Defaults:
    """What the user's approved requests are added with: their profile's choices, else
    the first quality profile and root folder (by pk)."""
    return requests_defaults([user.pk])[user.pk]


def requests_defaults(user_ids: Iterable[int]) -> dict[int, Defaults]:
    """request_defaults for many users at once ({user pk: (profile, folder)}): three
    queries however many users (a page of requests from the whole household)."""
    ids = set(user_ids)
    household = (
        QualityProfile.objects.order_by("pk").first(),
        RootFolder.objects.order_by("pk").first(),
    )
    own = {
        profile.user_id: profile
        for profile in RequesterProfile.objects.filter(user_id__in=ids).select_related(
            "quality_profile", "root_folder"
        )
    }
    defaults = {}
    for user_id in ids:
        profile = own.get(user_id)
        defaults[user_id] = (
            (profile.quality_profile if profile else None) or household[0],
            (profile.root_folder if profile else None) or household[1],
        )
    return defaults


def _claim(req: MovieRequest, from_statuses, **changes) -> bool:
    """Move the request on only if it is still in one of `from_statuses` (one winner)."""
    claimed = MovieRequest.objects.filter(pk=req.pk, status__in=from_statuses).update(**changes)
    if claimed:
        for name, value in changes.items():
            setattr(req, name, value)
    return bool(claimed)


def fail_request(req: MovieRequest, reason: str) -> MovieRequest:
    """Mark the request failed with the reason; the requester is told (page and notifications)."""
    with transaction.atomic():
        req.status = RequestStatus.FAILED
        req.failure_reason = reason[:500]
        req.seen_by_requester = False
        req.save(update_fields=["status", "failure_reason", "seen_by_requester"])
        events.request_changed.send(sender=MovieRequest, request=req, status=req.status)
    log.warning("Request %s for %s failed: %s", req.pk, req.title, reason)
    return req


def mark_available(req: MovieRequest) -> MovieRequest:
    """The requested movie has a file: tell the requester (page and notifications)."""
    with transaction.atomic():
        if not _claim(
            req,
            [RequestStatus.APPROVED],
            status=RequestStatus.AVAILABLE,
            available_at=timezone.now(),
            seen_by_requester=False,
        ):
            return req
        events.request_changed.send(sender=MovieRequest, request=req, status=req.status)
    return req


def approve_request(
    req: MovieRequest,
    by: AbstractBaseUser,
    *,
    quality_profile: QualityProfile | None = None,
    root_folder: RootFolder | None = None,
    search: bool = True,
) -> MovieRequest:
    """Approve a pending (or retry a failed) request: add the movie for the requester and
    queue its search. A failed add leaves the request failed, with the reason: whatever
    goes wrong once the request is claimed (TMDB, the disk, the database) fails it, so it
    never stays approved without a movie."""

    default_quality, default_folder = request_defaults(req.requested_by)
    quality_profile = quality_profile or default_quality
    root_folder = root_folder or default_folder
    try:
        with transaction.atomic():  # a savepoint: the IntegrityError below leaves the caller's
            claimed = _claim(
                req,
                [RequestStatus.PENDING, RequestStatus.FAILED],
                status=RequestStatus.APPROVED,
                decided_at=timezone.now(),
                decided_by=by,
                failure_reason="",
                quality_profile=quality_profile,
                root_folder=root_folder,
            )
    except IntegrityError:
        # A failed request retried while someone else's request for the movie is open.
        existing = _open_request(req.tmdb_id)
        if existing is None:
            raise
        raise AlreadyRequested(existing, viewer=by) from None
    if not claimed:
        req.refresh_from_db()
        raise RequestRefused(
            f"The request for {req.title} is {req.get_status_display().lower()}; "
            "only pending or failed requests can be approved."
        )
    if quality_profile is None or root_folder is None:
        missing = "quality profile" if quality_profile is None else "root folder"
        return fail_request(req, f"There is no {missing} to add the movie with.")
    # No transaction around this: adding asks TMDB, and a transaction would hold the
    # database's write lock (SQLite) for that long. A step that fails part way leaves at
    # most the movie added; approving the failed request again links it.
    try:
        return _add_for(req, by, quality_profile, root_folder, search)
    except Exception as exc:
        if isinstance(exc, IntegrationError):
            reason = exc.message
        elif isinstance(exc, ValueError):
            reason = str(exc)
        else:
            log.exception("Approving request %s (%s) failed", req.pk, req.title)
            reason = (
                f"Could not add the movie: an unexpected error ({type(exc).__name__}); "
                "the log has the details."
            )
        return fail_request(req, reason)


def _add_for(
    req: MovieRequest,
    by: AbstractBaseUser,
    quality_profile: QualityProfile,
    root_folder: RootFolder,
    search: bool,
) -> MovieRequest:
    """The claimed request's movie: added (or the library's linked, monitored), searched."""
    from movies import services

    try:
        movie = services.add_movie(
            req.tmdb_id,
            root_folder=root_folder,
            quality_profile=quality_profile,
            monitored=True,
            added_by=req.requested_by,
        )
    except services.MovieExists as exc:
        movie = exc.movie
        req.movie = movie
        req.save(update_fields=["movie"])
        if movie.has_file:
            return mark_available(req)
        if not movie.monitored:
            # Asked for and approved: the household wants it, so the library looks for it.
            services.set_monitored(movie, True)
        if search:
            _queue_search(movie)
        return req
    req.movie = movie
    req.save(update_fields=["movie"])
    log.info("%s approved the request for %s by %s", by, movie, req.requested_by)
    if search:
        _queue_search(movie)
    return req


def _queue_search(movie: Movie) -> None:
    from indexers import services as indexer_services

    try:
        indexer_services.queue_movie_search(movie.pk, "request")
    except Exception:
        # The movie stays added; its page has the Search button for a retry.
        log.exception("Could not queue the search for %s", movie)


def decline_request(req: MovieRequest, by: AbstractBaseUser, reason: str = "") -> MovieRequest:
    """Decline a pending request, with an optional reason the requester sees."""
    if not _claim(
        req,
        [RequestStatus.PENDING],
        status=RequestStatus.DECLINED,
        decided_at=timezone.now(),
        decided_by=by,
        decline_reason=(reason or "").strip()[:500],
        seen_by_requester=False,
    ):
        req.refresh_from_db()
        raise RequestRefused(
            f"The request for {req.title} is {req.get_status_display().lower()}; "
            "only pending requests can be declined."
        )
    log.info("%s declined the request for %s by %s", by, req.title, req.requested_by)
    return req


@dataclass
class BulkResult:
    """What a bulk approve/decline did: how many went through, and a sentence per problem."""

    done: int = 0
    problems: list[str] = field(default_factory=list)


def _requests(ids: Iterable[int]) -> list[MovieRequest]:
    return list(
        MovieRequest.objects.select_related("requested_by")
        .filter(pk__in=list(ids))
        .order_by("requested_at", "pk")
    )


def approve_requests(ids: Iterable[int], by: AbstractBaseUser) -> BulkResult:
    """Approve each request (oldest first); a refusal or failed add is a problem, not a stop."""
    result = BulkResult()
    for req in _requests(ids):
        try:
            approve_request(req, by)
        except RequestRefused as exc:
            result.problems.append(exc.message)
            continue
        except Exception:  # even failing it failed (the database is down): say so, go on
            log.exception("Could not approve request %s (%s)", req.pk, req.title)
            result.problems.append(f"{req.title}: could not be approved; the log has why.")
            continue
        if req.status == RequestStatus.FAILED:
            result.problems.append(f"{req.title}: {req.failure_reason}")
        else:
            result.done += 1
    return result


def decline_requests(ids: Iterable[int], by: AbstractBaseUser, reason: str = "") -> BulkResult:
    """Decline each pending request with the same reason."""
    result = BulkResult()
    for req in _requests(ids):
        try:
            decline_request(req, by, reason)
        except RequestRefused as exc:
            result.problems.append(exc.message)
        else:
            result.done += 1
    return result
