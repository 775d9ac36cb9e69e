"""The fake Torznab / Newznab server for the newznab client tests (and any test that
imports this fixture): one server for the session, emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from indexers.clients import build_client
from indexers.clients.base import IndexerConfig
from tests.servers.torznab import API_KEY, TorznabServer, torznab_server


@pytest.fixture(scope="session")
def torznab_session() -> Iterator[TorznabServer]:
    with torznab_server() as server:
        yield server


@pytest.fixture
def torznab(torznab_session: TorznabServer) -> Iterator[TorznabServer]:
    """The running fake with no indexers; add them with `torznab.add(slug, ...)`."""
    torznab_session.reset()
    yield torznab_session
    torznab_session.reset()


def make_config(
    server: TorznabServer, slug: str, *, kind: str = "torznab", **fields: Any
) -> IndexerConfig:
    """An IndexerConfig pointing at one of the fake's indexers (its key, no id)."""
    values: dict[str, Any] = {
        "id": None,
        "name": f"Fake {slug}",
        "kind": kind,
        "base_url": server.url_for(slug),
        "api_key": API_KEY,
        **fields,
    }
    return IndexerConfig(**values)


def make_client(server: TorznabServer, slug: str, *, kind: str = "torznab", **fields: Any):
    """The real client of `kind` for a fake indexer."""
    return build_client(make_config(server, slug, kind=kind, **fields))
