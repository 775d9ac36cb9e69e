"""Upgrade over the existing file: with a file on disk, only something better is worth a grab.

Better means, as in Radarr: a higher quality place in the profile; or the same place with a
newer revision (a proper or repack, unless the user does not prefer them); or the same
quality and revision with a custom format score higher by at least the profile's upgrade
step, while the file's score is below the profile's format-score cutoff.
"""

from __future__ import annotations

from indexers.decisions.compare import revision_key
from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import quality_text


class UpgradeOverExisting(Rule):
    """Rejects a release that would not improve on the movie's existing file."""

    name = "upgrade"
    label = "Not an upgrade"
    priority = LIBRARY

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return context.existing_file is not None

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        current = context.existing_file
        if current is None:
            return None
        profile, propers = context.profile, context.propers_and_repacks
        new = decision.quality
        file = quality_text(current.quality_id, current.version, current.real)
        new_place, cur_place = profile.place(new.quality_id), profile.place(current.quality_id)
        if new_place > cur_place:
            return None if profile.upgrade_allowed else self._no_upgrades(profile.name, file)
        if new_place < cur_place:
            return self.reject(
                f"Existing file {file} is better than {quality_text(new.quality_id)}"
            )
        new_rev = revision_key(new.version, new.real, propers)
        cur_rev = revision_key(current.version, current.real, propers)
        if new_rev > cur_rev:
            return None  # a proper or repack of what is there (the propers rule may refuse)
        if new_rev < cur_rev:
            return self.reject(
                f"Existing file {file} is a newer revision than "
                f"{quality_text(new.quality_id, new.version, new.real)}"
            )
        return self._format_upgrade(decision, context, file)

    def _format_upgrade(
        self, decision: Decision, context: DecisionContext, file: str
    ) -> Rejection | None:
        profile, current = context.profile, context.existing_file
        new_score, cur_score = decision.format_score, current.format_score
        if not profile.upgrade_allowed:
            return self._no_upgrades(profile.name, file)
        if new_score <= cur_score:
            return self.reject(
                f"Existing file {file} (format score {cur_score}) is as good as this release "
                f"(format score {new_score})"
            )
        if cur_score >= profile.cutoff_format_score:
            return self.reject(
                f"Existing file {file} already reaches the format score cutoff "
                f"{profile.cutoff_format_score} (score {cur_score})"
            )
        step = max(1, profile.min_upgrade_format_score)
        if new_score < cur_score + step:
            return self.reject(
                f"Format score {new_score} is less than {step} above the existing "
                f"file's {cur_score}"
            )
        return None

    def _no_upgrades(self, profile_name: str, file: str) -> Rejection:
        return self.reject(
            f"Profile {profile_name} does not allow upgrades; the existing file {file} stays"
        )
