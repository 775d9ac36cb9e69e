"""The Test button with the real kinds against the fake Plex, Jellyfin and Emby servers and
the webhook receiver on 127.0.0.1: what a user sees for a working server, a wrong token,
a server that is down, and a webhook's test event with its method, auth and headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.mediaservers.settings.posted import hook_data, media_data
from tests.servers.jellyfin import jellyfin_server
from tests.servers.plex import closed_port, plex_server
from tests.servers.webhook import webhook_receiver

pytestmark = pytest.mark.django_db

TEST = reverse("settings:connection_test")
HTMX = {"HTTP_HX_REQUEST": "true"}


def post(client, kind, data):
    return client.post(TEST, {"kind": kind, **data}, **HTMX).content.decode()


def test_plex_names_its_libraries(admin_client):
    with plex_server() as plex:
        html = post(admin_client, "plex", media_data(base_url=plex.base_url, api_key=plex.token))
    assert "test failed" not in html
    assert "Connected" in html and "Movies (" in html


def test_plex_with_a_wrong_token_says_so_without_the_token(admin_client):
    with plex_server() as plex:
        data = media_data(base_url=plex.base_url, api_key="wrong-token-5150")
        html = post(admin_client, "plex", data)
    assert "test failed" in html and "Check the token or API key" in html
    assert "wrong-token-5150" not in html


def test_plex_that_is_down_says_check_the_url(admin_client):
    data = media_data(base_url=f"http://127.0.0.1:{closed_port()}", api_key="t")
    html = post(admin_client, "plex", data)
    assert "test failed" in html and "Check the URL" in html


@pytest.mark.parametrize("product", ["jellyfin", "emby"])
def test_jellyfin_and_emby_name_their_libraries(admin_client, product):
    with jellyfin_server(product=product) as server:
        data = media_data(base_url=server.base_url, api_key=server.api_key)
        html = post(admin_client, product, data)
    assert "test failed" not in html and "Connected" in html


def test_jellyfin_with_a_wrong_key_is_refused(admin_client):
    with jellyfin_server() as server:
        html = post(admin_client, "jellyfin", media_data(base_url=server.base_url, api_key="bad"))
    assert "test failed" in html and "Refused" in html


def test_webhook_test_event_goes_with_method_auth_and_headers(admin_client):
    with webhook_receiver() as receiver:
        receiver.auth = ("radarr", "s3cret")
        data = hook_data(
            base_url=receiver.url,
            method="PUT",
            username="radarr",
            password="s3cret",
            headers_text="X-Api-Key: abc123",
        )
        html = post(admin_client, "webhook", data)
        got = receiver.requests
    assert "Sent a test event" in html
    assert len(got) == 1 and got[0].method == "PUT" and got[0].json["eventType"] == "Test"
    assert {k.lower(): v for k, v in got[0].headers.items()}["x-api-key"] == "abc123"


def test_webhook_refusing_the_password_says_so(admin_client):
    with webhook_receiver() as receiver:
        receiver.auth = ("radarr", "s3cret")
        data = hook_data(base_url=receiver.url, username="radarr", password="wrong-pw-77")
        html = post(admin_client, "webhook", data)
    assert "test failed" in html and "Refused" in html
    assert "wrong-pw-77" not in html
