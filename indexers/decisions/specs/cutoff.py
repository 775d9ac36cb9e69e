"""Not past the cutoff: once the file reaches the profile's cutoff, upgrades stop."""

from __future__ import annotations

from indexers.decisions.compare import meets_cutoff, revision_key
from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import quality_text


class CutoffNotMet(Rule):
    """Rejects releases for a movie whose file already meets the cutoff quality and the
    cutoff format score. A proper of the file's own quality still passes (Radarr's rule:
    the very same quality, not merely a member of its group, as Radarr's revision upgrade).
    When the profile allows no upgrades, the upgrade rule speaks instead."""

    name = "cutoff"
    label = "Cutoff already met"
    priority = LIBRARY

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.existing_file is not None and context.profile.upgrade_allowed

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        current, profile = context.existing_file, context.profile
        if current is None or not profile.upgrade_allowed:
            return None
        if not profile.cutoff_known:
            # Deciding upgrades without a cutoff would either never stop or never start.
            return self.reject(
                f"Quality profile {profile.name} has a cutoff (id {profile.cutoff_id}) that is "
                "none of its qualities; choose its cutoff again in Settings → Profiles"
            )
        if not meets_cutoff(profile, current.quality_id, current.format_score):
            return None
        new = decision.quality
        propers = context.propers_and_repacks
        if new.quality_id == current.quality_id and revision_key(
            new.version, new.real, propers
        ) > revision_key(current.version, current.real, propers):
            return None
        cutoff = profile.cutoff_name
        if profile.cutoff_format_score > 0:
            cutoff += f" (format score {profile.cutoff_format_score})"
        return self.reject(
            f"Existing file {quality_text(current.quality_id)} already meets the cutoff {cutoff}"
        )
