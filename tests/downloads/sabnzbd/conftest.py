"""Fixtures for the SABnzbd tests: a loopback NNTP server and a real SABnzbd using it."""

from __future__ import annotations

import os

import pytest

from downloads.clients.base import ClientConfig
from downloads.clients.sabnzbd import Sabnzbd
from tests.servers import sabnzbd as server
from tests.servers.nntp import nntp_server


@pytest.fixture(scope="session")
def sab_nntp():
    with nntp_server() as nntp:
        yield nntp


@pytest.fixture(scope="session")
def sabnzbd(sab_nntp, tmp_path_factory):
    if not server.available():
        reason = "sabnzbdplus is not installed (run .ci/install-sabnzbd as root)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    with server.sabnzbd_server(tmp_path_factory.mktemp("sabnzbd"), sab_nntp.port) as running:
        yield running


def make_config(base_url: str, **overrides) -> ClientConfig:
    values = {
        "id": None,
        "name": "test",
        "kind": "sabnzbd",
        "base_url": base_url,
        "api_key": server.API_KEY,
        "category": server.CATEGORY,
        **overrides,
    }
    return ClientConfig(**values)


@pytest.fixture
def client(sabnzbd) -> Sabnzbd:
    return Sabnzbd(make_config(sabnzbd.base_url))
