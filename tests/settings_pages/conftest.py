"""Fixtures for the settings pages: a movie that uses a root folder and a profile."""

from __future__ import annotations

import pytest

from movies.models import Movie, QualityProfile


@pytest.fixture
def hd_profile(db):
    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture
def movie(root_folder, hd_profile):
    return Movie.objects.create(
        tmdb_id=603,
        imdb_id="tt0133093",
        title="The Matrix",
        year=1999,
        quality_profile=hd_profile,
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )
