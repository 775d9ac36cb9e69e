"""Indexer enabled rule."""

from indexers.decisions.specs.indexer_enabled import IndexerEnabled
from tests.decisions.factories import decision, evaluate, release


def test_accepts_release_from_an_enabled_indexer():
    assert evaluate(IndexerEnabled(), disabled_indexer_ids=frozenset({2})) is None


def test_rejects_release_from_a_disabled_indexer_naming_it():
    rejection = evaluate(
        IndexerEnabled(),
        decision(release(indexer="NZBgeek", indexer_id=2)),
        disabled_indexer_ids=frozenset({2}),
    )
    assert rejection.reason == "Indexer NZBgeek is disabled"
    assert rejection.rule == "indexer_enabled"
    assert rejection.permanent


def test_accepts_release_without_an_indexer_id():
    assert (
        evaluate(
            IndexerEnabled(),
            decision(release(indexer_id=None)),
            disabled_indexer_ids=frozenset({1}),
        )
        is None
    )
