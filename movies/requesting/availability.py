"""What the library's events mean for requests: an import makes the movie's approved
requests available; deleting the movie before then fails them (the requester is told, and
the movie may be requested again). Connected in MoviesConfig.ready().

Both run inside the sender's transaction (sent with send_robust): a savepoint each, so a
failure here is logged and never undoes the import or the delete.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver

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
