"""Ranking of accepted releases: one test per tie-break level, each with every earlier
level equal, so each would fail if its level stopped counting."""

from datetime import timedelta

from indexers.decisions import DO_NOT_PREFER, SizeLimit, rank
from tests.decisions.factories import (
    BLURAY_1080P,
    GIB,
    NOW,
    WEBDL_1080P,
    WEBRIP_1080P,
    context,
    decision,
    parsed,
    release,
)


def candidate(name, quality_id=WEBDL_1080P, version=1, real=0, score=0, **fields):
    return decision(
        release(name, **fields), parsed(quality_id=quality_id, version=version, real=real), score
    )


def names(decisions):
    return [d.release.title for d in decisions]


def test_ranks_a_higher_quality_place_first():
    ranked = rank(
        [candidate("web", WEBDL_1080P, score=100), candidate("bluray", BLURAY_1080P)], context()
    )
    assert names(ranked) == ["bluray", "web"]


def test_ranks_group_members_as_equals_leaving_it_to_the_format_score():
    ranked = rank(
        [candidate("webdl", WEBDL_1080P), candidate("webrip", WEBRIP_1080P, score=5)], context()
    )
    assert names(ranked) == ["webrip", "webdl"]


def test_ranks_a_higher_format_score_first_at_equal_quality():
    ranked = rank([candidate("low", score=10, version=2), candidate("high", score=20)], context())
    assert names(ranked) == ["high", "low"]


def test_ranks_a_newer_revision_first_at_equal_quality_and_score():
    ranked = rank(
        [
            candidate("plain", indexer_priority=1),
            candidate("proper", version=2, indexer_priority=50),
        ],
        context(),
    )
    assert names(ranked) == ["proper", "plain"]


def test_ranks_real_above_a_higher_version():
    ranked = rank([candidate("proper", version=2), candidate("real", real=1)], context())
    assert names(ranked) == ["real", "proper"]


def test_ignores_revisions_when_propers_are_not_preferred():
    ranked = rank(
        [
            candidate("proper", version=2, indexer_priority=30),
            candidate("plain", indexer_priority=10),
        ],
        context(propers_and_repacks=DO_NOT_PREFER),
    )
    assert names(ranked) == ["plain", "proper"]


def test_ranks_the_preferred_protocol_first():
    ranked = rank(
        [
            candidate("torrent", protocol="torrent", indexer_priority=1),
            candidate("usenet", protocol="usenet", indexer_priority=50),
        ],
        context(preferred_protocol="usenet"),
    )
    assert names(ranked) == ["usenet", "torrent"]


def test_ranks_the_lower_indexer_priority_number_first():
    ranked = rank(
        [
            candidate("second", indexer_priority=30, seeders=500),
            candidate("first", indexer_priority=10, seeders=1),
        ],
        context(),
    )
    assert names(ranked) == ["first", "second"]


def test_ranks_torrents_with_more_seeders_first():
    ranked = rank(
        [candidate("few", seeders=3, size=20 * GIB), candidate("many", seeders=300, size=5 * GIB)],
        context(),
    )
    assert names(ranked) == ["many", "few"]


def test_ranks_newer_usenet_posts_first():
    old = candidate("old", protocol="usenet", publish_date=NOW - timedelta(days=300), size=20 * GIB)
    new = candidate("new", protocol="usenet", publish_date=NOW - timedelta(days=3), size=5 * GIB)
    ranked = rank([old, new], context(preferred_protocol="usenet"))
    assert names(ranked) == ["new", "old"]


def test_ranks_seeders_in_orders_of_magnitude_leaving_close_counts_to_size():
    ranked = rank(
        [candidate("41", seeders=41, size=5 * GIB), candidate("40", seeders=40, size=9 * GIB)],
        context(),
    )
    assert names(ranked) == ["40", "41"]


def test_ranks_more_peers_first_among_torrents_with_seeders_of_one_magnitude():
    ranked = rank(
        [
            candidate("lonely", seeders=41, peers=1, size=9 * GIB),
            candidate("busy", seeders=40, peers=200, size=5 * GIB),
        ],
        context(),
    )
    assert names(ranked) == ["busy", "lonely"]


def test_ranks_usenet_posts_of_one_age_bucket_by_size():
    def post(name, days, size):
        return candidate(
            name, protocol="usenet", publish_date=NOW - timedelta(days=days), size=size
        )

    ranked = rank([post("newer", 2, 5 * GIB), post("older", 6, 9 * GIB)], context())
    assert names(ranked) == ["older", "newer"]


def test_ranks_usenet_posts_of_the_same_day_by_size_but_one_under_an_hour_old_first():
    def post(name, hours, size):
        return candidate(
            name, protocol="usenet", publish_date=NOW - timedelta(hours=hours), size=size
        )

    today = [post("2h", 2, 5 * GIB), post("20h", 20, 9 * GIB), post("fresh", 0.5, 4 * GIB)]
    assert names(rank(today, context())) == ["fresh", "20h", "2h"]


def test_ranks_a_usenet_post_without_date_last():
    dated = candidate("dated", protocol="usenet", publish_date=NOW - timedelta(days=3000))
    undated = candidate("undated", protocol="usenet", publish_date=None, size=20 * GIB)
    ranked = rank([undated, dated], context())
    assert names(ranked) == ["dated", "undated"]


def test_counts_sizes_to_the_nearest_200_mb():
    sizes = {WEBDL_1080P: SizeLimit(0.0, None, None)}
    mib = GIB // 1024
    ranked = rank(
        [candidate("a", size=8 * GIB), candidate("b", size=8 * GIB + 60 * mib)],
        context(sizes=sizes),
    )
    assert names(ranked) == ["a", "b"]


def test_ranks_the_larger_release_first_without_a_preferred_size():
    sizes = {WEBDL_1080P: SizeLimit(0.0, None, None)}
    ranked = rank(
        [candidate("small", size=4 * GIB), candidate("large", size=9 * GIB)], context(sizes=sizes)
    )
    assert names(ranked) == ["large", "small"]


def test_ranks_the_size_closest_to_the_preferred_size_first():
    sizes = {WEBDL_1080P: SizeLimit(0.0, None, 30.0)}  # 30 MB/min: 3 GB for 100 min
    ranked = rank(
        [candidate("large", size=9 * GIB), candidate("near", size=3 * GIB)],
        context(sizes=sizes),
        runtime=100,
    )
    assert names(ranked) == ["near", "large"]


def test_keeps_the_input_order_of_full_ties():
    ranked = rank([candidate("a"), candidate("b"), candidate("c")], context())
    assert names(ranked) == ["a", "b", "c"]
