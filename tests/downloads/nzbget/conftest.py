"""Fixtures for the NZBGet tests: a loopback NNTP server and a real NZBGet using it."""

from __future__ import annotations

import os

import pytest

from downloads.clients.base import ClientConfig
from downloads.clients.nzbget import NzbGet
from tests.servers import nzbget as server
from tests.servers.nntp import nntp_server


@pytest.fixture(scope="session")
def nntp():
    with nntp_server() as nntp:
        yield nntp


@pytest.fixture(scope="session")
def nzbget(nntp, tmp_path_factory):
    if not server.available():
        reason = "nzbget is not installed (apt-get install nzbget)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    with server.nzbget_server(tmp_path_factory.mktemp("nzbget"), nntp.port) as running:
        yield running


def make_config(base_url: str, **overrides) -> ClientConfig:
    values = {
        "id": None,
        "name": "test",
        "kind": "nzbget",
        "base_url": base_url,
        "username": server.USERNAME,
        "password": server.PASSWORD,
        "category": "Movies",
        **overrides,
    }
    return ClientConfig(**values)


@pytest.fixture
def client(nzbget) -> NzbGet:
    return NzbGet(make_config(nzbget.base_url))
