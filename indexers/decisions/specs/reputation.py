"""Scene-group reputation: the profile's minimum keeps out groups known to deliver badly.

Only a confident verdict rejects. An unknown group or one seen too rarely is never turned
down (a new group is not a bad group); with the minimum on, the decision says why the
minimum was not applied. Every decision carries its group's verdict for the results table,
so the rule runs whether or not the minimum is on.
"""

from __future__ import annotations

from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from scenegroups.verdict import LOW


def score_text(score: float) -> str:
    """A score as a whole number, rounded down, so "49 < 50" never reads "50 < 50"."""
    return str(int(score))


class GroupReputation(Rule):
    """Rejects a release whose group confidently scores below the profile's minimum."""

    name = "reputation"
    label = "Release group reputation too low"
    priority = LIBRARY

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        group = decision.parsed.release_group or ""
        verdict = context.group_verdict(group) if group else None
        decision.reputation = verdict
        minimum = context.profile.minimum_reputation
        if minimum <= 0:
            return None
        if verdict is None:
            who = f"group {group}" if group else "no release group"
            decision.notes.append(f"{who}: reputation unknown")
            return None
        if verdict.rejects_below(minimum):
            return self.reject(
                f"group {group} scores {score_text(verdict.score)} < {minimum}, "
                f"confidence {verdict.confidence}"
            )
        if verdict.confidence == LOW:
            decision.notes.append(
                f"group {group}: low confidence ({verdict.releases} releases, scores "
                f"{score_text(verdict.score)}), minimum reputation not applied"
            )
        return None
