"""What search and RSS sync share: the indexers' facts for the decision engine, judging a
movie's releases with them, and grabbing a release through its indexer's session.

Kept apart from the search and RSS modules so neither imports the other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from downloads import services as download_services
from indexers.clients.values import scrub_error
from indexers.decisions import Decision, QueuedRelease
from indexers.models import Indexer
from indexers.release import Release
from radarr_site.http.errors import IntegrationError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexerFacts:
    """What the rules need about every configured indexer, read in one query."""

    disabled_ids: frozenset[int]  # every switch off
    minimum_seeders: dict[int, int]
    names: dict[int, str]

    @classmethod
    def load(cls) -> IndexerFacts:
        switches = ("enable_rss", "enable_automatic_search", "enable_interactive_search")
        rows = list(Indexer.objects.values_list("pk", "name", "minimum_seeders", *switches))
        # An indexer with every switch off is disabled (its releases are rejected; one
        # held off after failures is simply not asked).
        disabled = {row[0] for row in rows if not any(row[3:])}
        return cls(
            disabled_ids=frozenset(disabled),
            minimum_seeders={row[0]: row[2] for row in rows},
            names={row[0]: row[1] for row in rows},
        )


def queue_for(movie_ids: Iterable[int] | None) -> dict[int, list[QueuedRelease]]:
    """Each movie's releases already in the download queue, as the queue rule reads them
    (one query for all the movies)."""
    from movies.services import parse_release

    found: dict[int, list[QueuedRelease]] = {}
    for movie_id, items in download_services.queued_items(movie_ids).items():
        found[movie_id] = [
            QueuedRelease(
                title=item.title,
                quality_id=item.quality_id,
                version=item.quality_version,
                real=parse_release(item.title).quality.real,
                format_score=item.format_score,
            )
            for item in items
        ]
    return found


def judge(
    movie: Any,
    releases: Sequence[Release],
    *,
    facts: IndexerFacts | None = None,
    queue: Sequence[QueuedRelease] | None = None,
    rss: bool = False,
    now: datetime | None = None,
) -> list[Decision]:
    """Every release decided for `movie` with the indexers' facts and the movie's queue:
    accepted ones ranked best first, then the rejected ones."""
    from indexers.services import decide_for_movie

    facts = facts or IndexerFacts.load()
    if queue is None:
        queue = queue_for([movie.pk]).get(movie.pk, [])
    return decide_for_movie(
        movie,
        releases,
        queue=queue,
        disabled_indexer_ids=facts.disabled_ids,
        indexer_minimum_seeders=facts.minimum_seeders,
        now=now,
        rss=rss,
    )


def grab_release(movie: Any, release_or_decision: Any, *, user=None, source: str = "interactive"):
    """Send a release (or a Decision) to a download client, fetching its .torrent through
    the indexer's own session (its rate limit and headers) and asking the client to seed
    it to the indexer's goals, when the indexer still exists.
    Raises what downloads.services.grab raises."""
    release = getattr(release_or_decision, "release", release_or_decision)
    http = config = None
    seed_goals: tuple[float | None, int | None] = (None, None)
    if release.indexer_id:
        row = Indexer.objects.filter(pk=release.indexer_id).first()
        if row is not None:
            config = row.config()
            seed_goals = (config.seed_ratio, config.seed_time_minutes)
            try:
                http = row.client().http()
            except Exception:  # a kind that cannot build its session: fetch plainly
                log.exception("%s: could not build its session for the download", row.name)
    try:
        return download_services.grab(
            movie, release_or_decision, user=user, source=source, http=http, seed_goals=seed_goals
        )
    except IntegrationError as error:
        # The .torrent fetch went through the indexer's session: its key stays out of it.
        if config is not None:
            scrub_error(error, config)
        raise
