"""Removing the duplicates several indexers (or several queries of one) return.

Two releases are the same when they share an info hash, a guid, or a title (ignoring
case) with sizes within 1 % of each other. Of each group the copy kept comes from the
indexer with the best priority (the lowest number), then the one with the most seeders.
Plain functions on Release objects: no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from indexers.release import Release

SIZE_TOLERANCE = 0.01  # the same title within 1 % in size is the same upload


def preference(release: Release) -> tuple[int, int]:
    """Sort key, best copy first: lowest indexer priority, then most seeders."""
    return (release.indexer_priority, -(release.seeders or 0))


def same_size(a: int, b: int) -> bool:
    """Sizes within SIZE_TOLERANCE of the larger (two unknown sizes count as equal)."""
    return abs(a - b) <= SIZE_TOLERANCE * max(a, b)


def _hash_key(release: Release) -> str:
    return (release.info_hash or "").strip().lower()


def _title_key(release: Release) -> str:
    return " ".join(release.title.split()).casefold()


def remove_duplicates(releases: Iterable[Release]) -> tuple[list[Release], int]:
    """The releases without duplicates (in the order given) and how many were removed."""
    given: Sequence[Release] = list(releases)
    order = sorted(range(len(given)), key=lambda i: preference(given[i]))
    by_hash: dict[str, int] = {}
    by_guid: dict[str, int] = {}
    by_title: dict[str, list[tuple[int, int]]] = {}  # title -> [(size, kept index)]
    kept: set[int] = set()
    for index in order:
        release = given[index]
        hash_key, guid, title = _hash_key(release), release.guid, _title_key(release)
        owner = by_hash.get(hash_key) if hash_key else None
        if owner is None and guid:
            owner = by_guid.get(guid)
        if owner is None:
            owner = next(
                (
                    kept_at
                    for size, kept_at in by_title.get(title, ())
                    if same_size(size, release.size)
                ),
                None,
            )
        if owner is None:
            owner = index
            kept.add(index)
        # A dropped copy's keys point at the kept one too, so a third copy that shares
        # only the dropped copy's guid (say) is still recognised.
        if hash_key:
            by_hash.setdefault(hash_key, owner)
        if guid:
            by_guid.setdefault(guid, owner)
        sizes = by_title.setdefault(title, [])
        if not any(size == release.size and at == owner for size, at in sizes):
            sizes.append((release.size, owner))
    unique = [given[i] for i in sorted(kept)]
    return unique, len(given) - len(unique)
