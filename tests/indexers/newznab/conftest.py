"""The fake Torznab / Newznab server for the newznab client tests (and any test that
imports this fixture): one server for the session, emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.torznab import TorznabServer, torznab_server


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
