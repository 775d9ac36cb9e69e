"""Every Jellyfin / Emby failure becomes one of the toolkit's errors, without the key."""

from __future__ import annotations

import time

import pytest

from mediaservers.clients.jellyfin import Jellyfin
from radarr_site.http.errors import AuthError, BadResponse, Unavailable
from tests.servers.jellyfin import closed_port


def test_an_unauthorized_refresh_is_an_auth_error(server, make_client):
    server.failure = "401"
    server.fail_endpoints = {"updated"}

    with pytest.raises(AuthError, match=r"Den \(127\.0\.0\.1:\d+\): .* refused the API key"):
        make_client().refresh("/media/movies/Heat (1995)")
    assert server.refreshes == 0


def test_an_unreachable_server_is_unavailable(make_client):
    client = make_client(base_url=f"http://127.0.0.1:{closed_port()}")

    with pytest.raises(Unavailable, match="is unreachable"):
        client.refresh("/media/movies/Heat (1995)")


def test_a_server_error_on_the_listing_is_unavailable_after_retries(server, make_client):
    server.failure = "500"

    with pytest.raises(Unavailable, match="failed with HTTP 500"):
        make_client().refresh("/media/movies/Heat (1995)")
    assert len(server.requests) == 3  # the GET and its two retries


def test_a_server_error_on_the_post_is_not_retried_and_not_turned_into_a_refresh(
    server, make_client
):
    server.failure = "500"
    server.fail_endpoints = {"updated"}

    with pytest.raises(Unavailable, match="failed with HTTP 500"):
        make_client().refresh("/media/movies/Heat (1995)")
    assert [r["endpoint"] for r in server.requests] == ["folders", "updated"]
    assert server.refreshes == 0


def test_a_slow_server_is_unavailable_after_the_read_timeout(server, make_client, monkeypatch):
    monkeypatch.setattr(Jellyfin, "timeout", (1.0, 0.3))
    server.failure = "slow"
    server.hang = 1.0

    started = time.monotonic()
    with pytest.raises(Unavailable, match="did not answer in time"):
        make_client().sections()
    assert time.monotonic() - started < 0.9
    assert len(server.requests) == 1


def test_the_default_timeouts_are_five_and_fifteen_seconds(make_client):
    assert make_client().http.timeout == (5.0, 15.0)


def test_malformed_json_is_a_bad_response(server, make_client):
    server.failure = "malformed"

    with pytest.raises(BadResponse, match="malformed JSON"):
        make_client().sections()


@pytest.mark.parametrize(
    "body",
    [
        b"{}",
        b'["Movies"]',
        b'[{"Locations": ["/media/movies"]}]',
        b'[{"Name": "Movies", "Locations": "/media/movies"}]',
    ],
)
def test_a_wrong_shape_is_a_bad_response(server, make_client, body):
    server.answers["folders"] = (200, body, "application/json")

    with pytest.raises(BadResponse):
        make_client().refresh("/media/movies/Heat (1995)")
    assert server.updates == [] and server.refreshes == 0


def test_a_public_info_that_is_not_an_object_is_a_bad_response(server, make_client):
    server.answers["info"] = (200, b'"hello"', "application/json")

    with pytest.raises(BadResponse):
        make_client().test()


def test_no_message_carries_the_key(server, make_client):
    messages = []
    for failure in ("401", "500", "malformed"):
        server.failure = failure
        with pytest.raises((AuthError, Unavailable, BadResponse)) as caught:
            make_client().refresh("/media/movies/Heat (1995)")
        messages.append(str(caught.value))

    assert all(server.api_key not in message for message in messages)
    assert len(set(messages)) == 3
