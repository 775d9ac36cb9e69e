"""Helpers for the search tests: fake indexer rows and releases of The Matrix."""

from __future__ import annotations

import pytest
from django.utils import timezone

from indexers.models import Indexer
from tests.fakes.download_client import make_release
from tests.fakes.indexer import FakeFeed


def make_indexer(name: str = "One", **fields) -> Indexer:
    """An Indexer row of the in-process fake kind (the fake_indexers fixture registers it),
    with capabilities fetched just now (so a search does not fetch them first)."""
    fields.setdefault("kind", "fakeidx")
    fields.setdefault("capabilities", FakeFeed().caps.as_dict())
    fields.setdefault("capabilities_at", timezone.now())
    fields.setdefault("base_url", "http://127.0.0.1:1")
    fields.setdefault("requests_per_minute", 0)
    return Indexer.objects.create(name=name, **fields)


def matrix_release(title: str = "The.Matrix.1999.1080p.BluRay.x264-GRP", n: int = 1, **fields):
    """A release of The Matrix with its own guid and info hash (magnet link)."""
    info_hash = f"{n:040x}"
    fields.setdefault("seeders", 50)
    fields.setdefault("guid", f"https://indexer.example/details/{n}")
    fields.setdefault("info_hash", info_hash)
    fields.setdefault("download_url", f"magnet:?xt=urn:btih:{info_hash}&dn=matrix")
    return make_release(title, **fields)


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    """The wanted search does not pause between movies in tests."""
    from indexers.search import wanted

    monkeypatch.setattr(wanted, "PAUSE_S", 0)


@pytest.fixture
def matrix(matrix):
    """The Matrix as released (on disc since 1999), so its releases can be accepted."""
    import datetime

    matrix.in_cinemas = datetime.date(1999, 3, 31)
    matrix.physical_release = datetime.date(1999, 9, 21)
    matrix.runtime = 136
    matrix.save()
    return matrix
