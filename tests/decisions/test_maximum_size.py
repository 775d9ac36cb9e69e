"""Maximum size rule (Settings → Indexers)."""

from indexers.decisions.specs.maximum_size import MaximumSize
from tests.decisions.factories import GIB, MIB, decision, evaluate, release


def test_accepts_any_size_when_the_maximum_is_zero():
    assert evaluate(MaximumSize(), decision(release(size=900 * GIB)), maximum_size_mb=0) is None


def test_accepts_release_at_the_maximum():
    assert evaluate(MaximumSize(), decision(release(size=500 * MIB)), maximum_size_mb=500) is None


def test_rejects_release_above_the_maximum_with_both_sizes():
    rejection = evaluate(
        MaximumSize(), decision(release(size=int(60.2 * GIB))), maximum_size_mb=50 * 1024
    )
    assert rejection.reason == "Size 60.2 GB is above the maximum 50.0 GB set for indexers"
