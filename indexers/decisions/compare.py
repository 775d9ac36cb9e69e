"""Comparing two qualities the way a profile ranks them, shared by the upgrade and queue rules."""

from __future__ import annotations

from indexers.decisions.context import DO_NOT_PREFER, ProfileFacts


def revision_key(version: int, real: int, propers_and_repacks: str) -> tuple[int, int]:
    """Revision order; nothing when the user told us not to prefer propers and repacks.

    REAL outranks the version as in Radarr: a REAL release corrects a bad PROPER, so
    'REAL' v1 beats a plain PROPER v2.
    """
    if propers_and_repacks == DO_NOT_PREFER:
        return (0, 0)
    return (real, version)


def better_than(
    profile: ProfileFacts,
    propers_and_repacks: str,
    new: tuple[int, int, int, int],
    current: tuple[int, int, int, int],
) -> bool:
    """Is `new` (quality id, version, real, format score) preferred over `current`?

    Quality place first, then revision, then custom format score.
    """
    new_place, cur_place = profile.place(new[0]), profile.place(current[0])
    if new_place != cur_place:
        return new_place > cur_place
    new_rev = revision_key(new[1], new[2], propers_and_repacks)
    cur_rev = revision_key(current[1], current[2], propers_and_repacks)
    if new_rev != cur_rev:
        return new_rev > cur_rev
    return new[3] > current[3]


def meets_cutoff(profile: ProfileFacts, quality_id: int, format_score: int) -> bool:
    """Has a file (or queued release) of this quality and score reached the profile's cutoff?

    Never with an unknown cutoff: the cutoff rule rejects with the reason instead.
    """
    return (
        profile.cutoff_known
        and profile.place(quality_id) >= profile.cutoff_place
        and format_score >= profile.cutoff_format_score
    )
