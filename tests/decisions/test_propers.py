"""Proper / repack preference rule."""

from indexers.decisions import DO_NOT_PREFER, DO_NOT_UPGRADE, PREFER, ExistingFile
from indexers.decisions.specs.propers import ProperRepackPreference
from tests.decisions.factories import BLURAY_1080P, WEBDL_1080P, decision, evaluate, parsed


def judge(preference, quality_id=WEBDL_1080P, version=2, existing=None):
    candidate = decision(parsed_=parsed(quality_id=quality_id, version=version))
    return evaluate(
        ProperRepackPreference(),
        candidate,
        existing_file=existing or ExistingFile(WEBDL_1080P),
        propers_and_repacks=preference,
    )


def test_rejects_a_proper_of_the_files_quality_when_set_not_to_upgrade():
    rejection = judge(DO_NOT_UPGRADE)
    assert rejection.reason == (
        "Propers and repacks are set not to upgrade files: existing file WEBDL-1080p, "
        "this release WEBDL-1080p v2"
    )


def test_accepts_a_proper_when_preferred():
    assert judge(PREFER) is None


def test_leaves_do_not_prefer_to_the_upgrade_rule():
    assert judge(DO_NOT_PREFER) is None


def test_accepts_a_better_quality_under_do_not_upgrade():
    assert judge(DO_NOT_UPGRADE, quality_id=BLURAY_1080P) is None


def test_accepts_a_plain_release_of_the_same_quality_under_do_not_upgrade():
    assert judge(DO_NOT_UPGRADE, version=1) is None
