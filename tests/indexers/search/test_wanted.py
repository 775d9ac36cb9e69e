"""Searching the wanted movies: one by one, paced, with progress, one run at a time."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from indexers.search import queue_wanted_search, search_wanted, wanted, wanted_search_running
from movies.models import Movie
from radarr_site import progress
from radarr_site.models import ProviderStatus, TaskProgress
from tests.fakes.download_client import make_client, server
from tests.indexers.search.conftest import make_indexer, matrix_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def heat(matrix):
    """A second wanted movie (released, monitored, no file)."""
    return Movie.objects.create(
        tmdb_id=949,
        title="Heat",
        year=1995,
        physical_release=datetime.date(1996, 6, 1),
        quality_profile=matrix.quality_profile,
        root_folder=matrix.root_folder,
        path=f"{matrix.root_folder.path}/Heat (1995)",
    )


@pytest.fixture
def indexer(fake_indexers, fake_kinds):
    make_client()
    fake_indexers("One").releases = [matrix_release()]
    return make_indexer("One")


def searched_titles(fake_indexers) -> list[str]:
    return [c.title for c in fake_indexers("One").searches]


def test_every_missing_monitored_movie_is_searched_and_the_matches_grabbed(
    fake_indexers, indexer, matrix, heat
):
    summary = search_wanted("missing")

    assert sorted(searched_titles(fake_indexers)) == ["Heat", "The Matrix"]
    assert (summary["total"], summary["searched"], summary["grabbed"]) == (2, 2, 1)
    assert [r.title for r in server("Fake").added] == ["The.Matrix.1999.1080p.BluRay.x264-GRP"]


def test_an_unmonitored_movie_is_not_searched(fake_indexers, indexer, matrix, heat):
    heat.monitored = False
    heat.save()

    search_wanted("missing", movie_ids=[matrix.pk, heat.pk])

    assert searched_titles(fake_indexers) == ["The Matrix"]


def test_only_the_selected_movies_are_searched(fake_indexers, indexer, matrix, heat):
    summary = search_wanted("missing", movie_ids=[heat.pk])

    assert (searched_titles(fake_indexers), summary["total"]) == (["Heat"], 1)


def test_a_movie_that_is_not_wanted_is_not_searched_even_when_selected(
    fake_indexers, indexer, matrix, heat
):
    heat.physical_release = timezone.localdate() + timedelta(days=30)
    heat.in_cinemas = None
    heat.save()

    search_wanted("missing", movie_ids=[heat.pk, matrix.pk])

    assert searched_titles(fake_indexers) == ["The Matrix"]


def test_the_search_pauses_between_movies_not_after_the_last(
    fake_indexers, indexer, matrix, heat, monkeypatch
):
    pauses = []
    monkeypatch.setattr(wanted, "PAUSE_S", 2.0)
    monkeypatch.setattr(wanted.time, "sleep", pauses.append)

    search_wanted("missing")

    assert pauses == [2.0]


def test_progress_counts_each_movie_and_ends_with_a_summary(fake_indexers, indexer, matrix, heat):
    search_wanted("missing")

    record = progress.get("wanted-search")
    assert (record.state, record.done, record.total) == (TaskProgress.DONE, 2, 2)
    assert record.message == "Searched 2 of 2 missing movie(s), grabbed 1"
    assert not wanted_search_running()


def test_a_second_run_is_refused_while_one_runs(fake_indexers, indexer, matrix):
    progress.start("wanted-search", 10, "Searching")

    summary = search_wanted("missing")

    assert summary["refused"] and summary["stopped"] == "A wanted search is already running"
    assert fake_indexers("One").searches == []
    assert progress.get("wanted-search").total == 10


def test_a_run_that_stopped_updating_long_ago_is_taken_over(fake_indexers, indexer, matrix):
    progress.start("wanted-search", 10, "Searching")
    TaskProgress.objects.filter(name="wanted-search").update(
        updated_at=timezone.now() - wanted.STALE_AFTER - timedelta(minutes=1)
    )

    summary = search_wanted("missing")

    assert (summary["refused"], summary["searched"]) == (False, 1)


def test_the_run_stops_when_every_indexer_is_held_off(fake_indexers, indexer, matrix, heat):
    ProviderStatus.objects.create(
        key=indexer.provider_key,
        label="One",
        consecutive_failures=1,
        disabled_until=timezone.now() + timedelta(minutes=5),
    )

    summary = search_wanted("missing")

    assert (summary["searched"], summary["stopped"]) == (
        1,
        "Every indexer is held off after failures",
    )
    assert progress.get("wanted-search").message.endswith(
        "Stopped: Every indexer is held off after failures"
    )


def test_the_run_stops_when_no_indexer_is_enabled_for_automatic_search(
    fake_indexers, fake_kinds, matrix, heat
):
    make_indexer("Manual", enable_automatic_search=False)

    summary = search_wanted("missing")

    assert (summary["searched"], summary["stopped"]) == (
        1,
        "No indexer is enabled for automatic search",
    )


def test_a_movie_whose_search_crashes_is_counted_and_the_rest_go_on(
    fake_indexers, indexer, matrix, heat, monkeypatch
):
    from indexers.search import service

    real = service.search_movie

    def search(movie, **kwargs):
        if movie.title == "Heat":
            raise RuntimeError("boom")
        return real(movie, **kwargs)

    monkeypatch.setattr(service, "search_movie", search)

    summary = search_wanted("missing")

    assert (summary["searched"], summary["errors"], summary["grabbed"]) == (1, 1, 1)
    assert progress.get("wanted-search").state == TaskProgress.DONE


def test_an_unknown_list_is_refused():
    with pytest.raises(ValueError, match="Unknown wanted list 'all'"):
        search_wanted("all")


def test_queueing_runs_the_search_task(fake_indexers, indexer, matrix, heat):
    assert queue_wanted_search("missing", [heat.pk]) is True

    assert searched_titles(fake_indexers) == ["Heat"]
    assert progress.get("wanted-search").state == TaskProgress.DONE


def test_queueing_is_refused_while_a_search_runs(fake_indexers, indexer, matrix):
    progress.start("wanted-search", 3, "Searching")

    assert queue_wanted_search("missing") is False
    assert fake_indexers("One").searches == []
