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

from movies.models import Movie, MovieFile
from movies.models.requests import MovieRequest, RequestStatus
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
    """A new movie answers the open requests for its TMDB id: a pending one is approved by
    nobody ("added to the library"), an approved one not yet linked gets the movie. With a
    file already (never, today; cheap to honour) they are available at once."""
    if not created or raw:
        return
    try:
        with transaction.atomic():
            now = timezone.now()
            MovieRequest.objects.filter(
                tmdb_id=instance.tmdb_id, status=RequestStatus.PENDING
            ).update(
                status=RequestStatus.APPROVED,
                decided_at=now,
                decided_by=None,
                movie=instance,
                quality_profile=instance.quality_profile_id,
                root_folder=instance.root_folder_id,
            )
            MovieRequest.objects.filter(
                tmdb_id=instance.tmdb_id, status=RequestStatus.APPROVED, movie__isnull=True
            ).update(movie=instance)
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
    the existing files) makes its approved requests available too."""
    if not created or raw:
        return
    try:
        with transaction.atomic():
            for req in _approved(instance.movie_id):
                mark_available(req)
    except Exception:
        log.exception("Could not mark the requests of movie %s available", instance.movie_id)
