"""What the library's events mean for requests: a movie entering the library by any road
(a request's approval, Add movie, the API, a library import) takes over the open requests
for it; a file for it (an import, a library import's existing file) makes its approved
requests available; deleting the movie before then fails them (the requester is told, and
the movie may be requested again). Connected in MoviesConfig.ready().

All run inside the sender's transaction (sent with send_robust): a savepoint each, so a
failure here is logged and never undoes the import or the delete.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from movies.file_import import ANNOUNCED_BY_IMPORT
from movies.models import Movie, MovieFile
from movies.models.requests import OPEN_STATUSES, MovieRequest, RequestStatus
from movies.requesting.lifecycle import fail_request, mark_available
from radarr_site import events

log = logging.getLogger(__name__)


def _approved(movie) -> list[MovieRequest]:
    return list(
        MovieRequest.objects.select_related("requested_by", "movie").filter(
            movie=movie, status=RequestStatus.APPROVED
        )
    )


@receiver(events.file_imported, dispatch_uid="movies.requests_available_on_import")
def requests_available_on_import(sender, movie, **kwargs) -> None:
    """Mark the movie's approved requests available (the requester is told)."""
    try:
        with transaction.atomic():
            for req in _approved(movie):
                mark_available(req)
    except Exception:
        log.exception("Could not mark the requests of %s available", movie)


@receiver(events.movie_deleted, dispatch_uid="movies.requests_failed_on_delete")
def requests_failed_on_delete(sender, movie, **kwargs) -> None:
    """An approved request whose movie leaves the library before its file came fails."""
    try:
        with transaction.atomic():
            for req in _approved(movie):
                fail_request(req, "The movie was removed from the library before it arrived.")
    except Exception:
        log.exception("Could not fail the requests of deleted %s", movie)


@receiver(post_save, sender=Movie, dispatch_uid="movies.requests_linked_on_add")
def requests_linked_on_add(sender, instance: Movie, created: bool, raw: bool = False, **kw) -> None:
    """A new movie answers the requests for its TMDB id: a pending one is approved by
    nobody ("added to the library"), an approved one not yet linked gets the movie, and
    with neither open, the newest failed one is approved and linked too (it could not be
    asked again now that the movie is in the library; only one request may be open). With
    a file already (never, today; cheap to honour) they are available at once."""
    if not created or raw:
        return
    try:
        with transaction.atomic():
            taken_over = {
                "status": RequestStatus.APPROVED,
                "decided_at": timezone.now(),
                "decided_by": None,
                "movie": instance,
                "quality_profile": instance.quality_profile_id,
                "root_folder": instance.root_folder_id,
            }
            requests = MovieRequest.objects.filter(tmdb_id=instance.tmdb_id)
            requests.filter(status=RequestStatus.PENDING).update(**taken_over)
            requests.filter(status=RequestStatus.APPROVED, movie__isnull=True).update(
                movie=instance
            )
            if not requests.filter(status__in=OPEN_STATUSES).exists():
                newest_failed = (
                    requests.filter(status=RequestStatus.FAILED)
                    .order_by("-requested_at", "-pk")
                    .values_list("pk", flat=True)
                    .first()
                )
                if newest_failed is not None:
                    requests.filter(pk=newest_failed).update(failure_reason="", **taken_over)
            if instance.has_file:
                for req in _approved(instance):
                    mark_available(req)
    except Exception:
        log.exception("Could not link the open requests for %s", instance)


@receiver(post_save, sender=MovieFile, dispatch_uid="movies.requests_available_on_file")
def requests_available_on_file(
    sender, instance: MovieFile, created: bool, raw: bool = False, **kw
) -> None:
    """A file recorded for the movie outside a download's import (a library import finds
    the existing files, a rescan finds a hand-placed one) makes its approved requests
    available too. A download's import saves its row marked (ANNOUNCED_BY_IMPORT): the
    file_imported event follows once the download is recorded imported, and
    requests_available_on_import answers that instead, so a request is never available
    while its download is still stuck."""
    if not created or raw or ANNOUNCED_BY_IMPORT.get():
        return
    try:
        with transaction.atomic():
            for req in _approved(instance.movie_id):
                mark_available(req)
    except Exception:
        log.exception("Could not mark the requests of movie %s available", instance.movie_id)
