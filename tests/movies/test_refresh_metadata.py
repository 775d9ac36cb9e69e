"""Metadata refresh: stalest first, in batches, with progress, stopping when TMDB is held off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from movies import services, tasks
from movies.models import Movie
from radarr_site import progress
from radarr_site.http import NotFound
from radarr_site.models import ProviderStatus, SiteSettings, TaskProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale(root_folder, quality_profile):
    """Make a library row with outdated metadata, refreshed `days_ago` (None: never)."""

    def make(tmdb_id: int, days_ago: int | None) -> Movie:
        refreshed = None if days_ago is None else timezone.now() - timedelta(days=days_ago)
        return Movie.objects.create(
            tmdb_id=tmdb_id,
            title=f"Outdated {tmdb_id}",
            quality_profile=quality_profile,
            root_folder=root_folder,
            path=f"{root_folder.path}/Outdated {tmdb_id}",
            metadata_refreshed_at=refreshed,
        )

    return make


@pytest.fixture
def no_retries(settings):
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (5.0, 5.0)}


def titles() -> dict[int, str]:
    return dict(Movie.objects.values_list("tmdb_id", "title"))


def test_refreshes_the_stalest_movies_first_never_refreshed_before_all(fake_tmdb, stale):
    stale(603, days_ago=1)
    stale(949, days_ago=30)
    stale(78, days_ago=None)
    counts = services.refresh_metadata(batch=2)
    assert counts["refreshed"] == 2
    assert titles() == {603: "Outdated 603", 949: "Heat", 78: "Blade Runner"}


def test_refresh_writes_tmdb_fields_and_the_refresh_time(fake_tmdb, stale):
    movie = stale(27205, days_ago=None)
    services.refresh_metadata()
    movie.refresh_from_db()
    assert (movie.title, movie.year, movie.runtime) == ("Inception", 2010, 148)
    assert movie.clean_title == "inception"
    assert movie.metadata_refreshed_at > timezone.now() - timedelta(minutes=1)


def test_batch_size_comes_from_site_settings(fake_tmdb, stale):
    site = SiteSettings.load()
    site.metadata_refresh_batch = 1
    site.save()
    stale(603, days_ago=None)
    stale(949, days_ago=None)
    assert services.refresh_metadata()["refreshed"] == 1


def test_progress_is_recorded_under_the_task_name(fake_tmdb, stale):
    stale(603, days_ago=None)
    stale(949, days_ago=None)
    services.refresh_metadata()
    record = progress.get("Refresh metadata")
    assert (record.done, record.total, record.state) == (2, 2, TaskProgress.DONE)
    assert "2 refreshed" in record.message


def test_stops_early_once_tmdb_circuit_opens(fake_tmdb, stale, no_retries):
    for tmdb_id in (603, 949, 78):
        stale(tmdb_id, days_ago=None)
    fake_tmdb.fail_next(status=500, count=10)
    counts = services.refresh_metadata()
    assert (counts["refreshed"], counts["failed"], counts["stopped_early"]) == (0, 1, True)
    assert len(fake_tmdb.requests) == 1
    record = progress.get("Refresh metadata")
    assert record.state == TaskProgress.FAILED
    assert "stopped early" in record.message


def test_does_not_call_tmdb_while_it_is_held_off(fake_tmdb, stale):
    stale(603, days_ago=None)
    ProviderStatus.objects.create(
        key="tmdb",
        label="TMDB",
        consecutive_failures=2,
        disabled_until=timezone.now() + timedelta(minutes=5),
        last_error="TMDB failed with HTTP 502",
    )
    counts = services.refresh_metadata()
    assert counts["stopped_early"] is True
    assert fake_tmdb.requests == []


def test_failed_refresh_leaves_the_movie_as_it_was(fake_tmdb, stale, no_retries):
    movie = stale(603, days_ago=3)
    before = Movie.objects.get(pk=movie.pk).metadata_refreshed_at
    fake_tmdb.malformed_next()
    services.refresh_metadata()
    movie.refresh_from_db()
    assert movie.title == "Outdated 603"
    assert movie.metadata_refreshed_at == before


def test_movie_removed_from_tmdb_is_kept_and_counted(fake_tmdb, stale):
    stale(999999, days_ago=None)
    stale(603, days_ago=1)
    counts = services.refresh_metadata()
    assert (counts["missing"], counts["refreshed"], counts["stopped_early"]) == (1, 1, False)
    assert titles()[999999] == "Outdated 999999"
    assert ProviderStatus.objects.get(key="tmdb").state == ProviderStatus.CLOSED


def test_refresh_movie_of_a_removed_movie_says_so(fake_tmdb, stale):
    movie = stale(999999, days_ago=None)
    with pytest.raises(NotFound, match="no longer has a movie with id 999999"):
        services.refresh_movie(movie)
    assert Movie.objects.filter(pk=movie.pk).exists()


def test_refresh_keeps_a_user_edit_made_meanwhile(fake_tmdb, stale):
    movie = stale(603, days_ago=None)
    Movie.objects.filter(pk=movie.pk).update(monitored=False)  # the user, while we fetched
    services.refresh_movie(movie)  # `movie` still says monitored=True
    assert Movie.objects.get(pk=movie.pk).monitored is False


def test_without_a_key_the_run_fails_visibly(settings, stale):
    settings.TMDB_API_KEY = ""
    stale(603, days_ago=None)
    counts = services.refresh_metadata()
    assert counts["refreshed"] == 0
    record = progress.get("Refresh metadata")
    assert record.state == TaskProgress.FAILED
    assert "No TMDB API key" in record.message


def test_task_runs_the_service(fake_tmdb, stale):
    stale(603, days_ago=None)
    assert tasks.refresh_metadata()["refreshed"] == 1
    assert titles()[603] == "The Matrix"
