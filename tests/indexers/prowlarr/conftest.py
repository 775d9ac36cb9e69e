"""A fake Prowlarr per test and a client configured for it."""

from __future__ import annotations

import pytest

from indexers.clients.base import IndexerConfig
from indexers.clients.prowlarr import Prowlarr
from tests.servers.prowlarr import prowlarr_server


@pytest.fixture
def prowlarr():
    with prowlarr_server() as server:
        yield server


def make_config(server, **overrides) -> IndexerConfig:
    fields = {
        "id": 7,
        "name": "Prowlarr",
        "kind": "prowlarr",
        "base_url": server.base_url,
        "api_key": server.api_key,
        "categories": (2000,),
        "priority": 20,
        "requests_per_minute": 0,
    }
    fields.update(overrides)
    return IndexerConfig(**fields)


@pytest.fixture
def client(prowlarr) -> Prowlarr:
    return Prowlarr(make_config(prowlarr), timeout=(2.0, 1.0))
