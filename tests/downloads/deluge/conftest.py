"""Fixtures for the Deluge client: real deluged + deluge-web (session-wide) and clients for them."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest
from downloads.clients.deluge import Deluge
from tests.servers import deluge as server
from tests.servers.torrent_file import make_torrent


def _require_deluge() -> None:
    if not server.available():
        reason = "deluged / deluge-web are not installed (apt-get install deluged deluge-web)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def deluge_server(tmp_path_factory):
    """Started without the web UI connected to its daemon: the client must connect it."""
    _require_deluge()
    root = tmp_path_factory.mktemp("deluge")
    with server.running_deluge(root, auto_connect=False) as running:
        yield running


@pytest.fixture(scope="session")
def deluge_without_label(tmp_path_factory):
    """A daemon whose Label plugin is installed but switched off."""
    _require_deluge()
    root = tmp_path_factory.mktemp("deluge-nolabel")
    with server.running_deluge(root, label_plugin=False) as running:
        yield running


def make_config(running: server.DelugeServer, **overrides) -> ClientConfig:
    values = {
        "id": None,
        "name": "Deluge",
        "kind": "deluge",
        "base_url": running.url,
        "password": running.password,
        "category": "radarr",
    }
    return ClientConfig(**{**values, **overrides})


@pytest.fixture
def deluge(deluge_server) -> Deluge:
    return Deluge(make_config(deluge_server))


def seeded_request(folder: Path, title: str | None = None) -> DownloadRequest:
    """A .torrent for a file already in `folder`: Deluge completes it offline."""
    title = title or f"Dl.Movie.{uuid.uuid4().hex[:8]}.2019.1080p.mkv"
    path = folder / title
    path.write_bytes(os.urandom(220_000))
    content, info_hash = make_torrent(path)
    return DownloadRequest(
        title=title,
        protocol=TORRENT,
        content=content,
        file_name=f"{title}.torrent",
        info_hash=info_hash,
    )


@pytest.fixture
def seeded(deluge_server) -> DownloadRequest:
    return seeded_request(deluge_server.download_dir)
