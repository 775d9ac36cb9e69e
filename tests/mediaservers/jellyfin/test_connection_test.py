"""The Jellyfin / Emby Test button: public info (the right product), then the libraries."""

from __future__ import annotations

import json
import re

import pytest

from mediaservers.clients.base import ConnectionConfig
from radarr_site.http.errors import AuthError, BadResponse
from tests.mediaservers.jellyfin.conftest import CLASSES
from tests.servers.jellyfin import fixture, jellyfin_server


def test_passes_against_the_right_product_with_a_movie_library(server, make_client):
    make_client().test()

    assert [r["endpoint"] for r in server.requests] == ["info", "folders"]


def test_says_the_server_refused_the_key(server, make_client, product):
    with pytest.raises(AuthError, match="refused the API key") as caught:
        make_client(api_key="not-the-key-4242").test()

    assert caught.value.status == 401
    assert "not-the-key-4242" not in str(caught.value)
    assert ("Jellyfin" if product == "jellyfin" else "Emby") in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "plays", "said"),
    [
        ("jellyfin", "emby", "answers as Emby 4.8.8.0, not Jellyfin"),
        ("emby", "jellyfin", "answers as Jellyfin Server 10.10.7, not Emby"),
    ],
)
def test_a_connection_to_the_other_product_says_so(kind, plays, said):
    with jellyfin_server(plays) as other:
        client = CLASSES[kind](
            ConnectionConfig(
                id=4, name="Den", kind=kind, base_url=other.base_url, api_key=other.api_key
            )
        )
        with pytest.raises(BadResponse, match=re.escape(said)):
            client.test()


def test_accepts_the_recorded_public_info_of_each_product(server, make_client, product):
    name = f"system_info_public_{product}.json"
    server.answers["info"] = (200, fixture(name), "application/json")

    make_client().test()


def test_fails_when_the_address_is_not_such_a_server(server, make_client):
    server.answers["info"] = (200, json.dumps({"status": "ok"}).encode(), "application/json")

    with pytest.raises(BadResponse, match="does not look like a"):
        make_client().test()


def test_fails_clearly_without_a_movie_library(server, make_client):
    server.folders = [f for f in server.folders if f.collection_type == "tvshows"]

    with pytest.raises(BadResponse, match="has no movie library"):
        make_client().test()


def test_a_mixed_library_counts_as_a_movie_library(server, make_client):
    server.folders = [f for f in server.folders if f.collection_type == "tvshows"]
    server.add_folder("Everything", ["/media"], None)

    make_client().test()
