"""API v3 movie reads: list, get, lookup (Radarr's field names)."""

from __future__ import annotations

import pytest

from movies.models import Movie, MovieFile, Tag
from radarr_site.api.keys import current_api_key
from tests.api.calls import MATRIX, call
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


# --- GET /movie, /movie/{id} ---


def test_movie_list_answers_radarr_field_names(client, movie):
    response = call(client, "get", "/api/v3/movie")
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == movie.pk
    assert row["title"] == "Heat"
    assert row["tmdbId"] == 949
    assert row["imdbId"] == "tt0113277"
    assert row["titleSlug"] == "949"
    assert row["year"] == 1995
    assert row["monitored"] is True
    assert row["hasFile"] is True
    assert row["isAvailable"] is True
    assert row["status"] == "released"
    assert row["qualityProfileId"] == movie.quality_profile_id
    assert row["path"] == movie.path
    assert row["rootFolderPath"] == movie.root_folder.path
    assert row["folderName"] == "Heat"
    assert row["tags"] == [movie.tags.get().pk]
    assert row["added"].endswith("Z")
    assert row["inCinemas"] == "1995-12-15T00:00:00Z"
    assert row["originalLanguage"] == {"id": 1, "name": "English"}
    assert row["ratings"]["tmdb"] == {"votes": 6000, "value": 7.9, "type": "user"}
    assert row["images"][0]["coverType"] == "poster"
    assert row["images"][0]["remoteUrl"].endswith("/original/heat.jpg")
    assert row["movieFile"]["relativePath"] == "Heat (1995).mkv"
    assert row["movieFile"]["quality"]["quality"]["name"] == "Bluray-1080p"
    assert row["movieFile"]["languages"] == [{"id": 1, "name": "English"}]
    assert row["movieFile"]["mediaInfo"]["videoCodec"] == "x264"
    assert row["movieFileId"] == row["movieFile"]["id"]
    assert row["statistics"] == {
        "movieFileCount": 1,
        "sizeOnDisk": movie.size_on_disk,
        "releaseGroups": ["GRP"],
    }


def test_movie_file_below_the_profile_cutoff_is_marked_cutoff_not_met(client, movie):
    MovieFile.objects.filter(movie=movie).update(quality_id=4)  # HDTV-720p < Bluray-1080p
    row = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    assert row["movieFile"]["qualityCutoffNotMet"] is True


def test_movie_file_at_the_profile_cutoff_meets_it(client, movie):
    row = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    assert row["movieFile"]["qualityCutoffNotMet"] is False


def test_movie_list_filters_by_tmdb_id_as_pyarr_asks(client, movie, root_folder):
    make_movie(root_folder, title="Other", tmdb_id=1)
    assert [m["id"] for m in call(client, "get", "/api/v3/movie?tmdbId=949").json()] == [movie.pk]
    assert call(client, "get", "/api/v3/movie?tmdbId=404404").json() == []


def test_movie_list_refuses_a_call_without_key(client, movie):
    assert client.get("/api/v3/movie").status_code == 401
    assert client.get(f"/api/v3/movie/{movie.pk}").status_code == 401


def test_movie_list_accepts_the_key_as_apikey_query_parameter(client, movie):
    response = client.get(f"/api/v3/movie?apikey={current_api_key()}")
    assert response.status_code == 200
    assert len(response.json()) == 1


def test_get_movie_answers_the_movie(client, movie):
    body = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    assert (body["id"], body["hasFile"], body["monitored"]) == (movie.pk, True, True)


def test_get_unknown_movie_is_404(client, db):
    response = call(client, "get", "/api/v3/movie/999")
    assert response.status_code == 404
    assert response.json()["message"] == "NotFound"


def test_movie_list_costs_a_bounded_number_of_queries(
    client, root_folder, profile, django_assert_max_num_queries
):
    tags = [Tag.objects.create(label=f"t{i}") for i in range(3)]
    movies = Movie.objects.bulk_create(
        Movie(
            tmdb_id=10_000 + i,
            title=f"Movie {i}",
            year=2000,
            quality_profile=profile,
            root_folder=root_folder,
            path=f"{root_folder.path}/Movie {i}",
        )
        for i in range(2000)
    )
    through = Movie.tags.through
    through.objects.bulk_create(through(movie_id=m.pk, tag_id=tags[0].pk) for m in movies)
    MovieFile.objects.bulk_create(
        MovieFile(movie=m, relative_path="m.mkv", quality_id=3) for m in movies[:1000]
    )
    current_api_key()
    with django_assert_max_num_queries(8):
        response = call(client, "get", "/api/v3/movie")
    body = response.json()
    assert len(body) == 2000
    assert sum(1 for row in body if row["movieFile"]) == 1000
    assert all(row["tags"] == [tags[0].pk] for row in body)


# --- GET /movie/lookup ---


