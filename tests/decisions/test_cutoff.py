"""Not past the cutoff rule."""

from indexers.decisions import DO_NOT_PREFER, ExistingFile, ProfileFacts
from indexers.decisions.specs.cutoff import CutoffNotMet
from movies.quality import DEFAULT_PROFILES, profile_items
from tests.decisions.factories import (
    BLURAY_1080P,
    REMUX_1080P,
    WEBDL_1080P,
    WEBRIP_1080P,
    decision,
    evaluate,
    parsed,
    profile,
)


def judge(existing, quality_id=REMUX_1080P, version=1, **context):
    candidate = decision(parsed_=parsed(quality_id=quality_id, version=version))
    return evaluate(CutoffNotMet(), candidate, existing_file=existing, **context)


def test_accepts_releases_while_the_file_is_below_the_cutoff():
    assert judge(ExistingFile(WEBDL_1080P)) is None


def test_rejects_releases_once_the_file_meets_the_cutoff_naming_both():
    rejection = judge(ExistingFile(BLURAY_1080P))
    assert rejection.reason == "Existing file Bluray-1080p already meets the cutoff Bluray-1080p"


def test_names_the_cutoff_group_for_a_group_cutoff():
    allowed, _ = DEFAULT_PROFILES["HD-1080p"]
    web_cutoff = ProfileFacts.from_items("HD-1080p", profile_items(allowed), 1002)
    rejection = judge(ExistingFile(WEBDL_1080P), profile=web_cutoff)
    assert rejection.reason == "Existing file WEBDL-1080p already meets the cutoff WEB 1080p"


def test_accepts_while_the_file_is_below_the_format_score_cutoff():
    scored = profile(cutoff_format_score=50)
    assert judge(ExistingFile(BLURAY_1080P, format_score=40), profile=scored) is None


def test_rejects_once_quality_and_format_score_both_meet_their_cutoffs():
    scored = profile(cutoff_format_score=50)
    rejection = judge(ExistingFile(BLURAY_1080P, format_score=50), profile=scored)
    assert rejection.reason == (
        "Existing file Bluray-1080p already meets the cutoff Bluray-1080p (format score 50)"
    )


def test_lets_a_proper_of_the_cutoff_quality_through():
    assert judge(ExistingFile(BLURAY_1080P), quality_id=BLURAY_1080P, version=2) is None


def test_does_not_let_a_proper_through_when_propers_are_not_preferred():
    rejection = judge(
        ExistingFile(BLURAY_1080P),
        quality_id=BLURAY_1080P,
        version=2,
        propers_and_repacks=DO_NOT_PREFER,
    )
    assert rejection is not None


def test_leaves_profiles_without_upgrades_to_the_upgrade_rule():
    assert judge(ExistingFile(BLURAY_1080P), profile=profile(upgrade_allowed=False)) is None


def test_rejects_a_proper_of_another_quality_in_the_cutoff_group():
    allowed, _ = DEFAULT_PROFILES["HD-1080p"]
    web_cutoff = ProfileFacts.from_items("HD-1080p", profile_items(allowed), 1002)
    rejection = judge(
        ExistingFile(WEBDL_1080P), quality_id=WEBRIP_1080P, version=2, profile=web_cutoff
    )
    assert rejection.reason == "Existing file WEBDL-1080p already meets the cutoff WEB 1080p"


def test_rejects_with_the_reason_when_the_cutoff_is_none_of_the_profiles_qualities():
    allowed, _ = DEFAULT_PROFILES["HD-1080p"]
    broken = ProfileFacts.from_items("Broken", profile_items(allowed), 999)
    rejection = judge(ExistingFile(WEBDL_1080P), profile=broken)
    assert rejection.reason == (
        "Quality profile Broken has a cutoff (id 999) that is none of its qualities; "
        "choose its cutoff again in Settings → Profiles"
    )


def test_logs_a_profile_whose_cutoff_is_none_of_its_qualities(caplog):
    allowed, _ = DEFAULT_PROFILES["HD-1080p"]
    with caplog.at_level("WARNING", logger="indexers.decisions.context"):
        ProfileFacts.from_items("Broken", profile_items(allowed), 999)
    assert "cutoff 999 is none of its qualities" in caplog.text
