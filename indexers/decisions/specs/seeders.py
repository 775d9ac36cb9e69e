"""Minimum seeders: a torrent nobody seeds will never finish (usenet has no seeders)."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    RELEASE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.release import TORRENT


class MinimumSeeders(Rule):
    """Rejects torrents with fewer seeders than their indexer requires.

    A torrent whose seeder count the indexer does not report passes, as in Radarr.
    """

    name = "minimum_seeders"
    label = "Too few seeders"
    priority = RELEASE

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        release = decision.release
        if release.protocol != TORRENT or release.seeders is None:
            return None
        needed = context.seeders_needed(release.indexer_id)
        if release.seeders >= needed:
            return None
        have = (
            "No seeders"
            if release.seeders <= 0
            else f"Only {release.seeders} seeder{'s' if release.seeders != 1 else ''}"
        )
        return self.reject(f"{have}; the indexer needs at least {needed}")
