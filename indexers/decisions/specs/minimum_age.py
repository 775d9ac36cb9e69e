"""Minimum age: give a fresh usenet post time to propagate to every provider's servers."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    RELEASE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import count_text
from indexers.release import USENET


class MinimumAge(Rule):
    """Rejects, for now only (temporary), usenet posts younger than the minimum age."""

    name = "minimum_age"
    label = "Too new (minimum age)"
    priority = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.minimum_age_minutes > 0

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        release = decision.release
        if release.protocol != USENET or context.minimum_age_minutes <= 0:
            return None
        hours = release.age_hours_at(context.now)
        if hours is None or hours * 60 >= context.minimum_age_minutes:
            return None
        return self.reject(
            f"Posted {count_text(int(hours * 60), 'minute')} ago; the minimum age is "
            f"{count_text(context.minimum_age_minutes, 'minute')}",
            permanent=False,
        )
