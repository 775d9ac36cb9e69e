"""Retention rule (usenet)."""

from datetime import timedelta

from indexers.decisions.specs.retention import Retention
from tests.decisions.factories import NOW, decision, evaluate, release


def usenet(days: float):
    return decision(release(protocol="usenet", publish_date=NOW - timedelta(days=days)))


def test_accepts_post_within_retention():
    assert evaluate(Retention(), usenet(2999.5), retention_days=3000) is None


def test_rejects_post_beyond_retention_with_both_ages():
    rejection = evaluate(Retention(), usenet(3012), retention_days=3000)
    assert rejection.reason == "Posted 3,012 days ago, beyond the retention of 3,000 days"


def test_accepts_any_age_when_retention_is_unlimited():
    assert evaluate(Retention(), usenet(9000), retention_days=0) is None


def test_ignores_torrents():
    old = decision(release(protocol="torrent", publish_date=NOW - timedelta(days=9000)))
    assert evaluate(Retention(), old, retention_days=10) is None


def test_accepts_post_without_a_date():
    undated = decision(release(protocol="usenet", publish_date=None))
    assert evaluate(Retention(), undated, retention_days=10) is None
