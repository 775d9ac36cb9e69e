"""Order accepted releases best first: the release a grab should take comes out on top.

The order, as the issue and Radarr give it: quality place in the profile, custom format
score, the release group's reputation (issue 7), revision, preferred protocol, indexer
priority, then seeders for torrents or age for usenet, then size. The last two compare in
Radarr's coarse buckets (seeders and peers by order of magnitude, age in steps, size to
200 MB), so 41 seeders against 40 or a few MB more never outweigh the next level.
`rank_key` is a pure function (smaller sorts first) and Python's sort is stable, so
releases equal on every level keep the order they came in.
"""

from __future__ import annotations

import math

from indexers.decisions.compare import revision_key
from indexers.decisions.context import DecisionContext
from indexers.decisions.decision import Decision
from indexers.decisions.wording import MIB
from indexers.release import TORRENT, Release

SIZE_STEP = 200 * MIB
# Reputation ranks in steps of 10 points: the score is a statistic, and 88 against 84 should
# not outweigh a proper or a better seeded release. A group we know nothing about, or saw too
# rarely to be confident, ranks as neutral: with 50-59, below good groups, above poor ones.
REPUTATION_STEP = 10
NEUTRAL_REPUTATION = 50


def _magnitude(count: int | None) -> int:
    """Radarr's bucket for seeders and peers: 1-3 → 0, 4-31 → 1, 32-316 → 2, …"""
    return round(math.log10(count)) if count and count > 0 else 0


def _age_bucket(release: Release, context: DecisionContext) -> int:
    """Radarr's usenet age buckets, higher is newer: under an hour, a day, a week, then
    older posts by order of magnitude of their age in days. An unknown date is the oldest."""
    hours = release.age_hours_at(context.now)
    if hours is None:
        return -1000
    if hours < 1:
        return 1000
    if hours <= 24:
        return 100
    if hours <= 7 * 24:
        return 10
    return -round(math.log10(hours / 24))


def _reputation_bucket(decision: Decision, context: DecisionContext) -> int:
    """Higher is better: the confident score in steps of REPUTATION_STEP, else neutral."""
    group = decision.parsed.release_group or ""
    verdict = decision.reputation or (context.group_verdict(group) if group else None)
    score = NEUTRAL_REPUTATION
    if verdict is not None and verdict.influences_decision(0):
        score = verdict.score
    return int(score // REPUTATION_STEP)


def _size_key(decision: Decision, runtime: int, context: DecisionContext) -> int:
    """Closest to the quality's preferred size when one is set and the runtime is known,
    else the larger release first; sizes count to the nearest 200 MB, as in Radarr.

    The preferred size is the user's own statement of the size they like; without one,
    larger (within the limits the size rule already enforced) means less compression, and
    a usenet post missing its repair blocks is smaller.
    """
    size = decision.release.size
    limit = context.sizes.get(decision.quality.quality_id)
    preferred = limit.preferred_mb_per_minute if limit else None
    if preferred and runtime > 0:
        return round(abs(size - runtime * preferred * MIB) / SIZE_STEP)
    return -round(size / SIZE_STEP)


def rank_key(decision: Decision, context: DecisionContext, runtime: int = 0) -> tuple:
    """The sort key of an accepted decision; smaller is better."""
    release, quality = decision.release, decision.quality
    revision = revision_key(quality.version, quality.real, context.propers_and_repacks)
    if release.protocol == TORRENT:
        activity = (-_magnitude(release.seeders), -_magnitude(release.peers))
    else:
        activity = (-_age_bucket(release, context), 0)
    return (
        -context.profile.place(quality.quality_id),
        -decision.format_score,
        -_reputation_bucket(decision, context),
        (-revision[0], -revision[1]),
        0 if release.protocol == context.preferred_protocol else 1,
        release.indexer_priority,
        activity,
        _size_key(decision, runtime, context),
    )


def rank(decisions: list[Decision], context: DecisionContext, runtime: int = 0) -> list[Decision]:
    """The decisions sorted best first (stable: full ties keep their input order)."""
    return sorted(decisions, key=lambda d: rank_key(d, context, runtime))
