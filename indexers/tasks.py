"""django-q2 entry points of the indexers app; each is a thin call into indexers.search.

(RSS sync's task lives with it, in indexers/rss/tasks.py.)
"""

from __future__ import annotations

from typing import Any


def search_movie(movie_id: int, source: str = "automatic", user_id: int | None = None) -> str:
    """Automatic search for one movie (queued by queue_movie_search); a movie deleted
    since it was queued is skipped. Returns the outcome's sentence for the task list."""
    from django.contrib.auth import get_user_model

    from indexers.search import automatic_search
    from movies.models import Movie

    movie = Movie.objects.select_related("quality_profile").filter(pk=movie_id).first()
    if movie is None:
        return f"Movie {movie_id} no longer exists; not searched"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return automatic_search(movie, user=user, source=source).message


def search_wanted(
    kind: str = "missing", movie_ids: list[int] | None = None, claimed: bool = False
) -> dict[str, Any]:
    """Automatic search of the wanted movies (Wanted → Search all / Search selected)."""
    from indexers.search import search_wanted as run

    return run(kind, movie_ids=movie_ids, claimed=claimed)
