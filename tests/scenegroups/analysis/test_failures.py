"""HDBits failures during the analysis: auth failed, rate limited, unavailable, malformed,
no HDBits indexer, scoring failing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from radarr_site import progress
from radarr_site.models import ProviderStatus, TaskProgress
from scenegroups import analysis
from scenegroups.models import AnalysisRun, GroupTorrent
from tests.scenegroups.analysis.conftest import (
    PAUSE,
    pages_asked,
    run_to_the_end,
    step_when_due,
    the_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(clock, indexer, settings_2x3, scored) -> AnalysisRun:
    return analysis.start_analysis()


def test_auth_failed_fails_the_run_with_hdbits_message_and_keeps_what_was_stored(
    started, clock, hdbits
):
    step_when_due(clock)
    stored = GroupTorrent.objects.count()
    hdbits.passkey = "a-passkey-hdbits-no-longer-knows"

    outcome = step_when_due(clock)

    run = the_run()
    assert run.state == AnalysisRun.State.FAILED
    assert "refused the username or passkey (status 5: auth failed)" in run.error
    assert outcome.state == "failed"
    assert GroupTorrent.objects.count() == stored == 90  # page 1 kept (10 without a group)
    shown = progress.get(analysis.TASK)
    assert shown.state == TaskProgress.FAILED and "refused" in shown.message


def test_a_failed_run_reads_no_more_pages(started, clock, hdbits):
    hdbits.status = 5
    step_when_due(clock)
    clock.advance(timedelta(hours=1))

    assert analysis.step() is None
    assert len(hdbits.requests) == 1


def test_auth_failed_is_recorded_on_the_indexer_status(started, clock, hdbits, indexer):
    hdbits.status = 5

    step_when_due(clock)

    status = ProviderStatus.objects.get(key=indexer.provider_key)
    assert status.last_error_kind == "AuthError"


def test_rate_limited_waits_the_retry_after_then_reads_the_same_page(started, clock, hdbits):
    hdbits.failure, hdbits.fail_times, hdbits.retry_after = "429", 1, 120

    first = step_when_due(clock)

    run = the_run()
    assert run.state == "running"
    assert (run.category_index, run.page, run.pages_done) == (0, 0, 0)
    assert run.next_page_at == clock.at + timedelta(seconds=120)
    assert first.note.startswith(f"Try 1 of {analysis.MAX_TRIES} failed")
    clock.advance(timedelta(seconds=119))
    assert analysis.step() is None

    clock.advance(timedelta(seconds=1))
    analysis.step()

    assert pages_asked(hdbits) == [([1], 0), ([1], 0)]
    run = the_run()
    assert (run.page, run.pages_done) == (1, 1)
    assert run.error == ""  # the failed try is forgotten once the page is read


def test_a_wait_is_never_shorter_than_the_pause(started, clock, hdbits):
    hdbits.failure, hdbits.fail_times, hdbits.retry_after = "429", 1, 5

    step_when_due(clock)

    assert the_run().next_page_at == clock.at + PAUSE


def test_an_unavailable_hdbits_is_retried_with_a_doubling_wait_then_given_up(
    started, clock, hdbits
):
    hdbits.failure = "500"
    waits = []
    for _ in range(analysis.MAX_TRIES):
        clock.to(the_run().next_page_at)
        before = clock.at
        analysis.step()
        run = the_run()
        if run.next_page_at:
            waits.append(run.next_page_at - before)

    assert waits == [PAUSE * 2**n for n in range(analysis.MAX_TRIES - 1)]
    run = the_run()
    assert run.state == "failed"
    assert run.error.startswith(f"Gave up after {analysis.MAX_TRIES} tries: ")
    assert "HTTP 500" in run.error
    assert len(hdbits.requests) == analysis.MAX_TRIES


def test_a_malformed_page_is_skipped_with_a_note_and_the_run_goes_on(started, clock, hdbits):
    step_when_due(clock)
    hdbits.failure, hdbits.fail_times = "malformed", 1

    run_to_the_end(clock)

    run = the_run()
    assert run.state == "done"
    assert run.error.startswith("Category 1 page 2 skipped: ")
    assert "malformed JSON" in run.error
    assert pages_asked(hdbits)[:3] == [([1], 0), ([1], 1), ([1], 2)]
    assert (
        GroupTorrent.objects.filter(category=1).count() == 290 - 100
    )  # page 2 (all grouped) missing


def test_data_that_is_not_a_list_skips_the_page_too(started, clock, hdbits):
    hdbits.failure, hdbits.fail_times = "wrong_types", 1

    outcome = step_when_due(clock)

    assert "dict data instead of a list" in outcome.note
    assert (the_run().state, the_run().page) == ("running", 1)


def test_unreadable_items_are_skipped_and_counted(started, clock, hdbits):
    newest = max(hdbits.torrents, key=lambda t: t["utadded"])
    hdbits.torrents += [
        {**newest, "id": None, "utadded": newest["utadded"] + 1},
        {**newest, "id": 9, "name": "", "utadded": newest["utadded"] + 2},
    ]

    outcome = step_when_due(clock)

    assert outcome.unreadable == 2
    assert not GroupTorrent.objects.filter(hdbits_id=9).exists()


def test_without_an_hdbits_indexer_the_run_fails_saying_so(clock, settings_2x3, scored, db):
    analysis.start_analysis()

    outcome = analysis.step()

    assert outcome.state == "failed"
    assert the_run().error == "No HDBits indexer is set up (Settings → Indexers)."


def test_a_scoring_failure_is_noted_and_the_torrents_stay(
    clock, indexer, settings_2x3, monkeypatch
):
    from scenegroups import services

    def broken():
        raise ValueError("no figures")

    monkeypatch.setattr(services, "recompute_scores", broken, raising=False)
    analysis.start_analysis()

    run_to_the_end(clock)

    run = the_run()
    assert run.state == "done"
    assert "scoring failed: no figures" in run.error
    assert GroupTorrent.objects.count() == 290 + 225
    assert progress.get(analysis.TASK).state == TaskProgress.FAILED


def test_a_group_name_over_a_hundred_characters_is_counted_as_without_a_group(
    started, clock, hdbits
):
    newest = max(hdbits.torrents, key=lambda t: t["utadded"])
    hostile = "Some.Movie.2020.1080p.BluRay.x264-" + "G" * 150
    hdbits.torrents.append(
        {**newest, "id": 99999, "name": hostile, "utadded": newest["utadded"] + 1}
    )

    outcome = step_when_due(clock)

    assert outcome.without_group == 10 + 1
    assert not GroupTorrent.objects.filter(hdbits_id=99999).exists()
    assert (the_run().state, the_run().page) == ("running", 1)


def test_an_unexpected_error_storing_a_page_counts_as_a_failed_try(
    started, clock, hdbits, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("value too long for type character varying(100)")

    monkeypatch.setattr(analysis, "_store", broken)

    outcome = step_when_due(clock)

    run = the_run()
    assert (run.state, run.page, run.page_tries) == ("running", 0, 1)
    assert run.next_page_at == clock.at + PAUSE  # not the lease: a counted, paced retry
    assert "RuntimeError: value too long" in outcome.note


def test_an_unexpected_error_on_every_try_fails_the_run_after_max_tries(
    started, clock, hdbits, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database refused the row")

    monkeypatch.setattr(analysis, "_store", broken)

    for _ in range(analysis.MAX_TRIES):
        step_when_due(clock)

    run = the_run()
    assert run.state == "failed"
    assert run.error.startswith(f"Gave up after {analysis.MAX_TRIES} tries: RuntimeError")
    assert len(hdbits.requests) == analysis.MAX_TRIES
