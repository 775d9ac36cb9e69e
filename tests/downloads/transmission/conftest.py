"""Fixtures for the Transmission client: the real daemon (session-wide) and a client for it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest
from downloads.clients.transmission import Transmission
from tests.servers import transmission as server
from tests.servers.torrent_file import make_torrent


@pytest.fixture(scope="session")
def transmission_server(tmp_path_factory):
    if not server.available():
        reason = f"{server.BINARY} is not installed (apt-get install transmission-daemon)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with server.running_transmission(tmp_path_factory.mktemp("transmission")) as running:
        yield running


def make_config(running: server.TransmissionServer, **overrides) -> ClientConfig:
    values = {
        "id": None,
        "name": "Transmission",
        "kind": "transmission",
        "base_url": running.url,
        "username": running.username,
        "password": running.password,
        "category": "radarr",
    }
    return ClientConfig(**{**values, **overrides})


@pytest.fixture
def transmission(transmission_server) -> Transmission:
    return Transmission(make_config(transmission_server))


def seeded_request(folder: Path, title: str | None = None) -> DownloadRequest:
    """A .torrent for a file already in `folder`: the client completes it offline."""
    title = title or f"Tr.Movie.{uuid.uuid4().hex[:8]}.2018.1080p.mkv"
    path = folder / title
    path.write_bytes(os.urandom(200_000))
    content, info_hash = make_torrent(path)
    return DownloadRequest(
        title=title, protocol=TORRENT, content=content, file_name=f"{title}.torrent",
        info_hash=info_hash,
    )  # fmt: skip


@pytest.fixture
def seeded(transmission_server) -> DownloadRequest:
    return seeded_request(transmission_server.download_dir)
