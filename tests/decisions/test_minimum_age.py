"""Minimum age rule (usenet)."""

from datetime import timedelta

from indexers.decisions.specs.minimum_age import MinimumAge
from tests.decisions.factories import NOW, decision, evaluate, release


def usenet(minutes: float, protocol: str = "usenet"):
    return decision(release(protocol=protocol, publish_date=NOW - timedelta(minutes=minutes)))


def test_rejects_young_post_temporarily_with_both_ages():
    rejection = evaluate(MinimumAge(), usenet(12), minimum_age_minutes=30)
    assert rejection.reason == "Posted 12 minutes ago; the minimum age is 30 minutes"
    assert not rejection.permanent


def test_accepts_post_old_enough():
    assert evaluate(MinimumAge(), usenet(30), minimum_age_minutes=30) is None


def test_accepts_everything_when_no_minimum_is_set():
    assert evaluate(MinimumAge(), usenet(0), minimum_age_minutes=0) is None


def test_ignores_torrents():
    assert evaluate(MinimumAge(), usenet(1, protocol="torrent"), minimum_age_minutes=30) is None
