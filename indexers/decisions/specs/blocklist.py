"""Not blocklisted: a release that failed before (or that a user blocked) is not tried again."""

from __future__ import annotations

from indexers.decisions.specs.base import (
    RELEASE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)


class NotBlocklisted(Rule):
    """Rejects a release the movie's blocklist holds: same guid, same info hash, or the
    same title from the same indexer (indexers re-post with a new guid)."""

    name = "blocklist"
    priority = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return bool(context.blocklist)

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        index = context.blocklist_index
        if not index:
            return None
        release = decision.release
        keys = [("title", f"{release.title.lower()}|{release.indexer.lower()}")]
        if release.guid:
            keys.insert(0, ("guid", release.guid))
        if release.info_hash:
            keys.insert(0, ("hash", release.info_hash.lower()))
        entry = next((index[k] for k in keys if k in index), None)
        if entry is None:
            return None
        when = entry.date.strftime("%Y-%m-%d") if entry.date else "an unknown date"
        why = f": {entry.message}" if entry.message else ""
        return self.reject(f"Blocklisted on {when}{why}")
