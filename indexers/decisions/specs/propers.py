"""Proper / repack preference: "do not upgrade" keeps a file even when a proper of it appears."""

from __future__ import annotations

from indexers.decisions.context import DO_NOT_UPGRADE
from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import quality_text


class ProperRepackPreference(Rule):
    """Under "do not upgrade", rejects a release whose only gain over the existing file is
    its revision. ("Do not prefer" needs no rule: revisions then count for nothing in the
    upgrade rule and the ranking.)"""

    name = "propers"
    label = "Proper/repack not preferred"
    priority = LIBRARY

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.existing_file is not None and context.propers_and_repacks == DO_NOT_UPGRADE

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        current = context.existing_file
        if current is None or context.propers_and_repacks != DO_NOT_UPGRADE:
            return None
        new, profile = decision.quality, context.profile
        if profile.place(new.quality_id) != profile.place(current.quality_id):
            return None
        if (new.real, new.version) <= (current.real, current.version):
            return None
        return self.reject(
            "Propers and repacks are set not to upgrade files: existing file "
            f"{quality_text(current.quality_id, current.version, current.real)}, this release "
            f"{quality_text(new.quality_id, new.version, new.real)}"
        )
