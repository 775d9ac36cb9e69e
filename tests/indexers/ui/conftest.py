"""Fixtures for the search UI tests: an available Matrix, one fake indexer row, a fake
download client, and an empty results cache."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from indexers.models import Indexer
from tests.fakes.download_client import make_client


@pytest.fixture
def movie(matrix):
    """The Matrix, released long ago (so availability rejects nothing)."""
    matrix.digital_release = datetime.date(1999, 9, 21)
    matrix.imdb_id = "tt0133093"
    matrix.save()
    cache.clear()  # interactive results are cached per movie and user
    yield matrix
    cache.clear()


@pytest.fixture
def indexer(fake_indexers):
    return Indexer.objects.create(name="Fakebay", kind="fakeidx", base_url="http://127.0.0.1:1")


@pytest.fixture
def client_row(fake_kinds):
    return make_client(name="Fake qBit")
