"""Not already in the download queue rule."""

from indexers.decisions import QueuedRelease
from indexers.decisions.specs.queue import NotInQueue
from tests.decisions.factories import (
    BLURAY_1080P,
    HDTV_1080P,
    REMUX_1080P,
    WEBDL_1080P,
    decision,
    evaluate,
    parsed,
    profile,
)


def judge(quality_id, queue, score=0, **context):
    candidate = decision(parsed_=parsed(quality_id=quality_id), format_score=score)
    return evaluate(NotInQueue(), candidate, queue=queue, **context)


def queued(quality_id, score=0, version=1):
    return QueuedRelease("Queued.Release.1999.1080p-GRP", quality_id, version, 0, score)


def test_accepts_when_nothing_is_queued():
    assert judge(WEBDL_1080P, []) is None


def test_accepts_a_better_quality_than_the_queued_release():
    assert judge(BLURAY_1080P, [queued(WEBDL_1080P)]) is None


def test_rejects_when_the_queued_release_is_as_good():
    rejection = judge(WEBDL_1080P, [queued(WEBDL_1080P)])
    assert rejection.reason == (
        "'Queued.Release.1999.1080p-GRP' (WEBDL-1080p) in the download queue is as good as "
        "this release or better"
    )


def test_rejects_when_the_queued_release_is_better():
    assert judge(HDTV_1080P, [queued(WEBDL_1080P)]) is not None


def test_accepts_a_higher_format_score_at_the_same_quality():
    assert judge(WEBDL_1080P, [queued(WEBDL_1080P, score=10)], score=20) is None


def test_rejects_when_the_queued_release_meets_the_cutoff():
    rejection = judge(REMUX_1080P, [queued(BLURAY_1080P)])
    assert rejection.reason == (
        "'Queued.Release.1999.1080p-GRP' (Bluray-1080p) in the download queue already meets "
        "the cutoff Bluray-1080p"
    )


def test_rejects_anything_while_a_release_is_queued_and_upgrades_are_off():
    rejection = judge(REMUX_1080P, [queued(HDTV_1080P)], profile=profile(upgrade_allowed=False))
    assert "does not allow upgrades" in rejection.reason


def test_does_not_treat_a_queued_release_as_at_an_unknown_cutoff():
    from indexers.decisions import ProfileFacts
    from movies.quality import DEFAULT_PROFILES, profile_items

    allowed, _ = DEFAULT_PROFILES["HD-1080p"]
    broken = ProfileFacts.from_items("Broken", profile_items(allowed), 999)
    assert judge(REMUX_1080P, [queued(WEBDL_1080P)], profile=broken) is None
