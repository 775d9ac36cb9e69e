"""Every failure an indexer can answer with becomes a clear toolkit error, without the key."""

from __future__ import annotations

import pytest

from indexers.clients.base import SearchCriteria
from indexers.clients.newznab import client as client_module
from indexers.clients.newznab.client import NewznabFamily
from radarr_site.http.errors import AuthError, BadResponse, RateLimited, Unavailable
from tests.fakes import free_port
from tests.indexers.newznab.conftest import make_client
from tests.servers.torznab import API_KEY

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093")


def _search_error(torznab, failure: str, **fields) -> Exception:
    idx = torznab.add("tl", failure=failure, **fields)
    idx.items = [{"title": "The.Matrix.1999.1080p-GRP", "imdb": "0133093", "size": 1}]
    with pytest.raises(Exception) as caught:
        make_client(torznab, "tl", name="TL").search(MATRIX)
    assert API_KEY not in str(caught.value)
    return caught.value


def test_a_timeout_is_unavailable(torznab, monkeypatch):
    monkeypatch.setattr(NewznabFamily, "timeout", (1.0, 0.3))
    error = _search_error(torznab, "timeout", hang=1.0)
    assert isinstance(error, Unavailable)
    assert "did not answer in time" in str(error)
    assert torznab.count("tl", "movie") == 1  # a read timeout is not retried


def test_a_refused_connection_is_unavailable(settings):
    from indexers.clients import build_client
    from indexers.clients.base import IndexerConfig

    config = IndexerConfig(
        id=None, name="TL", kind="torznab", base_url=f"http://127.0.0.1:{free_port()}"
    )
    with pytest.raises(Unavailable, match="unreachable"):
        build_client(config).search(MATRIX)


def test_a_server_error_is_unavailable_after_retries(torznab):
    error = _search_error(torznab, "500")
    assert isinstance(error, Unavailable) and "HTTP 500" in str(error)
    assert torznab.count("tl", "movie") == 3  # one try and two retries


def test_a_server_error_that_clears_is_retried_to_success(torznab):
    idx = torznab.add("tl", failure="503", fail_times=1)
    idx.items = [{"title": "The.Matrix.1999.1080p-GRP", "imdb": "0133093", "size": 1}]
    assert len(make_client(torznab, "tl").search(MATRIX)) == 1


def test_429_is_rate_limited_with_retry_after(torznab):
    error = _search_error(torznab, "429", retry_after=120)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 120
    assert torznab.count("tl", "movie") == 1  # a pause longer than the cap is not waited out


def test_a_request_limit_error_code_is_rate_limited(torznab):
    assert isinstance(_search_error(torznab, "error429"), RateLimited)


def test_an_html_login_page_says_so(torznab):
    error = _search_error(torznab, "html")
    assert isinstance(error, BadResponse)
    assert "answered with an HTML page, not XML (a login page? check the URL and API key)" in str(
        error
    )


def test_malformed_xml_is_a_bad_response(torznab):
    error = _search_error(torznab, "malformed")
    assert isinstance(error, BadResponse) and "malformed XML (line" in str(error)


def test_an_xml_bomb_is_refused(torznab):
    error = _search_error(torznab, "bomb")
    assert isinstance(error, BadResponse) and "DOCTYPE" in str(error)


def test_an_external_entity_never_leaks_the_file(torznab, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    error = _search_error(torznab, "xxe", xxe_path=str(secret))
    assert isinstance(error, BadResponse)
    assert "TOP-SECRET-CONTENT" not in str(error)


def test_an_empty_feed_is_no_releases(torznab):
    torznab.add("tl", failure="empty")
    assert make_client(torznab, "tl").search(MATRIX) == []


def test_a_wrong_api_key_error_100_is_an_auth_error(torznab):
    error = _search_error(torznab, "error100")
    assert isinstance(error, AuthError)
    assert "refused the API key (code 100: Incorrect user credentials)" in str(error)


def test_http_401_is_an_auth_error_with_the_description(torznab):
    error = _search_error(torznab, "401")
    assert isinstance(error, AuthError)
    assert "HTTP 401" in str(error) and "Incorrect user credentials" in str(error)
    assert torznab.count("tl", "movie") == 1  # credentials are never retried


def test_an_account_suspended_error_is_an_auth_error(torznab):
    error = _search_error(torznab, "error101")
    assert isinstance(error, AuthError) and "account is suspended" in str(error)


def test_api_disabled_is_unavailable(torznab):
    error = _search_error(torznab, "error910")
    assert isinstance(error, Unavailable) and "API is disabled" in str(error)


def test_a_body_over_the_size_cap_is_refused(torznab, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_BYTES", 20_000)
    idx = torznab.add("tl")
    idx.items = [
        {"title": f"The.Matrix.1999.1080p-G{i}", "imdb": "0133093", "size": 1} for i in range(100)
    ]
    with pytest.raises(BadResponse, match="more than the 20000 allowed"):
        make_client(torznab, "tl").search(MATRIX)


def test_failing_caps_fail_the_test_with_the_mapped_error(torznab):
    torznab.add("tl", failure="html", fail_functions={"caps"})
    with pytest.raises(BadResponse, match="HTML page"):
        make_client(torznab, "tl").test()
