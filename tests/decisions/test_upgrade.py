"""Upgrade over the existing file rule."""

from indexers.decisions import DO_NOT_PREFER, ExistingFile
from indexers.decisions.specs.upgrade import UpgradeOverExisting
from tests.decisions.factories import (
    BLURAY_1080P,
    HDTV_1080P,
    REMUX_1080P,
    WEBDL_720P,
    WEBDL_1080P,
    WEBRIP_1080P,
    decision,
    evaluate,
    parsed,
    profile,
)


def judge(quality_id, existing, version=1, real=0, score=0, **context):
    candidate = decision(parsed_=parsed(quality_id=quality_id, version=version, real=real))
    candidate.format_score = score
    return evaluate(UpgradeOverExisting(), candidate, existing_file=existing, **context)


def test_accepts_anything_when_the_movie_has_no_file():
    assert judge(HDTV_1080P, None) is None


def test_accepts_a_higher_quality_place():
    assert judge(BLURAY_1080P, ExistingFile(WEBDL_1080P)) is None


def test_rejects_a_lower_quality_naming_both():
    rejection = judge(HDTV_1080P, ExistingFile(BLURAY_1080P))
    assert rejection.reason == "Existing file Bluray-1080p is better than HDTV-1080p"


def test_rejects_a_quality_in_the_same_group_as_no_better():
    rejection = judge(WEBRIP_1080P, ExistingFile(WEBDL_1080P))
    assert rejection.reason == (
        "Existing file WEBDL-1080p (format score 0) is as good as this release (format score 0)"
    )


def test_rejects_a_higher_quality_when_the_profile_allows_no_upgrades():
    rejection = judge(
        REMUX_1080P, ExistingFile(WEBDL_1080P), profile=profile(upgrade_allowed=False)
    )
    assert rejection.reason == (
        "Profile HD-1080p does not allow upgrades; the existing file WEBDL-1080p stays"
    )


def test_accepts_a_proper_of_the_same_quality():
    assert judge(WEBDL_1080P, ExistingFile(WEBDL_1080P), version=2) is None


def test_accepts_a_proper_even_when_upgrades_are_off():
    no_upgrades = profile(upgrade_allowed=False)
    assert judge(WEBDL_1080P, ExistingFile(WEBDL_1080P), version=2, profile=no_upgrades) is None


def test_rejects_an_older_revision_than_the_file():
    rejection = judge(WEBDL_1080P, ExistingFile(WEBDL_1080P, version=2))
    assert rejection.reason == "Existing file WEBDL-1080p v2 is a newer revision than WEBDL-1080p"


def test_counts_real_before_the_version():
    assert judge(WEBDL_1080P, ExistingFile(WEBDL_1080P, version=2), real=1) is None


def test_does_not_count_a_proper_when_propers_are_not_preferred():
    rejection = judge(
        WEBDL_1080P, ExistingFile(WEBDL_1080P), version=2, propers_and_repacks=DO_NOT_PREFER
    )
    assert "is as good as this release" in rejection.reason


def test_accepts_a_higher_format_score_below_the_format_cutoff():
    scored = profile(cutoff_format_score=100, min_upgrade_format_score=10)
    assert (
        judge(WEBDL_1080P, ExistingFile(WEBDL_1080P, format_score=20), score=30, profile=scored)
        is None
    )


def test_rejects_a_format_score_gain_smaller_than_the_upgrade_step():
    scored = profile(cutoff_format_score=100, min_upgrade_format_score=10)
    rejection = judge(
        WEBDL_1080P, ExistingFile(WEBDL_1080P, format_score=20), score=25, profile=scored
    )
    assert rejection.reason == "Format score 25 is less than 10 above the existing file's 20"


def test_rejects_a_format_upgrade_once_the_file_reaches_the_format_cutoff():
    scored = profile(cutoff_format_score=100)
    rejection = judge(
        WEBDL_1080P, ExistingFile(WEBDL_1080P, format_score=100), score=150, profile=scored
    )
    assert rejection.reason == (
        "Existing file WEBDL-1080p already reaches the format score cutoff 100 (score 100)"
    )


def test_rejects_a_format_upgrade_when_upgrades_are_off():
    scored = profile(cutoff_format_score=100, upgrade_allowed=False)
    rejection = judge(WEBDL_1080P, ExistingFile(WEBDL_1080P), score=50, profile=scored)
    assert "does not allow upgrades" in rejection.reason


def test_treats_a_file_of_a_quality_outside_the_profile_as_worst():
    assert judge(HDTV_1080P, ExistingFile(WEBDL_720P + 1000)) is None
