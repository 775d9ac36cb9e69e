"""Retention: usenet providers drop posts older than their retention, so they cannot finish."""

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


class Retention(Rule):
    """Rejects usenet releases older than the retention in days (0 = unlimited)."""

    name = "retention"
    label = "Beyond retention"
    priority = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.retention_days > 0

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        release = decision.release
        if release.protocol != USENET or context.retention_days <= 0:
            return None
        hours = release.age_hours_at(context.now)
        # Whole days, as Radarr counts them: a post is 3,000 days old all day long.
        if hours is None or int(hours // 24) <= context.retention_days:
            return None
        return self.reject(
            f"Posted {count_text(int(hours // 24), 'day')} ago, beyond the retention of "
            f"{count_text(context.retention_days, 'day')}"
        )
