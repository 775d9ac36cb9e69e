"""Fixtures of the pyarr tests: a pyarr client on the live server, a loopback Torznab
indexer, The Matrix in the library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pyarr import RadarrAPI

from indexers.models import Indexer
from movies.models import Movie, QualityProfile
from radarr_site.api.keys import current_api_key
from tests.fakes.download_client import fake_kinds, make_client  # noqa: F401 (fixture)
from tests.movies.factories import make_movie
from tests.servers.torznab import API_KEY, TorznabServer, torznab_server

MATRIX = 603  # The Matrix in tests/fixtures/tmdb
MATRIX_IMDB = "tt0133093"
RELEASE = {"title": "The.Matrix.1999.1080p.BluRay.x264-GRP", "imdb": "0133093", "size": 2**30}


@pytest.fixture
def radarr(live_server) -> RadarrAPI:
    return RadarrAPI(live_server.url, current_api_key())


@pytest.fixture
def profile() -> QualityProfile:
    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture(scope="module")
def torznab_module() -> Iterator[TorznabServer]:
    with torznab_server() as server:
        yield server


@pytest.fixture
def torznab(torznab_module: TorznabServer) -> Iterator[TorznabServer]:
    torznab_module.reset()
    torznab_module.add("movies", items=[RELEASE])
    yield torznab_module
    torznab_module.reset()


@pytest.fixture
def indexer(torznab: TorznabServer) -> Indexer:
    return Indexer.objects.create(
        name="Loopback Torznab",
        kind="torznab",
        base_url=torznab.url_for("movies"),
        api_key=API_KEY,
        categories=[2000],
        requests_per_minute=0,
    )


@pytest.fixture
def matrix(root_folder, profile) -> Movie:
    return make_movie(
        root_folder,
        title="The Matrix",
        year=1999,
        tmdb_id=MATRIX,
        imdb_id=MATRIX_IMDB,
        quality_profile=profile,
        in_cinemas=dt.date(1999, 3, 31),
    )
