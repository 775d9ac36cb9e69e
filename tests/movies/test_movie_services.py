"""movies.services against the fake TMDB: search, in-library marking, add, duplicates, posters."""

from __future__ import annotations

import pytest
import responses
from django.core.cache import cache

from movies import services, tasks
from movies.models import Movie, Tag
from radarr_site.http import AuthError, NotFound, Unavailable
from radarr_site.http import session as session_module
from radarr_site.models import ProviderStatus, SiteSettings
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


@pytest.fixture
def add(root_folder, quality_profile):
    def add(tmdb_id, **options):
        return services.add_movie(
            tmdb_id, root_folder=root_folder, quality_profile=quality_profile, **options
        )

    return add


def test_search_by_title_finds_the_movie(fake_tmdb):
    page = services.search_movies("inception")
    assert [r.tmdb_id for r in page.results] == [27205]
    assert page.results[0].year == 2010


def test_search_with_trailing_year_filters_by_year(fake_tmdb):
    page = services.search_movies("Dune 1984")
    assert [r.tmdb_id for r in page.results] == [841]
    assert fake_tmdb.requests[0]["query"]["primary_release_year"] == "1984"


def test_search_keeps_a_year_that_is_part_of_the_title_when_nothing_matches(fake_tmdb):
    page = services.search_movies("Blade Runner 2049")
    assert [r.tmdb_id for r in page.results] == [335984]


def test_search_by_tmdb_id(fake_tmdb):
    page = services.search_movies("tmdb:603")
    assert [(r.tmdb_id, r.title) for r in page.results] == [(603, "The Matrix")]
    assert "/3/movie/603" in fake_tmdb.paths()


def test_search_by_unknown_tmdb_id_finds_nothing_and_keeps_tmdb_healthy(fake_tmdb):
    page = services.search_movies("tmdb:999999")
    assert page.results == []
    assert ProviderStatus.objects.get(key="tmdb").consecutive_failures == 0


@pytest.mark.parametrize("term", ["imdb:tt0133093", "tt0133093", "IMDB:TT0133093"])
def test_search_by_imdb_id(fake_tmdb, term):
    page = services.search_movies(term)
    assert [r.tmdb_id for r in page.results] == [603]


@pytest.mark.parametrize("term", ["tmdb:abc", "tmdb:-1", "imdb:12345"])
def test_search_rejects_malformed_ids_without_calling_tmdb(fake_tmdb, term):
    with pytest.raises(ValueError):
        services.search_movies(term)
    assert fake_tmdb.requests == []


def test_search_pages_follow_tmdb(fake_tmdb):
    first = services.search_movies("e")
    second = services.search_movies("e", page=2)
    assert (first.page, first.total_pages) == (1, 2)
    assert second.page == 2
    assert len(first.results) + len(second.results) == first.total_results


def test_search_results_carry_full_poster_urls(fake_tmdb):
    result = services.search_movies("heat").results[0]
    assert result.poster_url == f"{fake_tmdb.root_url}/t/p/w342/poster-949.jpg"


def test_search_marks_movies_in_the_library_with_one_query(
    fake_tmdb, add, django_assert_num_queries
):
    heat = add(949)
    the_matrix = add(603)
    services.search_movies("the")  # warm the provider status row and image configuration
    with django_assert_num_queries(3) as captured:  # site settings, provider status, movies
        page = services.search_movies("at")  # six results, two of them in the library
    movie_queries = [q for q in captured.captured_queries if '"movies_movie"' in q["sql"]]
    assert len(movie_queries) == 1
    marked = {r.tmdb_id: r.in_library_id for r in page.results if r.in_library_id}
    assert marked == {949: heat.pk, 603: the_matrix.pk}


