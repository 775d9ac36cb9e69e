"""The scene-group analysis against the fake HDBits: a full run, pacing with a fake clock,
resuming after an interruption, and each HDBits failure."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from indexers.clients.hdbits import HDBits
from radarr_site import progress
from radarr_site.models import TaskProgress
from scenegroups import analysis
from scenegroups.models import AnalysisRun, GroupTorrent
from tests.scenegroups.analysis.conftest import (
    PAUSE,
    T0,
    pages_asked,
    run_to_the_end,
    step_when_due,
    the_run,
)

pytestmark = pytest.mark.django_db

TOTAL = 290 + 225  # the grouped torrents of 3 pages of Movies and all of TV
# Per (category, group) after 3 pages of each: Movies has 320 torrents, the newest 300 are
# read: the 20 oldest are CtrlHD's (the largest group, so interleaved last), 10 have no
# group. TV: all 230 read (its third page is short), 5 without a group.
FULL = {
    (1, "framestor"): 60,
    (1, "ctrlhd"): 60,
    (1, "don"): 50,
    (1, "hifi"): 50,
    (1, "ebp"): 40,
    (1, "ntb"): 30,
    (2, "ntb"): 100,
    (2, "flux"): 80,
    (2, "tayto"): 45,
}


def stored_per_group() -> Counter:
    return Counter(GroupTorrent.objects.values_list("category", "group_key"))


@pytest.fixture
def started(clock, indexer, settings_2x3, scored) -> AnalysisRun:
    return analysis.start_analysis()


# -- a full run --------------------------------------------------------------------------------


def test_a_full_run_reads_three_pages_of_each_category_and_stores_them_per_group(
    started, clock, hdbits
):
    run_to_the_end(clock)

    # Movies: 320 torrents, the newest 300 read (3 pages): the 20 oldest are CtrlHD's (the
    # largest group, interleaved last), 10 have no group. TV: all 230 read (the third page
    # is short), 5 without a group.
    assert stored_per_group() == FULL
    assert pages_asked(hdbits) == [([1], 0), ([1], 1), ([1], 2), ([2], 0), ([2], 1), ([2], 2)]


def test_the_torrents_stored_are_the_newest_of_each_category(started, clock, hdbits):
    run_to_the_end(clock)

    newest = sorted(
        (t for t in hdbits.torrents if t["type_category"] == 1), key=lambda t: -t["utadded"]
    )
    read = {t["id"] for t in newest[:300]}
    stored = set(GroupTorrent.objects.filter(category=1).values_list("hdbits_id", flat=True))
    assert stored <= read
    assert len(stored) == 290


def test_a_finished_run_is_done_and_scores_the_groups_once(started, clock, scored):
    run_to_the_end(clock)

    run = the_run()
    assert (run.state, run.pages_done, run.pages_total) == ("done", 6, 6)
    assert run.torrents_seen == GroupTorrent.objects.count() == TOTAL
    assert run.finished_at is not None
    assert scored == [1]
    shown = progress.get(analysis.TASK)
    assert (shown.state, shown.done, shown.total) == (TaskProgress.DONE, 6, 6)
    assert "scored 7 groups" in shown.message


def test_each_torrent_keeps_its_figures_internal_flag_and_resolution(started, clock, hdbits):
    run_to_the_end(clock)

    source = next(t for t in hdbits.torrents if t["name"].endswith("-EbP"))
    row = GroupTorrent.objects.get(hdbits_id=source["id"])
    assert (row.group_name, row.group_key, row.category) == ("EbP", "ebp", 1)
    assert (row.seeders, row.leechers, row.times_completed, row.size) == (
        source["seeders"],
        source["leechers"],
        source["times_completed"],
        source["size"],
    )
    assert row.added.timestamp() == source["utadded"]
    assert row.seen_at == T0
    framestor = GroupTorrent.objects.filter(group_key="framestor")
    assert set(framestor.values_list("internal", "resolution")) == {(True, "2160p")}
    ebp = Counter(GroupTorrent.objects.filter(group_key="ebp").values_list("internal", flat=True))
    assert ebp == {True: 20, False: 20}
    assert set(
        GroupTorrent.objects.filter(group_key="ctrlhd").values_list("resolution", flat=True)
    ) == {
        "1080p",
        "720p",
    }


def test_an_sd_release_is_stored_as_sd(clock, indexer, settings_2x3, scored):
    settings_2x3.categories = [3]
    settings_2x3.save()
    analysis.start_analysis()

    run_to_the_end(clock)

    assert set(
        GroupTorrent.objects.filter(group_key="sinners").values_list("resolution", flat=True)
    ) == {"SD"}


def test_names_without_a_group_are_skipped_and_counted(started, clock):
    outcomes = run_to_the_end(clock)

    assert sum(o.without_group for o in outcomes) == 10 + 5
    assert not GroupTorrent.objects.filter(group_key="").exists()


def test_a_torrent_seen_again_by_a_later_run_is_refreshed_not_duplicated(
    started, clock, hdbits, settings_2x3
):
    run_to_the_end(clock)
    first = hdbits.torrents[0]
    first["seeders"], first["leechers"], first["times_completed"] = 999, 77, 5000
    clock.advance(timedelta(days=8))

    analysis.start_analysis()
    run_to_the_end(clock)

    row = GroupTorrent.objects.get(hdbits_id=first["id"])
    assert (row.seeders, row.leechers, row.times_completed) == (999, 77, 5000)
    assert GroupTorrent.objects.count() == TOTAL
    assert row.seen_at > T0 + timedelta(days=8)
    assert AnalysisRun.objects.order_by("-started_at").first().torrents_seen == TOTAL


def test_an_empty_page_ends_the_category_early(clock, indexer, settings_2x3, scored, hdbits):
    hdbits.torrents = [t for t in hdbits.torrents if t["type_category"] == 1][:100] + [
        t for t in hdbits.torrents if t["type_category"] == 2
    ]
    analysis.start_analysis()

    run_to_the_end(clock)

    assert pages_asked(hdbits) == [([1], 0), ([1], 1), ([2], 0), ([2], 1), ([2], 2)]
    assert (the_run().state, the_run().pages_done) == ("done", 6)


# -- pacing --------------------------------------------------------------------------------------


def test_each_page_is_due_a_pause_after_the_one_before(started, clock):
    analysis.step()
    assert the_run().next_page_at == T0 + PAUSE

    clock.advance(timedelta(seconds=50))
    analysis.step()
    assert the_run().next_page_at == T0 + timedelta(seconds=50) + PAUSE


def test_a_step_before_the_pause_has_passed_reads_nothing(started, clock, hdbits):
    analysis.step()
    clock.advance(PAUSE - timedelta(seconds=1))

    assert analysis.step() is None
    assert len(hdbits.requests) == 1
    assert (the_run().category_index, the_run().page) == (0, 1)


def test_the_pause_applies_between_categories_too(started, clock, hdbits):
    for _ in range(3):
        step_when_due(clock)
    assert (the_run().category_index, the_run().page) == (1, 0)
    last = clock.at

    clock.advance(PAUSE - timedelta(seconds=1))
    assert analysis.step() is None
    assert the_run().next_page_at == last + PAUSE


def test_the_run_is_spaced_by_the_pause_from_first_page_to_last(started, clock, hdbits):
    run_to_the_end(clock)

    assert clock.at == T0 + 5 * PAUSE


# -- resuming ------------------------------------------------------------------------------------


def test_an_interrupted_run_resumes_at_its_cursor_without_counting_twice(started, clock, hdbits):
    step_when_due(clock)
    step_when_due(clock)
    # The worker is gone; an hour later the 5-minute schedule finds the run.
    clock.advance(timedelta(hours=1))
    hdbits.requests.clear()

    run_to_the_end(clock)

    assert pages_asked(hdbits) == [([1], 2), ([2], 0), ([2], 1), ([2], 2)]
    run = the_run()
    assert (run.state, run.pages_done, run.torrents_seen) == ("done", 6, TOTAL)
    assert stored_per_group() == FULL


def test_a_page_stored_before_a_crash_is_read_again_harmlessly(started, clock, hdbits, monkeypatch):
    step_when_due(clock)

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(analysis, "_advance", crash)
        with pytest.raises(RuntimeError):
            step_when_due(clock)
    stored = GroupTorrent.objects.count()
    assert stored > 0
    assert analysis.step() is None  # the dead worker's page is held for the lease
    clock.advance(analysis.LEASE)

    run_to_the_end(clock)

    assert pages_asked(hdbits)[:3] == [([1], 0), ([1], 1), ([1], 1)]
    run = the_run()
    assert (run.state, run.pages_done, run.torrents_seen) == ("done", 6, TOTAL)
    assert GroupTorrent.objects.count() == TOTAL


def test_a_second_run_is_refused_while_one_runs(started):
    assert analysis.start_analysis() is None
    assert AnalysisRun.objects.count() == 1


def test_a_run_can_start_again_once_the_last_has_finished(started, clock):
    run_to_the_end(clock)

    assert analysis.start_analysis() is not None
    assert AnalysisRun.objects.filter(state="running").count() == 1


def test_a_cancelled_run_stops_and_keeps_what_it_stored(started, clock, hdbits):
    step_when_due(clock)

    assert analysis.cancel_analysis() is True
    clock.advance(timedelta(hours=1))

    assert analysis.step() is None
    assert len(hdbits.requests) == 1
    assert the_run().state == "cancelled"
    assert GroupTorrent.objects.count() > 0


def test_a_run_cancelled_while_its_last_page_is_read_stays_cancelled(
    started, clock, scored, monkeypatch
):
    for _ in range(5):
        step_when_due(clock)
    browse = HDBits.browse

    def cancelled_meanwhile(self, category, page):
        analysis.cancel_analysis()
        return browse(self, category, page)

    monkeypatch.setattr(HDBits, "browse", cancelled_meanwhile)
    outcome = step_when_due(clock)

    assert outcome.state == the_run().state == "cancelled"
    assert scored == []


def test_progress_marked_stale_by_housekeeping_comes_back_on_the_next_page(started, clock):
    step_when_due(clock)
    step_when_due(clock)
    TaskProgress.objects.filter(name=analysis.TASK).update(state=TaskProgress.FAILED)

    step_when_due(clock)

    shown = progress.get(analysis.TASK)
    assert (shown.state, shown.done, shown.total) == (TaskProgress.RUNNING, 3, 6)


def test_a_run_started_right_after_the_last_finished_waits_the_pause_first(started, clock, hdbits):
    run_to_the_end(clock)
    finished = the_run().finished_at

    second = analysis.start_analysis()

    assert second.next_page_at == finished + PAUSE
    asked = len(hdbits.requests)
    assert analysis.step() is None
    assert len(hdbits.requests) == asked
    clock.to(finished + PAUSE)
    assert analysis.step() is not None


def test_a_run_started_long_after_the_last_finished_reads_its_first_page_at_once(started, clock):
    run_to_the_end(clock)
    clock.advance(timedelta(days=7))

    second = analysis.start_analysis()

    assert second.next_page_at == clock.at
