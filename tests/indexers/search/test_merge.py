"""Duplicates across indexers: info hash, guid, title and size; the best copy is kept."""

from __future__ import annotations

from indexers.release import Release
from indexers.search.merge import remove_duplicates, same_size

GB = 1_000_000_000


def rel(title="The.Matrix.1999.1080p.BluRay.x264-GRP", **fields):
    fields.setdefault("size", 8 * GB)
    return Release(title=title, **fields)


def test_releases_with_the_same_info_hash_are_one():
    a = rel("Matrix A", info_hash="ABCDEF", indexer="One", size=1 * GB)
    b = rel("Matrix B", info_hash="abcdef", indexer="Two", size=5 * GB)

    unique, removed = remove_duplicates([a, b])

    assert (len(unique), removed) == (1, 1)


def test_releases_with_the_same_guid_are_one():
    a = rel("Matrix A", guid="https://x/1", size=1 * GB)
    b = rel("Matrix B", guid="https://x/1", size=5 * GB)

    assert remove_duplicates([a, b])[1] == 1


def test_the_same_title_within_one_percent_in_size_is_one_release():
    a = rel("The.Matrix.1999.1080p.BluRay.x264-GRP", size=8 * GB, guid="a")
    b = rel("the.matrix.1999.1080P.bluray.x264-grp", size=int(8.05 * GB), guid="b")

    assert remove_duplicates([a, b])[1] == 1


def test_the_same_title_with_a_different_size_is_kept_twice():
    a = rel(size=8 * GB, guid="a")
    b = rel(size=int(8.2 * GB), guid="b")

    assert remove_duplicates([a, b]) == ([a, b], 0)


def test_different_releases_are_all_kept_in_their_order():
    a = rel("Matrix A", guid="a", info_hash="1")
    b = rel("Matrix B", guid="b", info_hash="2")
    c = rel("Matrix C", guid="c", info_hash="3")

    assert remove_duplicates([c, a, b]) == ([c, a, b], 0)


def test_the_copy_from_the_best_priority_indexer_is_kept():
    low = rel(info_hash="h", indexer="Low", indexer_priority=40, seeders=500)
    high = rel(info_hash="h", indexer="High", indexer_priority=10, seeders=3)

    [kept], _ = remove_duplicates([low, high])

    assert kept.indexer == "High"


def test_between_equal_priorities_the_copy_with_most_seeders_is_kept():
    few = rel(info_hash="h", indexer="Few", seeders=3)
    many = rel(info_hash="h", indexer="Many", seeders=90)
    unknown = rel(info_hash="h", indexer="Unknown", seeders=None)

    [kept], removed = remove_duplicates([few, unknown, many])

    assert (kept.indexer, removed) == ("Many", 2)


def test_a_copy_matching_only_a_dropped_duplicate_is_still_removed():
    kept = rel("Matrix A", info_hash="h", guid="g1", indexer_priority=1)
    dropped = rel("Matrix B", info_hash="h", guid="g2", indexer_priority=5)
    third = rel("Matrix C", guid="g2", indexer_priority=9)

    assert remove_duplicates([third, dropped, kept]) == ([kept], 2)


def test_empty_hashes_and_guids_never_match():
    a = rel("Matrix A", info_hash="", guid="")
    b = rel("Matrix B", info_hash="", guid="")

    assert remove_duplicates([a, b])[1] == 0


def test_sizes_compare_relative_to_the_larger():
    assert same_size(100, 101) and not same_size(100, 102) and same_size(0, 0)
