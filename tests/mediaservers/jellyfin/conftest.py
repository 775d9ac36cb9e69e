"""The fake Jellyfin / Emby and client factories; most tests run against both products."""

from __future__ import annotations

import pytest

from mediaservers.clients.base import ConnectionConfig
from mediaservers.clients.jellyfin import Emby, Jellyfin
from tests.servers.jellyfin import jellyfin_server

CLASSES = {"jellyfin": Jellyfin, "emby": Emby}


@pytest.fixture(params=["jellyfin", "emby"])
def product(request) -> str:
    return request.param


@pytest.fixture
def server(product):
    with jellyfin_server(product) as fake:
        yield fake


@pytest.fixture
def make_client(server, product):
    """A client of the fake's kind; keyword arguments override the configuration."""

    def make(kind: str | None = None, **overrides) -> Jellyfin:
        fields = {
            "id": 11,
            "name": "Den",
            "kind": kind or product,
            "base_url": server.base_url,
            "api_key": server.api_key,
            **overrides,
        }
        return CLASSES[fields["kind"]](ConnectionConfig(**fields))

    return make
