"""Fixtures for the request pages: TMDB answering, a library to approve into, searches
recorded instead of queued, and request rows made directly."""

from __future__ import annotations

import itertools

import pytest

from movies.models.requests import MovieRequest
from radarr_site.accounts.roles import MEMBER
from tests.conftest import make_user

_tmdb_ids = itertools.count(800_000)


@pytest.fixture
def searches(monkeypatch):
    """The movie searches an approval queues, as (movie pk, source), instead of a task."""
    from indexers import services as indexer_services

    queued: list[tuple[int, str]] = []
    monkeypatch.setattr(
        indexer_services,
        "queue_movie_search",
        lambda movie_id, source="automatic", **kw: queued.append((movie_id, source)),
    )
    return queued


@pytest.fixture
def library(fake_tmdb, root_folder, quality_profile, searches, posters):
    """TMDB answering, a root folder and the default profiles, searches recorded."""
    return root_folder


@pytest.fixture
def other_member(db):
    """A second Member (carol), whose requests bob must never see."""
    return make_user("carol", MEMBER)


def make_request(user, **fields) -> MovieRequest:
    """A request row as request_movie would have stored it."""
    values = {
        "tmdb_id": next(_tmdb_ids),
        "title": "Some Movie",
        "year": 2001,
        "poster_path": "/poster.jpg",
        "requested_by": user,
    }
    values.update(fields)
    return MovieRequest.objects.create(**values)
