"""Custom format score: the profile's minimum keeps out releases the user scored down."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    PARSE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)


class MinimumFormatScore(Rule):
    """Rejects releases whose custom format score is below the profile's minimum."""

    name = "format_score"
    label = "Custom format score too low"
    priority = PARSE

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        profile = context.profile
        if decision.format_score >= profile.min_format_score:
            return None
        return self.reject(
            f"Custom format score {decision.format_score} is below the minimum "
            f"{profile.min_format_score} of profile {profile.name}"
        )
