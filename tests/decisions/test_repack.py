"""Repack from the file's own group rule."""

from indexers.decisions import DO_NOT_PREFER, ExistingFile
from indexers.decisions.specs.repack import RepackOfSameGroup
from tests.decisions.factories import BLURAY_1080P, WEBDL_1080P, decision, evaluate, parsed


def judge(group, existing_group, repack=True, quality_id=WEBDL_1080P, **context):
    candidate = parsed(quality_id=quality_id, version=2, release_group=group)
    candidate.quality.repack = repack
    existing = ExistingFile(WEBDL_1080P, release_group=existing_group)
    return evaluate(
        RepackOfSameGroup(), decision(parsed_=candidate), existing_file=existing, **context
    )


def test_accepts_a_repack_by_the_files_own_group_in_any_case():
    assert judge("NTb", "ntb") is None


def test_rejects_a_repack_by_another_group_naming_both():
    rejection = judge("FLUX", "NTb")
    assert rejection.reason == "Repack by FLUX cannot fix the existing file WEBDL-1080p by NTb"


def test_rejects_a_repack_when_the_files_group_is_unknown():
    rejection = judge("FLUX", "")
    assert rejection.reason == (
        "Repack by FLUX cannot fix the existing file WEBDL-1080p by an unknown group"
    )


def test_accepts_a_proper_by_another_group():
    assert judge("FLUX", "NTb", repack=False) is None


def test_accepts_a_repack_of_a_better_quality():
    assert judge("FLUX", "NTb", quality_id=BLURAY_1080P) is None


def test_leaves_repacks_alone_when_propers_are_not_preferred():
    assert judge("FLUX", "NTb", propers_and_repacks=DO_NOT_PREFER) is None
