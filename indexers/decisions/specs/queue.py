"""Not already in the download queue: a queued release as good as this one is enough."""

from __future__ import annotations

from indexers.decisions.compare import better_than, meets_cutoff
from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import quality_text


class NotInQueue(Rule):
    """Rejects a release when the movie's download queue already holds one that meets the
    cutoff, one at least as good, or any one at all when the profile allows no upgrades."""

    name = "queue"
    label = "Already in the queue"
    priority = LIBRARY

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return bool(context.queue)

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        profile, propers = context.profile, context.propers_and_repacks
        new = decision.quality
        candidate = (new.quality_id, new.version, new.real, decision.format_score)
        for queued in context.queue:
            label = f"'{queued.title}' ({quality_text(queued.quality_id, queued.version)})"
            if not profile.upgrade_allowed:
                return self.reject(
                    f"{label} is already in the download queue and profile {profile.name} "
                    "does not allow upgrades"
                )
            if meets_cutoff(profile, queued.quality_id, queued.format_score):
                return self.reject(
                    f"{label} in the download queue already meets the cutoff {profile.cutoff_name}"
                )
            current = (queued.quality_id, queued.version, queued.real, queued.format_score)
            if not better_than(profile, propers, candidate, current):
                return self.reject(
                    f"{label} in the download queue is as good as this release or better"
                )
        return None
