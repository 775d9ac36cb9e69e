"""HDBits' status codes and transport failures become the toolkit's errors; the passkey
never shows in a message."""

from __future__ import annotations

import logging

import pytest
import responses

from indexers.clients.base import IndexerConfig, SearchCriteria
from indexers.clients.hdbits import HDBits
from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    IntegrationError,
    RateLimited,
    Unavailable,
)
from tests.fakes import free_port
from tests.indexers.hdbits.conftest import make_config

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093")


def test_a_wrong_passkey_is_an_auth_error_with_the_status(hdbits):
    client = HDBits(make_config(hdbits, api_key="wrong-passkey-000"))
    with pytest.raises(AuthError) as caught:
        client.search(MATRIX)
    assert "HDBits refused the username or passkey (status 5: auth failed)" in str(caught.value)
    assert "wrong-passkey-000" not in str(caught.value)
    assert str(caught.value).endswith("(status 5: auth failed)")  # not its message again


def test_missing_credentials_are_an_auth_error_with_status_4(hdbits):
    client = HDBits(make_config(hdbits, username=""))
    with pytest.raises(AuthError, match=r"status 4: auth data missing"):
        client.recent()


def test_test_asks_for_credentials_before_calling_hdbits(hdbits):
    client = HDBits(make_config(hdbits, api_key=""))
    with pytest.raises(AuthError, match="enter the HDBits username and passkey"):
        client.test()
    assert hdbits.requests == []


@pytest.mark.parametrize(
    ("status", "wording"),
    [
        (1, "status 1: failure"),
        (3, "status 3: JSON malformed"),
        (6, "status 6: missing required parameters"),
        (7, "status 7: invalid parameter"),
        (8, "status 8: IMDb import failed"),
        (9, "status 9: IMDb TV not allowed"),
        (42, "status 42: unknown status"),
    ],
)
def test_other_statuses_are_bad_responses_with_hdbits_wording(client, hdbits, status, wording):
    hdbits.status = status
    with pytest.raises(BadResponse, match=wording):
        client.search(MATRIX)


def test_a_message_echoing_the_passkey_is_scrubbed(client, hdbits):
    hdbits.answer = lambda query: {"status": 1, "message": f"bad passkey {hdbits.passkey}"}
    with pytest.raises(BadResponse) as caught:
        client.search(MATRIX)
    assert hdbits.passkey not in str(caught.value)
    assert "bad passkey ***" in str(caught.value)


def test_the_passkey_stays_out_of_the_log(hdbits, caplog):
    hdbits.torrents[0]["size"] = "big"
    client = HDBits(make_config(hdbits))
    with caplog.at_level(logging.DEBUG):
        client.recent()
    assert "skipped 1" in caplog.text
    assert hdbits.passkey not in caplog.text


def test_an_answer_without_a_status_is_a_bad_response(client, hdbits):
    hdbits.answer = lambda query: {"data": []}
    with pytest.raises(BadResponse, match="without an HDBits status"):
        client.search(MATRIX)


def test_data_that_is_not_a_list_is_a_bad_response(client, hdbits):
    hdbits.failure = "wrong_types"
    with pytest.raises(BadResponse, match="dict data instead of a list"):
        client.search(MATRIX)


def test_a_timeout_is_unavailable(client, hdbits):
    hdbits.failure, hdbits.hang = "timeout", 1.5
    with pytest.raises(Unavailable, match="did not answer in time"):
        client.search(MATRIX)


def test_a_refused_connection_is_unavailable(hdbits):
    client = HDBits(make_config(hdbits, base_url=f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(Unavailable, match="unreachable"):
        client.search(MATRIX)


def test_a_server_error_is_unavailable(client, hdbits):
    hdbits.failure = "500"
    with pytest.raises(Unavailable, match="HTTP 500"):
        client.search(MATRIX)


def test_429_is_rate_limited_with_the_retry_after(client, hdbits):
    hdbits.failure, hdbits.retry_after = "429", 90
    with pytest.raises(RateLimited) as caught:
        client.search(MATRIX)
    assert caught.value.retry_after == 90


def test_malformed_json_is_a_bad_response(client, hdbits):
    hdbits.failure = "malformed"
    with pytest.raises(BadResponse, match="malformed JSON"):
        client.search(MATRIX)


def test_an_html_login_page_is_a_bad_response(client, hdbits):
    hdbits.failure = "html"
    with pytest.raises(BadResponse, match=r"malformed JSON \(text/html\)"):
        client.test()


@pytest.mark.parametrize("status", [5, 7, 42])
@responses.activate
def test_an_hdbits_message_echoing_the_passkey_never_shows_it(status):
    passkey = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    message = f"Bad query for passkey {passkey} (download.php?passkey={passkey.upper()})"
    responses.post("http://hdbits.test/api/torrents", json={"status": status, "message": message})
    config = IndexerConfig(
        id=9,
        name="HDBits",
        kind="hdbits",
        base_url="http://hdbits.test",
        api_key=passkey,
        username="alice",
        requests_per_minute=0,
    )
    with pytest.raises(IntegrationError) as caught:
        HDBits(config).search(MATRIX)
    assert "Bad query for passkey ***" in str(caught.value)
    assert passkey not in str(caught.value).lower()
