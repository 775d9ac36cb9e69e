"""Indexer enabled: a release from an indexer the user switched off is not taken."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    RELEASE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)


class IndexerEnabled(Rule):
    """Rejects releases whose indexer id is among the context's disabled indexers."""

    name = "indexer_enabled"
    label = "Indexer disabled"
    priority = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return bool(context.disabled_indexer_ids)

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        release = decision.release
        if release.indexer_id is None or release.indexer_id not in context.disabled_indexer_ids:
            return None
        label = release.indexer or f"#{release.indexer_id}"
        return self.reject(f"Indexer {label} is disabled")
