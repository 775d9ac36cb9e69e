"""Fixtures of the API tests: the HD-1080p profile, a library movie with a file, Heat
without one (the command tests) and the automatic searches a command runs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from movies.models import Movie, MovieFile, QualityProfile, Tag
from tests.movies.factories import make_movie


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


@pytest.fixture
def heat(root_folder):
    return Movie.objects.create(
        tmdb_id=949,
        title="Heat",
        year=1995,
        quality_profile=QualityProfile.objects.first(),
        root_folder=root_folder,
        path=f"{root_folder.path}/Heat (1995)",
    )


@pytest.fixture
def searches(monkeypatch):
    """automatic_search as the runner looks it up, recording the movies searched."""
    from indexers import services as indexer_services

    searched = []

    def search(movie, *, user=None, source="automatic"):
        searched.append((movie.pk, source))
        grabbed = SimpleNamespace(source_title=f"{movie.title}.{movie.year}.1080p.BluRay-GRP")
        return SimpleNamespace(grabbed=grabbed, message="Grabbed")

    monkeypatch.setattr(indexer_services, "automatic_search", search)
    return searched
