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
