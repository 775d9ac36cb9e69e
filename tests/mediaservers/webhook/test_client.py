"""The webhook client against a real receiver on 127.0.0.1: what arrives (method, headers,
auth, body), and every failure mapped to the toolkit's errors without leaking a secret."""

from __future__ import annotations

import base64
import time

import pytest

from mediaservers.clients import build_client
from mediaservers.clients.base import ConnectionConfig
from mediaservers.clients.webhook import Webhook, WebhookOptions
from radarr_site.http import AuthError, BadResponse, Unavailable
from tests.fakes import free_port
from tests.servers.webhook import webhook_receiver

SECRET = "s3cr3t-hook-password"
PAYLOAD = {"eventType": "Grab", "instanceName": "Radarr Site", "movie": {"title": "Léon"}}


@pytest.fixture
def receiver():
    with webhook_receiver() as running:
        yield running


def hook(url: str, **fields) -> Webhook:
    config = ConnectionConfig(id=7, name="Notifier", kind="webhook", base_url=url, **fields)
    return build_client(config)


def test_the_registry_builds_the_webhook_client():
    assert isinstance(hook("http://127.0.0.1:1/hook"), Webhook)


def test_posts_the_payload_as_json(receiver):
    hook(receiver.url).send(PAYLOAD)
    [request] = receiver.requests
    assert request.method == "POST"
    assert request.path == "/hook"
    assert request.headers["content-type"] == "application/json"
    assert request.json == PAYLOAD


def test_sends_our_user_agent(receiver, settings):
    hook(receiver.url).send(PAYLOAD)
    assert receiver.requests[0].headers["user-agent"] == settings.HTTP_USER_AGENT


def test_keeps_the_query_string_of_the_url(receiver):
    hook(f"{receiver.url}?token=abc&room=movies").send(PAYLOAD)
    assert receiver.requests[0].query == {"token": ["abc"], "room": ["movies"]}


def test_put_when_the_method_option_says_so(receiver):
    hook(receiver.url, options={"method": "put"}).send(PAYLOAD)
    assert receiver.requests[0].method == "PUT"


def test_rejects_a_method_radarr_does_not_offer():
    with pytest.raises(ValueError, match="POST, PUT"):
        WebhookOptions.from_dict({"method": "GET"})


def test_sends_basic_auth_when_a_username_is_set(receiver):
    receiver.auth = ("radarr", SECRET)
    hook(receiver.url, username="radarr", password=SECRET).send(PAYLOAD)
    expected = base64.b64encode(f"radarr:{SECRET}".encode()).decode()
    assert receiver.requests[0].headers["authorization"] == f"Basic {expected}"


def test_sends_no_authorization_without_credentials(receiver):
    hook(receiver.url).send(PAYLOAD)
    assert "authorization" not in receiver.requests[0].headers


def test_sends_the_custom_headers(receiver):
    hook(receiver.url, headers={"X-Api-Key": "abc123", "X-Source": "radarr-site"}).send(PAYLOAD)
    headers = receiver.requests[0].headers
    assert headers["x-api-key"] == "abc123"
    assert headers["x-source"] == "radarr-site"


def test_a_custom_header_never_replaces_the_content_type(receiver):
    hook(receiver.url, headers={"content-type": "text/plain"}).send(PAYLOAD)
    assert receiver.requests[0].headers["content-type"] == "application/json"


def test_a_custom_authorization_header_is_sent_without_basic_auth(receiver):
    hook(receiver.url, headers={"Authorization": "Bearer tok"}).send(PAYLOAD)
    assert receiver.requests[0].headers["authorization"] == "Bearer tok"


def test_basic_auth_wins_over_a_custom_authorization_header(receiver):
    receiver.auth = ("radarr", SECRET)
    hook(
        receiver.url, username="radarr", password=SECRET, headers={"Authorization": "Bearer x"}
    ).send(PAYLOAD)
    assert receiver.requests[0].headers["authorization"].startswith("Basic ")


def test_wrong_credentials_are_an_auth_error_without_the_password(receiver):
    receiver.auth = ("radarr", "the-right-one")
    with pytest.raises(AuthError) as caught:
        hook(receiver.url, username="radarr", password=SECRET).send(PAYLOAD)
    assert "HTTP 401" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_403_is_an_auth_error(receiver):
    receiver.mode = "403"
    with pytest.raises(AuthError, match="HTTP 403"):
        hook(receiver.url).send(PAYLOAD)


def test_500_is_unavailable_and_sent_once(receiver):
    receiver.mode = "500"
    with pytest.raises(Unavailable, match="HTTP 500"):
        hook(receiver.url).send(PAYLOAD)
    assert len(receiver.requests) == 1  # the outbox retries, not the client


def test_a_put_that_fails_is_not_retried_either(receiver):
    receiver.mode = "503"
    with pytest.raises(Unavailable, match="HTTP 503"):
        hook(receiver.url, options={"method": "PUT"}).send(PAYLOAD)
    assert len(receiver.requests) == 1


def test_a_slow_receiver_times_out_as_unavailable_once(receiver):
    receiver.mode = "slow"
    receiver.hang = 3.0
    started = time.monotonic()
    with pytest.raises(Unavailable, match="did not answer in time"):
        hook(receiver.url, options={"timeout": 0.5}).send(PAYLOAD)
    assert time.monotonic() - started < 2.5
    assert len(receiver.requests) == 1


def test_a_refused_connection_is_unavailable():
    with pytest.raises(Unavailable, match="unreachable"):
        hook(f"http://127.0.0.1:{free_port()}/hook").send(PAYLOAD)


def test_a_redirect_is_not_followed(receiver):
    receiver.mode = "redirect"
    with pytest.raises(BadResponse, match="HTTP 302"):
        hook(receiver.url).send(PAYLOAD)
    assert [r.path for r in receiver.requests] == ["/hook"]


def test_no_error_names_the_secret_in_the_url_or_the_password(receiver):
    receiver.mode = "500"
    url = f"http://radarr:{SECRET}@127.0.0.1:{receiver.port}/hook?token={SECRET}"
    with pytest.raises(Unavailable) as caught:
        hook(url, username="radarr", password=SECRET).send(PAYLOAD)
    assert SECRET not in str(caught.value)
    assert f"127.0.0.1:{receiver.port}" in str(caught.value)


def test_a_refused_connection_names_no_secret_either():
    url = f"http://127.0.0.1:{free_port()}/hook?token={SECRET}"
    with pytest.raises(Unavailable) as caught:
        hook(url, password=SECRET).send(PAYLOAD)
    assert SECRET not in str(caught.value)


def test_the_test_button_sends_radarrs_test_event(db, receiver):
    hook(receiver.url).test()
    [request] = receiver.requests
    assert request.json["eventType"] == "Test"
    assert request.json["movie"]["title"] == "Test Title"
