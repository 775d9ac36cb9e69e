"""An approved request becomes available when its movie's file is imported."""

from __future__ import annotations

from django.dispatch import receiver

from movies.models.requests import MovieRequest, RequestStatus
from movies.requesting.lifecycle import mark_available
from radarr_site import events


@receiver(events.file_imported, dispatch_uid="movies.requests_available_on_import")
def requests_available_on_import(sender, movie, **kwargs) -> None:
    """Mark the movie's approved requests available (the requester is told)."""
    for req in MovieRequest.objects.select_related("requested_by").filter(
        movie=movie, status=RequestStatus.APPROVED
    ):
        mark_available(req)
