"""django-q2 entry points of the movies app; each is a thin call into movies.services."""

from __future__ import annotations


def refresh_metadata() -> dict[str, int | bool]:
    """Scheduled daily: TMDB's image configuration, then one batch of the movies least
    recently tried."""
    from movies import services

    return services.refresh_metadata()
