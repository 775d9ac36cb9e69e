"""Proper for an old file: an RSS sync takes a proper only for a file added in the last week.

Radarr's rule: after a week the file has likely been watched, so a proper found by RSS is
not worth the download; a search the user starts still takes it.
"""

from __future__ import annotations

from datetime import timedelta

from indexers.decisions.compare import revision_key
from indexers.decisions.context import PREFER
from indexers.decisions.specs.base import (
    LIBRARY,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)

RECENT = timedelta(days=7)


class ProperForRecentFile(Rule):
    """In an RSS sync, rejects a proper or repack of the file's own quality when the file
    was added more than a week ago."""

    name = "proper_age"
    label = "Proper too late for the file"
    priority = LIBRARY

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        current = context.existing_file
        return (
            context.rss
            and context.propers_and_repacks == PREFER
            and current is not None
            and current.date_added is not None
        )

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        if not self.applies(movie, context):
            return None
        current, new = context.existing_file, decision.quality
        if new.quality_id != current.quality_id:
            return None
        if revision_key(new.version, new.real, PREFER) <= revision_key(
            current.version, current.real, PREFER
        ):
            return None
        if current.date_added >= context.now - RECENT:
            return None
        added = current.date_added.strftime("%Y-%m-%d")
        return self.reject(
            f"Proper for an old file (added {added}): RSS takes propers only for files added "
            "in the last 7 days; a search still can"
        )
