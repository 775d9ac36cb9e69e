"""Every failure the Prowlarr client meets becomes the toolkit's error, with a clear message."""

from __future__ import annotations

import pytest

from indexers.clients.base import SearchCriteria
from indexers.clients.prowlarr import Prowlarr
from indexers.clients.prowlarr import client as prowlarr_module
from radarr_site.http.errors import AuthError, BadResponse, RateLimited, Unavailable
from tests.fakes import free_port
from tests.indexers.prowlarr.conftest import make_config

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093", tmdb_id=603)


def test_a_wrong_api_key_is_an_auth_error_saying_the_key_was_refused(prowlarr):
    client = Prowlarr(make_config(prowlarr, api_key="not-the-key"))
    with pytest.raises(AuthError, match=r"refused the API key \(HTTP 401\)"):
        client.test()


def test_a_wrong_api_key_on_search_is_an_auth_error_too(prowlarr):
    client = Prowlarr(make_config(prowlarr, api_key="not-the-key"))
    with pytest.raises(AuthError, match="refused the API key"):
        client.search(MATRIX)


def test_the_api_key_never_appears_in_an_error_message(prowlarr):
    client = Prowlarr(make_config(prowlarr, api_key="secret-key-123"))
    with pytest.raises(AuthError) as caught:
        client.test()
    assert "secret-key-123" not in str(caught.value)


def test_a_search_that_outlasts_the_timeout_is_unavailable(client, prowlarr, monkeypatch):
    monkeypatch.setattr(prowlarr_module, "SEARCH_TIMEOUT", (2.0, 0.3))
    prowlarr.failure, prowlarr.hang = "timeout", 1.0
    with pytest.raises(Unavailable, match="did not answer in time"):
        client.search(MATRIX)


def test_a_refused_connection_is_unavailable(prowlarr):
    client = Prowlarr(make_config(prowlarr, base_url=f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(Unavailable, match="unreachable"):
        client.recent()


def test_a_server_error_is_unavailable_with_prowlarrs_message(client, prowlarr):
    prowlarr.failure = "500"
    with pytest.raises(Unavailable, match="HTTP 500: Database is locked"):
        client.search(MATRIX)


def test_a_passing_server_error_is_retried(client, prowlarr):
    prowlarr.failure, prowlarr.fail_times = "500", 1
    assert len(client.search(MATRIX)) == 3
    assert len(prowlarr.requests) == 2


def test_429_is_rate_limited_with_the_retry_after(client, prowlarr):
    prowlarr.failure, prowlarr.retry_after = "429", 120
    with pytest.raises(RateLimited) as caught:
        client.search(MATRIX)
    assert caught.value.retry_after == 120


def test_malformed_json_is_a_bad_response(client, prowlarr):
    prowlarr.failure = "malformed"
    with pytest.raises(BadResponse, match="malformed JSON"):
        client.search(MATRIX)


def test_an_html_login_page_is_a_bad_response(client, prowlarr):
    prowlarr.failure = "html"
    with pytest.raises(BadResponse, match=r"malformed JSON \(text/html\)"):
        client.recent()


def test_an_html_page_instead_of_the_status_fails_the_test(client, prowlarr):
    prowlarr.failure = "html"
    with pytest.raises(BadResponse):
        client.test()


def test_a_status_without_a_version_fails_the_test(client, prowlarr):
    prowlarr.status = {"appName": "Something else"}
    with pytest.raises(BadResponse, match="did not answer like Prowlarr"):
        client.test()


def test_an_indexer_list_that_is_not_a_list_is_a_bad_response(client, prowlarr):
    prowlarr.indexers = {"error": "nope"}
    with pytest.raises(BadResponse, match="indexer list with dict"):
        client.list_indexers()
