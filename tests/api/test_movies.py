"""API v3 movie endpoints: list, get, lookup, add, edit, delete (Radarr's field names)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from movies.models import Movie, MovieFile, QualityProfile, Tag
from radarr_site.api.keys import current_api_key
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db

MATRIX = 603  # The Matrix in tests/fixtures/tmdb


def call(client, method: str, path: str, body=None, **extra):
    """A key-authenticated API call; `body` is sent as JSON."""
    kwargs = {"HTTP_X_API_KEY": current_api_key(), **extra}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def profile(db):
    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture
def movie(root_folder, profile):
    tag = Tag.objects.create(label="kids")
    movie = make_movie(
        root_folder,
        title="Heat",
        year=1995,
        tmdb_id=949,
        imdb_id="tt0113277",
        quality_profile=profile,
        original_language="en",
        in_cinemas=dt.date(1995, 12, 15),
        digital_release=dt.date(2000, 1, 1),
        poster_path="/heat.jpg",
        rating=7.9,
        votes=6000,
        collection_tmdb_id=None,
        tags=[tag],
    )
    MovieFile.objects.create(
        movie=movie,
        relative_path="Heat (1995).mkv",
        size=8_000_000_000,
        quality_id=7,  # Bluray-1080p
        release_group="GRP",
        languages=["english"],
        media_info={"video_codec": "x264", "audio_codec": "DTS"},
    )
    return Movie.objects.get(pk=movie.pk)


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
