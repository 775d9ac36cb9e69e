"""Fixtures for the qBittorrent client: the real qbittorrent-nox and clients configured for it."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from downloads.clients.base import ClientConfig, ClientItem
from downloads.clients.qbittorrent import QBittorrent
from downloads.clients.qbittorrent.api import forget_sessions
from tests.servers import qbittorrent as server


def require_binary() -> None:
    """Skip without qbittorrent-nox, except in CI, where it must be installed."""
    if server.binary() is None:
        reason = f"{server.BINARY} is not installed (apt-get install qbittorrent-nox)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_sessions():
    """Each test signs in for itself: no SID left over from another test."""
    forget_sessions()
    yield
    forget_sessions()


@pytest.fixture(scope="session")
def qbt_server(tmp_path_factory):
    """One qbittorrent-nox for the session; tests keep apart by their own category."""
    require_binary()
    # A generous fail count: one test's wrong password must not ban the others.
    with server.run_qbittorrent(tmp_path_factory.mktemp("qbt"), max_fails=100) as running:
        yield running


@pytest.fixture
def own_qbt_server(tmp_path):
    """A qbittorrent-nox of this test's own (bans, restarts), banning after one failure."""
    require_binary()
    with server.run_qbittorrent(tmp_path / "qbt", max_fails=1) as running:
        yield running


def make_config(running: server.QbtServer, **overrides) -> ClientConfig:
    values = {
        "id": None,
        "name": "qBittorrent",
        "kind": "qbittorrent",
        "base_url": running.base_url,
        "username": running.username,
        "password": running.password,
        "category": "radarr-" + uuid.uuid4().hex[:8],
    }
    return ClientConfig(**{**values, **overrides})


@pytest.fixture
def qbt(qbt_server) -> QBittorrent:
    """A client for the shared server with a category no other test uses."""
    return QBittorrent(make_config(qbt_server))


@pytest.fixture
def movie_file(qbt_server) -> Callable[[str], Path]:
    """Write a random 'movie' into the server's download folder (the torrent then completes)."""

    def write(title: str = "Sample.Movie", size: int = 200_000) -> Path:
        # Straight into the default save path, where qBittorrent looks; unique per test.
        path = qbt_server.downloads / f"{title}.{uuid.uuid4().hex[:6]}.2020.1080p.mkv"
        path.write_bytes(os.urandom(size))
        return path

    return write


def wait_for(
    client: QBittorrent, download_id: str, done: Callable[[ClientItem | None], bool], timeout=15.0
) -> ClientItem | None:
    """Poll the client until `done(item)` (states change lazily, up to ~1.5 s)."""
    deadline = time.monotonic() + timeout
    item = client.status(download_id)
    while not done(item):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; last seen {item!r}")
        time.sleep(0.2)
        item = client.status(download_id)
    return item