def test_add_movie_saves_tmdb_metadata_and_options(fake_tmdb, add, admin_user, root_folder):
    tag = Tag.objects.create(label="sci-fi")
    movie = add(
        603, monitored=False, minimum_availability="inCinemas", tags=[tag], added_by=admin_user
    )
    movie.refresh_from_db()
    assert (movie.title, movie.year, movie.imdb_id, movie.runtime) == (
        "The Matrix",
        1999,
        "tt0133093",
        136,
    )
    assert movie.genres == ["Action", "Science Fiction"]
    assert movie.top_cast[0] == {
        "name": "Keanu Reeves",
        "character": "Thomas A. Anderson / Neo",
        "profile_path": "",
    }
    assert movie.certification == "R"
    assert movie.path == f"{root_folder.path}/The Matrix (1999)"
    assert (movie.monitored, movie.minimum_availability) == (False, "inCinemas")
    assert list(movie.tags.all()) == [tag]
    assert movie.added_by == admin_user
    assert movie.metadata_refreshed_at is not None


def test_add_movie_creates_typed_tags_with_the_movie(fake_tmdb, add):
    movie = add(603, new_tags=["family", "sci-fi"])
    assert sorted(t.label for t in movie.tags.all()) == ["family", "sci-fi"]


def test_failed_add_creates_no_typed_tags(fake_tmdb, add):
    fake_tmdb.fail_next(status=401)
    with pytest.raises(AuthError):
        add(603, new_tags=["family"])
    assert not Tag.objects.exists()


def test_duplicate_add_creates_no_typed_tags(fake_tmdb, add):
    add(603)
    with pytest.raises(services.MovieExists):
        add(603, new_tags=["family"])
    assert not Tag.objects.exists()


def test_add_movie_whose_title_and_year_folder_is_taken_gets_the_tmdb_token(
    fake_tmdb, add, root_folder
):
    make_movie(
        root_folder, title="The Matrix", year=1999, path=f"{root_folder.path}/The Matrix (1999)"
    )
    movie = add(603)
    assert movie.path == f"{root_folder.path}/The Matrix (1999) {{tmdb-603}}"


def test_folder_name_drops_characters_file_systems_refuse():
    assert services.movie_folder_name("Mad Max: Fury Road?", 2015) == "Mad Max Fury Road (2015)"
    assert services.movie_folder_name("AC/DC: Let There Be Rock", None) == "ACDC Let There Be Rock"


def test_add_movie_twice_raises_movie_exists_without_calling_tmdb(fake_tmdb, add):
    first = add(949)
    calls = len(fake_tmdb.requests)
    with pytest.raises(services.MovieExists) as excinfo:
        add(949)
    assert excinfo.value.movie == first
    assert len(fake_tmdb.requests) == calls
    assert Movie.objects.count() == 1


def test_add_movie_that_loses_a_race_raises_movie_exists(fake_tmdb, add, monkeypatch):
    winner = add(949)
    # The duplicate check sees nothing, as if the other worker had not committed yet; the
    # unique constraint then refuses the insert.
    monkeypatch.setattr(Movie.objects, "filter", _first_call_empty(Movie.objects.filter))
    with pytest.raises(services.MovieExists) as excinfo:
        add(949)
    assert excinfo.value.movie.pk == winner.pk
    assert Movie.objects.count() == 1


def _first_call_empty(real_filter):
    calls = {"n": 0}

    def fake_filter(*args, **kwargs):
        calls["n"] += 1
        return real_filter(pk__in=[]) if calls["n"] == 1 else real_filter(*args, **kwargs)

    return fake_filter


def test_add_unknown_tmdb_id_raises_not_found_and_saves_nothing(fake_tmdb, add):
    with pytest.raises(NotFound, match="no movie with id 999999"):
        add(999999)
    assert Movie.objects.count() == 0


def test_add_rejects_unknown_minimum_availability(fake_tmdb, add):
    with pytest.raises(ValueError):
        add(603, minimum_availability="someday")
    assert fake_tmdb.requests == []


def test_client_uses_the_key_from_site_settings_first(fake_tmdb, settings):
    settings.TMDB_API_KEY = "environment-key"
    site = SiteSettings.load()
    site.tmdb_api_key = fake_tmdb.api_key
    site.save()
    assert services.search_movies("heat").results
    assert fake_tmdb.requests[0]["query"]["api_key"] == fake_tmdb.api_key


def test_missing_key_raises_tmdb_not_configured_pointing_at_settings(settings):
    settings.TMDB_API_KEY = ""
    with pytest.raises(services.TmdbNotConfigured, match="Settings → General"):
        services.search_movies("heat")


