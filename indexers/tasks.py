"""django-q2 entry points of the indexers app: searches (thin calls into indexers.search) and
the capabilities refresh queued by indexers.signals.

(RSS sync's task lives with it, in indexers/rss/tasks.py.)
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


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
    kind: str = "missing",
    movie_ids: list[int] | None = None,
    claimed: bool = False,
    carried: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Automatic search of the wanted movies (Wanted → Search all / Search selected); a
    run out of time queues the rest as another call with the counts `carried`."""
    from indexers.search import search_wanted as run

    return run(kind, movie_ids=movie_ids, claimed=claimed, carried=carried)


def refresh_capabilities(indexer_id: int) -> str:
    """Fetch and store an indexer's capabilities (queued when one is created or its address
    or key changes). A failure is only logged: no provider status is recorded, since the
    indexer's own searches and Test say whether it works."""
    from indexers.checks import hide_key, store_capabilities
    from indexers.clients import build_client
    from indexers.models import Indexer
    from radarr_site.http.errors import IntegrationError

    row = Indexer.objects.filter(pk=indexer_id).first()
    if row is None:
        return f"Indexer {indexer_id} no longer exists"
    config = row.config()
    try:
        caps = build_client(config).capabilities()
    except IntegrationError as error:
        hide_key(error, config)
        log.warning("%s: could not fetch its capabilities: %s", row.name, error)
        return f"{row.name}: could not fetch its capabilities: {error}"
    except Exception as error:  # unknown kind, a client bug: the log keeps it
        log.exception("%s: fetching its capabilities failed", row.name)
        return f"{row.name}: fetching its capabilities failed: {type(error).__name__}"
    store_capabilities(row, caps)
    return f"{row.name}: capabilities stored"
