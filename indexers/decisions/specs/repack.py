"""Repack from the file's own group: a group repacks its own release, not another group's.

A REPACK fixes a flaw in one group's release; from another group it fixes nothing the file
on disk has, so (as in Radarr) it counts as an upgrade only for a file of the same group.
"""

from __future__ import annotations

from indexers.decisions.context import DO_NOT_PREFER
from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import quality_text


class RepackOfSameGroup(Rule):
    """Rejects a repack that would replace a file of the same quality from another group."""

    name = "repack"
    label = "Repack of another group"
    priority = LIBRARY

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.existing_file is not None and context.propers_and_repacks != DO_NOT_PREFER

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        current, new = context.existing_file, decision.quality
        if current is None or not new.repack or context.propers_and_repacks == DO_NOT_PREFER:
            return None
        profile = context.profile
        if profile.place(new.quality_id) != profile.place(current.quality_id):
            return None
        if (new.real, new.version) <= (current.real, current.version):
            return None
        group = (decision.parsed.release_group or "").lower()
        if group and group == current.release_group.lower():
            return None
        theirs = current.release_group or "an unknown group"
        return self.reject(
            f"Repack by {decision.parsed.release_group or 'an unknown group'} cannot fix the "
            f"existing file {quality_text(current.quality_id)} by {theirs}"
        )
