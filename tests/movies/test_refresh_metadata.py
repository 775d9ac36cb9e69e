"""Metadata refresh: least recently tried first, in batches, with progress, stopping only when
TMDB as a whole fails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from movies import metadata, services, tasks
from movies.models import Movie
from radarr_site import progress
from radarr_site.http import NotFound
from radarr_site.models import ProviderStatus, SiteSettings, TaskProgress
from tests.fakes import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale(root_folder, quality_profile):
    """Make a library row with outdated metadata, refreshed (and last tried) `days_ago`."""

    def make(tmdb_id: int, days_ago: int | None) -> Movie:
        refreshed = None if days_ago is None else timezone.now() - timedelta(days=days_ago)
        return Movie.objects.create(
            tmdb_id=tmdb_id,
            title=f"Outdated {tmdb_id}",
            quality_profile=quality_profile,
            root_folder=root_folder,
            path=f"{root_folder.path}/Outdated {tmdb_id}",
            metadata_refreshed_at=refreshed,
            metadata_checked_at=refreshed,
        )

    return make


@pytest.fixture
def no_retries(settings):
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (5.0, 5.0)}


def titles() -> dict[int, str]:
    return dict(Movie.objects.values_list("tmdb_id", "title"))


def test_refreshes_the_least_recently_tried_movies_first_never_tried_before_all(fake_tmdb, stale):
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


def let_through(fake, count: int = 1) -> None:
    """Answer the next `count` requests normally (the image configuration comes first)."""
    fake.delay_next(0.0, count=count)


SERVICE_FAILURES = {
    "server error": {"status": 500},
    "refused key": {"status": 401},
    "rate limited": {"status": 429, "headers": {"Retry-After": "120"}},
}


@pytest.mark.parametrize("failure", SERVICE_FAILURES.values(), ids=SERVICE_FAILURES.keys())
def test_stops_at_the_first_service_wide_failure(fake_tmdb, stale, no_retries, failure):
    for tmdb_id in (603, 949, 78):
        stale(tmdb_id, days_ago=None)
    let_through(fake_tmdb)
    fake_tmdb.fail_next(**failure, count=10)
    counts = services.refresh_metadata()
    assert (counts["refreshed"], counts["failed"], counts["stopped_early"]) == (0, 1, True)
    assert len(fake_tmdb.requests) == 2  # the image configuration, then one movie
    record = progress.get("Refresh metadata")
    assert record.state == TaskProgress.FAILED
    assert "stopped early" in record.message


def test_stops_before_any_movie_when_the_image_configuration_call_fails(
    fake_tmdb, stale, no_retries
):
    stale(603, days_ago=None)
    fake_tmdb.fail_next(status=503, count=10)
    counts = services.refresh_metadata()
    assert (counts["refreshed"], counts["failed"], counts["stopped_early"]) == (0, 0, True)
    assert fake_tmdb.paths() == ["/3/configuration"]


def test_a_malformed_answer_for_one_movie_does_not_stop_the_batch(fake_tmdb, stale, no_retries):
    for tmdb_id in (603, 949, 78):
        stale(tmdb_id, days_ago=None)
    let_through(fake_tmdb)
    fake_tmdb.malformed_next()
    counts = services.refresh_metadata()
    assert (counts["refreshed"], counts["failed"], counts["stopped_early"]) == (2, 1, False)
    assert titles() == {603: "Outdated 603", 949: "Heat", 78: "Blade Runner"}
    assert progress.get("Refresh metadata").state == TaskProgress.DONE


def test_movies_tmdb_cannot_answer_for_do_not_stall_the_refresh(fake_tmdb, stale, no_retries):
    stale(999998, days_ago=None)  # TMDB has neither of these
    stale(999999, days_ago=None)
    stale(603, days_ago=30)
    services.refresh_metadata(batch=2)
    counts = services.refresh_metadata(batch=2)
    assert counts["refreshed"] == 1
    assert titles()[603] == "The Matrix"


def test_every_try_is_recorded_even_when_it_fails(fake_tmdb, stale, no_retries):
    movie = stale(603, days_ago=3)
    let_through(fake_tmdb)
    fake_tmdb.malformed_next()
    services.refresh_metadata()
    movie.refresh_from_db()
    assert movie.metadata_checked_at > timezone.now() - timedelta(minutes=1)
    assert movie.metadata_refreshed_at < timezone.now() - timedelta(days=2)


def test_an_unexpected_error_marks_the_progress_failed_with_its_message(
    fake_tmdb, stale, monkeypatch
):
    stale(603, days_ago=None)

    def broken(movie, **kwargs):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(metadata, "refresh_movie", broken)
    with pytest.raises(RuntimeError):
        services.refresh_metadata()
    record = progress.get("Refresh metadata")
    assert record.state == TaskProgress.FAILED
    assert "disk I/O error" in record.message


def test_refresh_task_caches_tmdb_image_configuration(fake_tmdb, stale):
    tasks.refresh_metadata()
    assert "/3/configuration" in fake_tmdb.paths()
    assert services.poster_url("/p.jpg") == f"{fake_tmdb.root_url}/t/p/w342/p.jpg"


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
    let_through(fake_tmdb)
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


@pytest.fixture
def client_options(monkeypatch):
    """The HTTP options of every TMDB client built, in order."""
    built: list[dict] = []

    class Recording(metadata.TmdbClient):
        def __init__(self, key, base_url, language="en-US", **options):
            built.append(dict(options))
            super().__init__(key, base_url, language, **options)

    monkeypatch.setattr(metadata, "TmdbClient", Recording)
    return built


def test_refresh_from_the_movie_page_gives_up_early(fake_tmdb, stale, settings, client_options):
    settings.TMDB_HTTP_OPTIONS = {}
    services.refresh_movie(stale(603, days_ago=None))
    assert client_options == [
        {"timeout": (3.0, 8.0), "retries": 1, "retry_read": False, "rate_max_wait": 5.0}
    ]


def test_background_refresh_keeps_the_longer_budget(fake_tmdb, stale, settings, client_options):
    settings.TMDB_HTTP_OPTIONS = {}
    stale(603, days_ago=None)
    services.refresh_metadata()
    assert client_options == [{}]  # the toolkit's defaults: 5 s / 30 s, 3 retries


def test_task_fails_naming_the_reason_when_tmdb_is_unreachable(settings, stale):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.TMDB_BASE_URL = f"http://127.0.0.1:{free_port()}/3"
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (2.0, 2.0)}
    stale(603, days_ago=None)
    stale(949, days_ago=None)
    with pytest.raises(metadata.RefreshStopped, match=r"Stopped after 0 of 2: TMDB .*unreachable"):
        tasks.refresh_metadata()
    record = progress.get("Refresh metadata")
    assert record.state == TaskProgress.FAILED
    assert "unreachable" in record.message


def test_task_fails_when_tmdb_refuses_the_key_part_way(fake_tmdb, stale, no_retries):
    for tmdb_id in (603, 949, 78):
        stale(tmdb_id, days_ago=None)
    let_through(fake_tmdb, count=2)  # the image configuration and the first movie
    fake_tmdb.fail_next(status=401, count=10)
    with pytest.raises(metadata.RefreshStopped, match="Stopped after 2 of 3") as stopped:
        tasks.refresh_metadata()
    assert stopped.value.counts["refreshed"] == 1


def test_task_succeeds_when_only_one_movie_fails(fake_tmdb, stale, no_retries):
    for tmdb_id in (603, 949):
        stale(tmdb_id, days_ago=None)
    let_through(fake_tmdb)
    fake_tmdb.malformed_next()
    assert tasks.refresh_metadata()["refreshed"] == 1
