"""Custom format minimum score rule."""

from indexers.decisions.specs.format_score import MinimumFormatScore
from tests.decisions.factories import decision, evaluate, profile


def test_accepts_score_at_the_profile_minimum():
    assert (
        evaluate(
            MinimumFormatScore(), decision(format_score=10), profile=profile(min_format_score=10)
        )
        is None
    )


def test_rejects_score_below_the_profile_minimum_with_both_numbers():
    rejection = evaluate(
        MinimumFormatScore(), decision(format_score=-10), profile=profile(min_format_score=0)
    )
    assert rejection.reason == "Custom format score -10 is below the minimum 0 of profile HD-1080p"
