"""Fixtures for the movies tests: the fake TMDB server and a seeded quality profile."""

from __future__ import annotations

import pytest


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
