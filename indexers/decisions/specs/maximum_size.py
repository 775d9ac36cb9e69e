"""Maximum size: Settings → Indexers caps how large a release may be (0 = no cap)."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    RELEASE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import MIB, size_text


class MaximumSize(Rule):
    """Rejects releases larger than the indexer options' maximum size."""

    name = "maximum_size"
    label = "Over the maximum size"
    priority = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.maximum_size_mb > 0

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        limit_mb = context.maximum_size_mb
        size = decision.release.size
        if limit_mb <= 0 or size <= limit_mb * MIB:
            return None
        return self.reject(
            f"Size {size_text(size)} is above the maximum {size_text(limit_mb * MIB)} "
            "set for indexers"
        )
