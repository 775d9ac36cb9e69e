"""The fake Plex and a client factory for the Plex client tests."""

from __future__ import annotations

import pytest

from mediaservers.clients.base import ConnectionConfig
from mediaservers.clients.plex import Plex
from tests.servers.plex import plex_server


@pytest.fixture
def plex():
    with plex_server() as server:
        yield server


@pytest.fixture
def make_client(plex):
    """A Plex client for the fake; keyword arguments override the configuration."""

    def make(**overrides) -> Plex:
        fields = {
            "id": 7,
            "name": "Living room",
            "kind": "plex",
            "base_url": plex.base_url,
            "api_key": plex.token,
            **overrides,
        }
        return Plex(ConnectionConfig(**fields))

    return make
