"""Proper for a recent file only (RSS sync) rule."""

from datetime import timedelta

from indexers.decisions import DO_NOT_PREFER, ExistingFile
from indexers.decisions.specs.proper_age import ProperForRecentFile
from tests.decisions.factories import NOW, WEBDL_1080P, WEBRIP_1080P, decision, evaluate, parsed


def judge(days_ago, quality_id=WEBDL_1080P, version=2, rss=True, **context):
    existing = ExistingFile(WEBDL_1080P, date_added=NOW - timedelta(days=days_ago))
    candidate = decision(parsed_=parsed(quality_id=quality_id, version=version))
    return evaluate(ProperForRecentFile(), candidate, existing_file=existing, rss=rss, **context)


def test_rejects_an_rss_proper_for_a_file_added_over_a_week_ago():
    rejection = judge(8)
    assert rejection.reason == (
        "Proper for an old file (added 2026-11-21): RSS takes propers only for files added "
        "in the last 7 days; a search still can"
    )


def test_accepts_an_rss_proper_for_a_file_added_this_week():
    assert judge(6) is None


def test_accepts_a_proper_for_an_old_file_in_a_search():
    assert judge(30, rss=False) is None


def test_leaves_a_proper_of_another_quality_to_the_upgrade_rules():
    assert judge(30, quality_id=WEBRIP_1080P) is None


def test_leaves_a_release_of_the_same_revision_to_the_upgrade_rules():
    assert judge(30, version=1) is None


def test_does_not_apply_when_revisions_are_not_preferred():
    assert judge(30, propers_and_repacks=DO_NOT_PREFER) is None
