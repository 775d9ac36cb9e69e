"""Minimum availability: no release is wanted before the movie is out the way the user chose."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    PARSE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)


class MinimumAvailability(Rule):
    """Rejects every release while the movie has not reached its minimum availability."""

    name = "availability"
    label = "Not yet available"
    priority = PARSE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return not movie.available

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        if movie.available:
            return None
        return self.reject(
            f"{movie.label} has not reached its minimum availability ({movie.minimum_availability})"
        )
