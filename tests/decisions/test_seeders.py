"""Minimum seeders rule."""

from indexers.decisions.specs.seeders import MinimumSeeders
from tests.decisions.factories import decision, evaluate, release


def test_accepts_torrent_with_enough_seeders():
    assert evaluate(MinimumSeeders(), decision(release(seeders=5)), minimum_seeders=5) is None


def test_rejects_torrent_with_too_few_seeders_with_the_numbers():
    rejection = evaluate(MinimumSeeders(), decision(release(seeders=2)), minimum_seeders=5)
    assert rejection.reason == "Only 2 seeders; the indexer needs at least 5"


def test_rejects_torrent_without_seeders():
    rejection = evaluate(MinimumSeeders(), decision(release(seeders=0)), minimum_seeders=1)
    assert rejection.reason == "No seeders; the indexer needs at least 1"


def test_says_seeder_in_the_singular_for_one():
    rejection = evaluate(MinimumSeeders(), decision(release(seeders=1)), minimum_seeders=3)
    assert rejection.reason == "Only 1 seeder; the indexer needs at least 3"


def test_uses_the_indexers_own_minimum_over_the_default():
    rejection = evaluate(
        MinimumSeeders(),
        decision(release(seeders=4, indexer_id=7)),
        minimum_seeders=1,
        indexer_minimum_seeders={7: 10},
    )
    assert rejection.reason == "Only 4 seeders; the indexer needs at least 10"


def test_accepts_torrent_whose_seeders_are_unknown():
    assert evaluate(MinimumSeeders(), decision(release(seeders=None)), minimum_seeders=5) is None


def test_ignores_usenet_releases():
    usenet = release(protocol="usenet", seeders=0)
    assert evaluate(MinimumSeeders(), decision(usenet), minimum_seeders=5) is None
