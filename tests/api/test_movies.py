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
