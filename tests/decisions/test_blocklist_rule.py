"""Not blocklisted rule (plain entries, no database)."""

from datetime import UTC, datetime

from downloads.services import BlocklistEntry
from indexers.decisions.specs.blocklist import NotBlocklisted
from tests.decisions.factories import decision, evaluate, release

BLOCKED_ON = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def entry(**fields) -> BlocklistEntry:
    values = {"source_title": "Some.Other.Release-GRP", "indexer": "Other", "date": BLOCKED_ON}
    values.update(fields)
    return BlocklistEntry(**values)


def test_accepts_release_that_is_not_on_the_blocklist():
    assert evaluate(NotBlocklisted(), blocklist=[entry(guid="g-1", info_hash="abc")]) is None


def test_rejects_release_with_a_blocklisted_guid_giving_date_and_message():
    blocked = decision(release(guid="g-42"))
    rejection = evaluate(
        NotBlocklisted(), blocked, blocklist=[entry(guid="g-42", message="Download failed")]
    )
    assert rejection.reason == "Blocklisted on 2026-11-20: Download failed"


def test_rejects_torrent_with_a_blocklisted_info_hash_whatever_its_case():
    blocked = decision(release(info_hash="ABCDEF0123", guid="new-guid"))
    assert evaluate(NotBlocklisted(), blocked, blocklist=[entry(info_hash="abcdef0123")])


def test_rejects_same_title_from_the_same_indexer_under_a_new_guid():
    blocked = decision(release("Movie.2020.1080p-GRP", indexer="Example", guid="new"))
    rule_entry = entry(source_title="movie.2020.1080p-grp", indexer="example", guid="old")
    assert evaluate(NotBlocklisted(), blocked, blocklist=[rule_entry])


def test_accepts_same_title_from_another_indexer():
    other = decision(release("Movie.2020.1080p-GRP", indexer="Elsewhere", guid="new"))
    rule_entry = entry(source_title="Movie.2020.1080p-GRP", indexer="Example", guid="old")
    assert evaluate(NotBlocklisted(), other, blocklist=[rule_entry]) is None
