"""How each product gets the key: Jellyfin in Authorization (Jellyfin 12 ignores
X-Emby-Token), Emby in X-Emby-Token."""

from __future__ import annotations

import pytest

from mediaservers.clients.base import ConnectionConfig
from mediaservers.clients.jellyfin import Emby, Jellyfin
from tests.servers.jellyfin import jellyfin_server


def _config(server, kind: str) -> ConnectionConfig:
    return ConnectionConfig(
        id=3, name="Den", kind=kind, base_url=server.base_url, api_key=server.api_key
    )


def test_jellyfin_sends_the_key_in_a_mediabrowser_authorization_header():
    with jellyfin_server("jellyfin") as server:
        Jellyfin(_config(server, "jellyfin")).sections()

        headers = server.requests[-1]["headers"]
    assert headers["Authorization"] == f'MediaBrowser Token="{server.api_key}"'


def test_jellyfin_works_with_a_jellyfin_12_that_ignores_x_emby_token():
    with jellyfin_server("jellyfin") as server:
        server.legacy_auth = False

        Jellyfin(_config(server, "jellyfin")).refresh("/media/movies/Heat (1995)")

        assert len(server.updates) == 1


def test_emby_sends_the_key_in_x_emby_token():
    with jellyfin_server("emby") as server:
        Emby(_config(server, "emby")).sections()

        headers = server.requests[-1]["headers"]
    assert headers["X-Emby-Token"] == server.api_key
    assert "Authorization" not in headers


@pytest.mark.parametrize("kind", ["jellyfin", "emby"])
def test_no_key_sends_no_auth_header_and_says_none_is_set(kind):
    with jellyfin_server(kind) as server:
        client = {"jellyfin": Jellyfin, "emby": Emby}[kind](
            ConnectionConfig(id=3, name="Den", kind=kind, base_url=server.base_url)
        )
        with pytest.raises(Exception, match="asks for an API key and none is set"):
            client.sections()

        headers = server.requests[-1]["headers"]
    assert "Authorization" not in headers
    assert "X-Emby-Token" not in headers


def test_emby_reached_under_its_emby_prefix():
    with jellyfin_server("emby") as server:
        config = ConnectionConfig(
            id=3,
            name="Den",
            kind="emby",
            base_url=f"{server.base_url}/emby",
            api_key=server.api_key,
        )
        Emby(config).refresh("/media/movies/Heat (1995)")

        assert [r["path"] for r in server.requests] == [
            "/emby/Library/VirtualFolders",
            "/emby/Library/Media/Updated",
        ]
