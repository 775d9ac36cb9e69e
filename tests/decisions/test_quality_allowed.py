"""Quality allowed rule."""

from indexers.decisions.specs.quality_allowed import QualityAllowed
from tests.decisions.factories import (
    BLURAY_480P,
    WEBRIP_1080P,
    decision,
    evaluate,
    parsed,
)


def test_accepts_quality_the_profile_allows():
    assert evaluate(QualityAllowed(), decision(parsed_=parsed(quality_id=WEBRIP_1080P))) is None


def test_rejects_quality_the_profile_does_not_want_naming_both():
    rejection = evaluate(QualityAllowed(), decision(parsed_=parsed(quality_id=BLURAY_480P)))
    assert rejection.reason == "Bluray-480p is not wanted by profile HD-1080p"


def test_rejects_unknown_quality():
    rejection = evaluate(QualityAllowed(), decision(parsed_=parsed(quality_id=0)))
    assert rejection.reason == "Unknown is not wanted by profile HD-1080p"
