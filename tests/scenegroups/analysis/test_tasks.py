"""The analysis' tasks: the 5-minute "Scene-group analysis" schedule starts a run when the
interval has passed (or on "Run now") and carries a running one on; each step books the
next page as one one-off schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_q.models import Schedule

from scenegroups import tasks
from scenegroups.models import AnalysisRun, AnalysisSettings
from tests.scenegroups.analysis.conftest import PAUSE, T0, pages_asked, the_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(clock, indexer, settings_2x3, scored):
    return clock


def past_run(days_ago: int) -> AnalysisRun:
    at = T0 - timedelta(days=days_ago)
    return AnalysisRun.objects.create(
        state=AnalysisRun.State.DONE, started_at=at, updated_at=at, finished_at=at
    )


def one_off() -> list[Schedule]:
    return list(Schedule.objects.filter(schedule_type=Schedule.ONCE))


def test_the_first_ever_run_starts_and_reads_its_first_page(ready, hdbits):
    result = tasks.analyse_groups()

    assert (
        result["category"] == 1
        and result["page"] == 0
        and result["stored"] == 90
        and result["without_group"] == 10
    )
    assert pages_asked(hdbits) == [([1], 0)]


def test_no_run_starts_before_the_interval_has_passed(ready, hdbits):
    past_run(days_ago=6)

    assert tasks.analyse_groups() is None
    assert AnalysisRun.objects.count() == 1
    assert hdbits.requests == []


def test_a_run_starts_once_the_interval_has_passed(ready):
    past_run(days_ago=7)

    assert tasks.analyse_groups() is not None
    assert the_run().state == "running"


def test_run_now_starts_a_run_whatever_the_interval(ready):
    past_run(days_ago=1)

    assert tasks.analyse_groups(force=True) is not None
    assert AnalysisRun.objects.filter(state="running").count() == 1


def test_a_switched_off_analysis_never_starts_on_its_own(ready):
    AnalysisSettings.objects.filter(pk=1).update(enabled=False)

    assert tasks.analyse_groups() is None
    assert tasks.interval_minutes() == 0
    assert not AnalysisRun.objects.exists()


def test_the_interval_is_the_settings_days_in_minutes(ready):
    AnalysisSettings.objects.filter(pk=1).update(interval_days=3)

    assert tasks.interval_minutes() == 3 * 24 * 60


def test_each_step_books_one_one_off_schedule_at_the_next_page(ready):
    tasks.analyse_groups()
    assert [(s.name, s.func, s.next_run) for s in one_off()] == [
        (tasks.NEXT_PAGE, tasks.NEXT_PAGE_FUNC, T0 + PAUSE)
    ]
    ready.advance(PAUSE)

    tasks.continue_analysis()

    assert [s.next_run for s in one_off()] == [T0 + 2 * PAUSE]
    assert "'group': 'Scene-group analysis'" in one_off()[0].kwargs


def test_a_step_too_early_reads_nothing_but_keeps_the_next_page_booked(ready, hdbits):
    tasks.analyse_groups()
    Schedule.objects.filter(schedule_type=Schedule.ONCE).delete()  # lost with the worker

    assert tasks.continue_analysis() is None
    assert len(hdbits.requests) == 1
    assert [s.next_run for s in one_off()] == [T0 + PAUSE]


def test_the_last_page_books_nothing_more(ready):
    tasks.analyse_groups()
    for _ in range(10):
        if one_off():
            ready.to(one_off()[0].next_run)
            Schedule.objects.filter(schedule_type=Schedule.ONCE).delete()  # it fired
            tasks.continue_analysis()

    assert the_run().state == "done"
    assert one_off() == []


def test_a_restarted_worker_carries_the_run_on_from_its_cursor(ready, hdbits):
    tasks.analyse_groups()
    ready.advance(PAUSE)
    tasks.continue_analysis()
    # The worker dies: its one-off schedule is lost; later the 5-minute schedule fires.
    Schedule.objects.filter(schedule_type=Schedule.ONCE).delete()
    ready.advance(timedelta(minutes=20))

    result = tasks.analyse_groups()

    assert (result["category"], result["page"]) == (1, 2)
    assert pages_asked(hdbits) == [([1], 0), ([1], 1), ([1], 2)]
    assert AnalysisRun.objects.count() == 1
    assert the_run().pages_done == 3


def test_run_now_during_a_run_does_not_start_over(ready, hdbits):
    tasks.analyse_groups()
    ready.advance(PAUSE)

    tasks.analyse_groups(force=True)

    assert AnalysisRun.objects.count() == 1
    assert pages_asked(hdbits) == [([1], 0), ([1], 1)]
