"""Order accepted releases best first: the release a grab should take comes out on top.

The order, as the issue and Radarr give it: quality place in the profile, custom format
score, revision, preferred protocol, indexer priority, then seeders for torrents or age for
usenet, then size. `rank_key` is a pure function (smaller sorts first) and Python's sort is
stable, so releases equal on every level keep the order they came in.
"""

from __future__ import annotations

from indexers.decisions.compare import revision_key
from indexers.decisions.context import DecisionContext
from indexers.decisions.decision import Decision
from indexers.decisions.wording import MIB
from indexers.release import TORRENT


def _size_key(decision: Decision, runtime: int, context: DecisionContext) -> float:
    """Closest to the quality's preferred size when one is set and the runtime is known,
    else the larger release first.

    Radarr does the same: the preferred size is the user's own statement of the size
    they like; without one, larger (within the limits the size rule already enforced)
    means less compression, and a usenet post missing its repair blocks is smaller.
    """
    size = decision.release.size
    limit = context.sizes.get(decision.quality.quality_id)
    preferred = limit.preferred_mb_per_minute if limit else None
    if preferred and runtime > 0 and size > 0:
        return abs(size / MIB / runtime - preferred)
    return -size


def rank_key(decision: Decision, context: DecisionContext, runtime: int = 0) -> tuple:
    """The sort key of an accepted decision; smaller is better."""
    release, quality = decision.release, decision.quality
    revision = revision_key(quality.version, quality.real, context.propers_and_repacks)
    if release.protocol == TORRENT:
        # More seeders first; an unknown count ranks as none.
        activity = -(release.seeders or 0)
    else:
        # Newer first; an unknown date ranks as the oldest.
        hours = release.age_hours_at(context.now)
        activity = hours if hours is not None else float("inf")
    return (
        -context.profile.place(quality.quality_id),
        -decision.format_score,
        (-revision[0], -revision[1]),
        0 if release.protocol == context.preferred_protocol else 1,
        release.indexer_priority,
        activity,
        _size_key(decision, runtime, context),
    )


def rank(decisions: list[Decision], context: DecisionContext, runtime: int = 0) -> list[Decision]:
    """The decisions sorted best first (stable: full ties keep their input order)."""
    return sorted(decisions, key=lambda d: rank_key(d, context, runtime))