def test_poster_url_makes_no_http_call_with_a_cold_cache(settings, db):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    cache.clear()
    # No URL is registered: any request would be recorded in calls (and refused).
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mocked:
        url = services.poster_url("/poster-603.jpg")
        assert len(mocked.calls) == 0
    assert url == "https://image.tmdb.org/t/p/w342/poster-603.jpg"


def test_poster_url_uses_the_image_configuration_the_refresh_task_cached(fake_tmdb):
    tasks.refresh_metadata()
    calls = len(fake_tmdb.requests)
    assert services.poster_url("/poster-603.jpg", "w500") == (
        f"{fake_tmdb.root_url}/t/p/w500/poster-603.jpg"
    )
    assert len(fake_tmdb.requests) == calls


def test_refresh_image_configuration_records_a_failure_on_tmdb_status(fake_tmdb):
    fake_tmdb.fail_next(status=401)
    with pytest.raises(AuthError):
        services.refresh_image_configuration()
    status = ProviderStatus.objects.get(key="tmdb")
    assert "refused our credentials" in status.last_error
    assert services.poster_url("/x.jpg") == "https://image.tmdb.org/t/p/w342/x.jpg"


def test_refresh_image_configuration_keeps_a_known_base_when_tmdb_fails(fake_tmdb):
    services.refresh_image_configuration()
    fake_tmdb.fail_next(status=500, count=5)
    with pytest.raises(Unavailable):
        services.refresh_image_configuration()
    assert services.poster_url("/x.jpg").startswith(fake_tmdb.root_url)


def test_poster_url_of_no_path_is_empty():
    assert services.poster_url("") == ""


def test_poster_url_reads_no_settings_from_the_database(settings, django_assert_num_queries):
    settings.TMDB_API_KEY = ""
    cache.clear()
    with django_assert_num_queries(0):  # not once per poster on a library page
        assert services.poster_url("/y.jpg") == "https://image.tmdb.org/t/p/w342/y.jpg"


def test_interactive_calls_give_up_early_with_at_most_one_retry(settings):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.TMDB_HTTP_OPTIONS = {}
    http = services.tmdb_client().http
    adapter = http.session.get_adapter("https://api.themoviedb.org/3/")
    assert http.timeout == (3.0, 8.0)
    assert (adapter.max_retries.total, adapter.max_retries.read) == (1, 0)
    assert services.tmdb_client(background=True).http.timeout == (5.0, 30.0)


def test_interactive_calls_wait_at_most_five_seconds_for_our_rate_limit(settings, monkeypatch):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.TMDB_HTTP_OPTIONS = {}
    seen = {}
    real = session_module.build_session

    def build_session(name, **options):
        seen[name] = options
        return real(name, **options)

    monkeypatch.setattr(session_module, "build_session", build_session)
    services.tmdb_client()
    assert seen["tmdb"]["rate_max_wait"] == 5.0
    services.tmdb_client(background=True)
    assert seen["tmdb"]["rate_max_wait"] == 60.0


def test_tmdb_http_options_setting_overrides_the_interactive_budget(settings):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.TMDB_HTTP_OPTIONS = {"timeout": (1.0, 2.0)}
    assert services.tmdb_client().http.timeout == (1.0, 2.0)


def test_lookup_movie_returns_details_for_the_preview(fake_tmdb):
    details = services.lookup_movie(496243)
    assert (details.title, details.original_language, details.year) == ("Parasite", "ko", 2019)


def test_check_tmdb_is_empty_when_tmdb_answers(fake_tmdb):
    assert services.check_tmdb() == []
    assert ProviderStatus.objects.get(key="tmdb").last_success_at is not None


def test_check_tmdb_reports_a_refused_key(fake_tmdb, settings):
    settings.TMDB_API_KEY = "not-the-key"
    problems = services.check_tmdb()
    assert "refused our credentials" in problems[0]
    assert ProviderStatus.objects.get(key="tmdb").consecutive_failures == 1


def test_check_tmdb_reports_a_missing_key(settings):
    settings.TMDB_API_KEY = ""
    assert "No TMDB API key" in services.check_tmdb()[0]
