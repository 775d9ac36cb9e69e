"""Quality allowed: the profile lists which qualities the user wants at all."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    PARSE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import quality_text


class QualityAllowed(Rule):
    """Rejects a release whose parsed quality the movie's profile does not allow."""

    name = "quality_allowed"
    label = "Quality not wanted"
    priority = PARSE

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        quality_id = decision.quality.quality_id
        if quality_id in context.profile.allowed:
            return None
        return self.reject(
            f"{quality_text(quality_id)} is not wanted by profile {context.profile.name}"
        )
