"""Not blocklisted rule (plain entries, no database), matching as Radarr's blocklist does."""

from datetime import UTC, datetime, timedelta

from downloads.services import BlocklistEntry
from indexers.decisions.specs.blocklist import NotBlocklisted
from tests.decisions.factories import GIB, MIB, decision, evaluate, release

BLOCKED_ON = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
POSTED = datetime(2026, 11, 19, 22, 15, 7, tzinfo=UTC)
TITLE = "Movie.2020.1080p.WEB-DL-GRP"


def entry(**fields) -> BlocklistEntry:
    values = {"source_title": TITLE, "indexer": "Example", "date": BLOCKED_ON}
    values.update(fields)
    return BlocklistEntry(**values)


def torrent(title=TITLE, **fields):
    values = {"indexer": "Example", "protocol": "torrent", "info_hash": ""}
    values.update(fields)
    return decision(release(title, **values))


def post(**fields):
    values = {"indexer": "Example", "protocol": "usenet", "size": 8 * GIB}
    values.update({"publish_date": POSTED, "seeders": None, **fields})
    return decision(release(TITLE, **values))


def usenet_entry(**fields) -> BlocklistEntry:
    return entry(protocol="usenet", publish_date=POSTED, size=8 * GIB, **fields)


def blocked(candidate, *entries) -> bool:
    return evaluate(NotBlocklisted(), candidate, blocklist=list(entries)) is not None


def test_accepts_release_that_is_not_on_the_blocklist():
    other = entry(source_title="Some.Other.Release-GRP", info_hash="abc")
    assert not blocked(torrent(), other)


def test_rejects_torrent_with_a_blocklisted_info_hash_under_any_title_giving_date_and_message():
    candidate = torrent(title="Renamed.Upload-X", info_hash="ABCDEF0123")
    found = entry(info_hash="abcdef0123", protocol="torrent", message="Download failed")
    rejection = evaluate(NotBlocklisted(), candidate, blocklist=[found])
    assert rejection.reason == "Blocklisted on 2026-11-20: Download failed"


def test_accepts_torrent_of_the_same_title_and_indexer_with_another_info_hash():
    assert not blocked(torrent(info_hash="fedcba"), entry(info_hash="abcdef", protocol="torrent"))


def test_rejects_torrent_without_hash_of_the_same_title_from_the_same_indexer():
    assert blocked(torrent(indexer="EXAMPLE"), entry(source_title=TITLE.lower()))


def test_accepts_torrent_without_hash_of_the_same_title_from_another_indexer():
    assert not blocked(torrent(indexer="Elsewhere"), entry())


def test_rejects_same_title_from_any_indexer_when_the_entry_names_none():
    assert blocked(torrent(indexer="Elsewhere"), entry(indexer=""))


def test_does_not_let_a_torrent_entry_block_a_usenet_post_of_the_same_title():
    assert not blocked(post(), entry(protocol="torrent", publish_date=POSTED))


def test_rejects_usenet_post_with_the_same_title_and_publish_date():
    assert blocked(post(indexer="Elsewhere", size=3 * GIB), usenet_entry())


def test_accepts_usenet_repost_of_the_same_title_on_the_same_indexer():
    assert not blocked(post(publish_date=POSTED + timedelta(days=1)), usenet_entry())


def test_rejects_the_same_post_on_another_indexer_near_in_date_and_size():
    candidate = post(
        indexer="Elsewhere", publish_date=POSTED + timedelta(seconds=90), size=8 * GIB + MIB
    )
    assert blocked(candidate, usenet_entry())


def test_accepts_a_post_on_another_indexer_differing_in_size():
    candidate = post(
        indexer="Elsewhere", publish_date=POSTED + timedelta(seconds=90), size=8 * GIB + 3 * MIB
    )
    assert not blocked(candidate, usenet_entry())


def test_accepts_a_post_on_another_indexer_more_than_two_minutes_apart():
    candidate = post(indexer="Elsewhere", publish_date=POSTED + timedelta(minutes=3))
    assert not blocked(candidate, usenet_entry())


def test_rejects_usenet_post_by_title_and_indexer_when_the_entry_has_no_publish_date():
    assert blocked(post(), entry(protocol="usenet"))
