"""A fake HDBits per test and a client configured for it."""

from __future__ import annotations

import pytest

from indexers.clients.base import IndexerConfig
from indexers.clients.hdbits import HDBits
from tests.servers.hdbits import hdbits_server


@pytest.fixture
def hdbits():
    with hdbits_server() as server:
        yield server


def make_config(server, **overrides) -> IndexerConfig:
    fields = {
        "id": 9,
        "name": "HDBits",
        "kind": "hdbits",
        "base_url": server.base_url,
        "api_key": server.passkey,
        "username": server.username,
        "priority": 5,
        "requests_per_minute": 0,
    }
    fields.update(overrides)
    return IndexerConfig(**fields)


@pytest.fixture
def client(hdbits) -> HDBits:
    return HDBits(make_config(hdbits), timeout=(2.0, 1.0))