def test_lookup_by_tmdb_id_of_a_movie_not_in_library_has_id_zero(client, fake_tmdb):
    [row] = call(client, "get", "/api/v3/movie/lookup?term=tmdb:603").json()
    assert row["id"] == 0
    assert row["tmdbId"] == MATRIX
    assert row["title"] == "The Matrix"
    assert row["imdbId"] == "tt0133093"
    assert row["path"] is None
    assert row["monitored"] is False
    assert row["added"] == "0001-01-01T00:00:00Z"


def test_lookup_by_tmdb_id_of_a_library_movie_answers_the_library_row(client, movie, fake_tmdb):
    [row] = call(client, "get", "/api/v3/movie/lookup?term=tmdb:949").json()
    assert row["id"] == movie.pk
    assert row["path"] == movie.path
    assert row["monitored"] is True
    assert fake_tmdb.requests == []  # the library answers without asking TMDB


def test_lookup_by_unknown_tmdb_id_is_an_empty_list(client, fake_tmdb):
    response = call(client, "get", "/api/v3/movie/lookup?term=tmdb:999999999")
    assert response.status_code == 200
    assert response.json() == []


def test_lookup_by_imdb_id_finds_the_movie(client, fake_tmdb):
    rows = call(client, "get", "/api/v3/movie/lookup?term=imdb:tt0133093").json()
    assert [(r["id"], r["tmdbId"]) for r in rows] == [(0, MATRIX)]


def test_lookup_by_title_marks_library_movies_with_their_id(client, movie, fake_tmdb):
    rows = call(client, "get", "/api/v3/movie/lookup?term=heat").json()
    heat = next(r for r in rows if r["tmdbId"] == 949)
    assert heat["id"] == movie.pk
    assert heat["path"] == movie.path
    assert all(r["id"] == 0 for r in rows if r["tmdbId"] != 949)


def test_lookup_rejects_a_malformed_tmdb_id_naming_term(client, fake_tmdb):
    response = call(client, "get", "/api/v3/movie/lookup?term=tmdb:abc")
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "term"
    assert fake_tmdb.requests == []


def test_lookup_without_tmdb_configured_is_503_saying_so(client, db, settings):
    settings.TMDB_API_KEY = ""
    response = call(client, "get", "/api/v3/movie/lookup?term=heat")
    assert response.status_code == 503
    assert "TMDB" in response.json()["message"]


def test_lookup_when_tmdb_refuses_the_key_is_503(client, fake_tmdb):
    fake_tmdb.fail_next(status=401)
    response = call(client, "get", "/api/v3/movie/lookup?term=tmdb:603")
    assert response.status_code == 503
    assert response.json()["message"].startswith("TMDB is not available")


def test_lookup_refuses_a_call_without_key(client, db):
    assert client.get("/api/v3/movie/lookup?term=heat").status_code == 401


def test_lookup_tmdb_answers_one_resource(client, fake_tmdb):
    body = call(client, "get", "/api/v3/movie/lookup/tmdb?tmdbId=603").json()
    assert (body["id"], body["tmdbId"], body["year"]) == (0, MATRIX, 1999)
    assert body["runtime"] > 0
    assert body["images"][0]["coverType"] == "poster"


def test_lookup_tmdb_of_an_unknown_movie_is_404(client, fake_tmdb):
    assert call(client, "get", "/api/v3/movie/lookup/tmdb?tmdbId=999999999").status_code == 404


def test_lookup_imdb_answers_one_resource(client, fake_tmdb):
    body = call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=tt0133093").json()
    assert (body["id"], body["tmdbId"]) == (0, MATRIX)


def test_lookup_imdb_of_a_library_movie_answers_the_library_row(client, movie, fake_tmdb):
    body = call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=tt0113277").json()
    assert body["id"] == movie.pk


def test_lookup_imdb_of_an_unknown_movie_is_404(client, fake_tmdb):
    assert call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=tt9999999").status_code == 404


def test_lookup_imdb_rejects_a_malformed_id_naming_imdb_id(client, fake_tmdb):
    response = call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=nonsense")
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "imdbId"


def test_lookup_by_imdb_term_answers_tmdbs_full_details(client, fake_tmdb):
    [row] = call(client, "get", "/api/v3/movie/lookup?term=imdb:tt0133093").json()
    assert (row["id"], row["tmdbId"], row["imdbId"]) == (0, MATRIX, "tt0133093")
    assert row["runtime"] > 0 and row["inCinemas"]


def test_lookup_by_title_gives_the_release_date_and_rating_tmdb_searched(client, fake_tmdb):
    rows = call(client, "get", "/api/v3/movie/lookup?term=matrix").json()
    matrix = next(r for r in rows if r["tmdbId"] == MATRIX)
    assert matrix["id"] == 0
    assert matrix["inCinemas"].startswith("1999-")
    assert matrix["isAvailable"] is True and matrix["status"] == "released"
    assert matrix["ratings"]["tmdb"]["value"] > 0
