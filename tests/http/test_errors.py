"""Every failed outgoing call becomes one of the toolkit's error types, with a safe message."""

from __future__ import annotations

import pytest
from django.conf import settings

from radarr_site.http import (
    AuthError,
    BadResponse,
    HttpClient,
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
)
from tests.http.conftest import Reply

SECRET = "s3cret-api-key-0123456789"


def client_for(url: str, **kwargs) -> HttpClient:
    kwargs.setdefault("retries", 0)
    return HttpClient(
        "errors-test", url, label="Test service", params={"api_key": SECRET}, **kwargs
    )


def test_read_timeout_is_unavailable(service):
    service.reply("/slow", Reply(delay=1.0))

    with pytest.raises(Unavailable):
        client_for(service.url, timeout=(2.0, 0.2)).request("GET", "/slow")


def test_read_timeout_message_says_the_service_did_not_answer_in_time(service):
    service.reply("/slow", Reply(delay=1.0))

    with pytest.raises(Unavailable, match="did not answer in time"):
        client_for(service.url, timeout=(2.0, 0.2)).request("GET", "/slow")


def test_connect_timeout_is_unavailable(unanswered_url):
    with pytest.raises(Unavailable, match="did not answer in time"):
        client_for(unanswered_url, timeout=(0.2, 5.0)).request("GET", "/movie")


def test_connection_refused_is_unavailable(refused_url):
    with pytest.raises(Unavailable, match="unreachable"):
        client_for(refused_url).request("GET", "/movie")


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_are_an_auth_error_and_never_retried(service, status):
    service.reply("/movie", Reply(status=status, body=b'{"status_message": "Invalid API key"}'))

    with pytest.raises(AuthError) as caught:
        client_for(service.url, retries=3).request("GET", "/movie")

    assert caught.value.status == status
    assert caught.value.retryable is False
    assert len(service.requests_to("/movie")) == 1


def test_missing_resource_is_not_found(service):
    service.reply("/movie/999999", Reply(status=404, body=b'{"status_code": 34}'))

    with pytest.raises(NotFound) as caught:
        client_for(service.url).request("GET", "/movie/999999")

    assert caught.value.status == 404


def test_unexpected_client_error_is_a_bad_response(service):
    service.reply("/movie", Reply(status=422, body=b"{}"))

    with pytest.raises(BadResponse, match="HTTP 422"):
        client_for(service.url).request("GET", "/movie")


def test_server_error_is_unavailable_with_its_status(service):
    service.reply("/movie", Reply(status=502, body=b"<html>Bad gateway</html>"))

    with pytest.raises(Unavailable) as caught:
        client_for(service.url).request("GET", "/movie")

    assert caught.value.status == 502


def test_error_detail_from_the_body_is_added_to_the_message(service):
    service.reply("/movie", Reply(status=401, body=b'{"status_message": "Invalid API key"}'))
    client = client_for(service.url, error_detail=lambda r: r.json()["status_message"])

    with pytest.raises(AuthError, match="Invalid API key"):
        client.request("GET", "/movie")


def test_a_malformed_error_body_does_not_hide_the_status(service):
    service.reply("/movie", Reply(status=404, body=b"<html>not json</html>"))
    client = client_for(service.url, error_detail=lambda r: r.json()["status_message"])

    with pytest.raises(NotFound, match="HTTP 404"):
        client.request("GET", "/movie")


def test_malformed_json_is_a_bad_response(service):
    service.reply("/movie", Reply(body=b'{"results": [1, 2,'))

    with pytest.raises(BadResponse, match="malformed JSON"):
        client_for(service.url).json("GET", "/movie")


def test_an_html_page_instead_of_json_is_a_bad_response_naming_the_content_type(service):
    service.reply(
        "/movie",
        Reply(body=b"<html><body>Login</body></html>", headers={"Content-Type": "text/html"}),
    )

    with pytest.raises(BadResponse, match="text/html"):
        client_for(service.url).json("GET", "/movie")


def test_json_body_is_decoded(service):
    service.reply("/movie/603", Reply(body=b'{"id": 603, "title": "The Matrix"}'))

    assert client_for(service.url).json("GET", "/movie/603") == {"id": 603, "title": "The Matrix"}


def test_user_agent_is_sent(service):
    service.reply("/movie", Reply())

    client_for(service.url).request("GET", "/movie")

    assert service.requests_to("/movie")[0].headers["User-Agent"] == settings.HTTP_USER_AGENT


def test_api_key_params_are_sent(service):
    service.reply("/movie", Reply())

    client_for(service.url).request("GET", "/movie", params={"page": 2})

    path = service.requests_to("/movie")[0].path
    assert f"api_key={SECRET}" in path
    assert "page=2" in path


SCENARIOS = {
    "401": [Reply(status=401)],
    "404": [Reply(status=404)],
    "429": [Reply(status=429, headers={"Retry-After": "600"})],
    "500": [Reply(status=500)],
    "422": [Reply(status=422)],
    "timeout": [Reply(delay=1.0)],
    "malformed": [Reply(body=b"{oops")],
    "too large": [Reply(body=b"x" * 2048)],
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_error_messages_name_the_service_but_never_the_url_or_api_key(service, scenario):
    service.reply("/3/movie", *SCENARIOS[scenario])
    client = client_for(service.url + "/3", timeout=(2.0, 0.3), max_bytes=1024)

    with pytest.raises(IntegrationError) as caught:
        client.json("GET", "/movie")

    message = str(caught.value)
    assert "Test service" in message
    assert SECRET not in message
    assert "http://" not in message
    assert "/3/movie" not in message


def test_refused_connection_message_never_carries_the_url_or_api_key(refused_url):
    with pytest.raises(Unavailable) as caught:
        client_for(refused_url + "/3").request("GET", "/movie")

    assert SECRET not in str(caught.value)
    assert "http://" not in str(caught.value)


def test_rate_limited_without_retry_after_has_no_wait(service):
    service.reply("/movie", Reply(status=429, headers={}))

    with pytest.raises(RateLimited) as caught:
        client_for(service.url).request("GET", "/movie")

    assert caught.value.retry_after is None


def test_a_password_in_the_address_never_reaches_the_message(refused_url):
    with_password = refused_url.replace("http://", "http://alice:hunter2-pw@")

    with pytest.raises(Unavailable) as caught:
        client_for(with_password).request("GET", "/movie")

    assert "hunter2-pw" not in str(caught.value) and "alice" not in str(caught.value)
    assert refused_url.removeprefix("http://").split("/")[0] in str(caught.value)
