"""Fixtures for the movies tests: the fake TMDB server and a seeded quality profile."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.fakes.tmdb import FakeTmdb


@pytest.fixture(scope="session")
def _fake_tmdb_server():
    fake = FakeTmdb().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_tmdb(_fake_tmdb_server, settings):
    """The fake TMDB, reset for this test, with TMDB_BASE_URL and TMDB_API_KEY pointing at it."""
    _fake_tmdb_server.reset()
    settings.TMDB_BASE_URL = _fake_tmdb_server.base_url
    settings.TMDB_API_KEY = _fake_tmdb_server.api_key
    cache.clear()  # the image base URL is cached per base URL; start each test cold
    yield _fake_tmdb_server
    _fake_tmdb_server.reset()


@pytest.fixture
def quality_profile(db):
    """Radarr's default "HD-1080p" profile, seeded by a migration."""
    from movies.models import QualityProfile

    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture
def posters(monkeypatch):
    """Poster URLs without TMDB's image configuration (no network in page tests)."""
    from movies import services

    def poster_url(path: str, size: str = "w342", base: str | None = None) -> str:
        return f"https://img.example/{size}{path}" if path else ""

    monkeypatch.setattr(services, "poster_url", poster_url)
