"""A wanted search longer than one task run's budget goes on in a new task run, keeping
its claim, its progress and its counts."""

from __future__ import annotations

import pytest

from indexers.search import search_wanted, wanted, wanted_search_running
from radarr_site import progress
from radarr_site.models import TaskProgress
from tests.indexers.search import test_wanted as base

pytestmark = pytest.mark.django_db
heat, indexer, searched_titles = base.heat, base.indexer, base.searched_titles  # fixtures


@pytest.fixture
def queued(monkeypatch):
    """async_task recorded instead of run: the continuation a run queues."""
    calls = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda *args, **kwargs: calls.append((args, kwargs))
    )
    return calls


def test_a_run_out_of_time_queues_the_movies_left_and_keeps_running(
    fake_indexers,
    indexer,
    matrix,
    heat,
    monkeypatch,
    queued,
):
    monkeypatch.setattr(wanted, "RUN_BUDGET_S", 0)

    summary = search_wanted("missing")

    [(args, _)] = queued
    [first] = searched_titles(fake_indexers)
    left = heat if first == "The Matrix" else matrix
    record = progress.get("wanted-search")
    assert (summary["searched"], summary["continued"]) == (1, True)
    assert args[0] == "indexers.tasks.search_wanted" and args[1:4] == ("missing", [left.pk], True)
    assert (record.state, record.done, record.total) == (TaskProgress.RUNNING, 1, 2)
    assert wanted_search_running()


def test_the_continuation_finishes_with_the_counts_of_every_run(
    fake_indexers,
    indexer,
    matrix,
    heat,
    monkeypatch,
):
    monkeypatch.setattr(wanted, "RUN_BUDGET_S", 0)
    runs = []
    from indexers import tasks

    original = tasks.search_wanted

    def counted(*args, **kwargs):
        runs.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks, "search_wanted", counted)

    search_wanted("missing")  # Q_CLUSTER sync: the continuation runs at once

    record = progress.get("wanted-search")
    assert (len(runs), sorted(searched_titles(fake_indexers))) == (1, ["Heat", "The Matrix"])
    assert (record.state, record.done) == (TaskProgress.DONE, 2)
    assert record.message.startswith("Searched 2 of 2 missing movie(s), grabbed 1")


def test_a_run_within_its_budget_queues_nothing(
    fake_indexers,
    indexer,
    matrix,
    heat,
    queued,
):
    summary = search_wanted("missing")

    assert (queued, summary["searched"], summary["continued"]) == ([], 2, False)
