"""Size within the quality definition: MB per minute of runtime, below or above is suspect.

Too small usually means a mislabelled or over-compressed release, too large a mislabelled
remux or disc. An unknown size cannot be judged: the check is skipped and says so in the
decision's notes. An unknown runtime is taken as 110 minutes, as Radarr does, and noted.
"""

from __future__ import annotations

from indexers.decisions.specs.base import (
    PARSE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.decisions.wording import MIB, quality_text, size_text

# Radarr's stand-in for a movie whose runtime TMDB does not know yet.
ASSUMED_RUNTIME = 110


class SizeWithinDefinition(Rule):
    """Rejects releases outside the quality definition's size range for the movie's runtime."""

    name = "size"
    label = "Size outside the quality's limits"
    priority = PARSE

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        size = decision.release.size
        quality_id = decision.quality.quality_id
        limit = context.sizes.get(quality_id)
        if limit is None:
            return None
        if size <= 0:
            decision.notes.append("The indexer gave no size; the size was not checked.")
            return None
        runtime = movie.runtime
        if runtime <= 0:
            runtime = ASSUMED_RUNTIME
            decision.notes.append(
                f"The movie's runtime is unknown; the size was checked for {runtime} minutes."
            )
        where = f"for {quality_text(quality_id)} at {runtime} min"
        minimum = limit.min_mb_per_minute * runtime * MIB
        if size < minimum:
            return self.reject(
                f"Size {size_text(size)} is below the minimum {size_text(minimum)} {where}"
            )
        # A maximum of 0 would refuse everything; like an empty one it means no limit.
        if limit.max_mb_per_minute:
            maximum = limit.max_mb_per_minute * runtime * MIB
            if size > maximum:
                return self.reject(
                    f"Size {size_text(size)} is above the maximum {size_text(maximum)} {where}"
                )
        return None
