"""django-q2 entry points of the movies app; each is a thin call into movies.services."""

from __future__ import annotations


def refresh_metadata() -> dict[str, int | bool]:
    """Scheduled daily: TMDB's image configuration, then one batch of the movies least
    recently tried.

    Raises RefreshStopped when TMDB as a whole failed, so django-q records a failure whose
    text names the reason (a run that did nothing must not read as a success).
    """
    from movies import services

    return services.refresh_metadata(raise_when_stopped=True)


def scan_library(scan_id: int) -> dict[str, int]:
    """Library import: scan one root folder into proposed matches (queued by start_scan)."""
    from movies import imports

    return imports.run_scan(scan_id)


def import_library(
    scan_id: int,
    folder_ids: list[int],
    quality_profile_id: int,
    monitored: bool,
    minimum_availability: str,
    user_id: int | None = None,
) -> dict[str, int]:
    """Library import: add the chosen folders' movies (queued by import_selected)."""
    from movies import imports

    return imports.run_import(
        scan_id, folder_ids, quality_profile_id, monitored, minimum_availability, user_id
    )
