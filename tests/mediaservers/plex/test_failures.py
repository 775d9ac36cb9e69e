"""Every Plex failure becomes one of the toolkit's errors, named, without the token."""

from __future__ import annotations

import time

import pytest

from mediaservers.clients.plex import Plex
from radarr_site.http.errors import AuthError, BadResponse, NotFound, Unavailable
from tests.servers.plex import closed_port, fixture


def test_an_unauthorized_refresh_is_an_auth_error(plex, make_client):
    plex.failure = "401"
    plex.fail_endpoints = {"sections"}

    with pytest.raises(AuthError, match=r"Living room \(127\.0\.0\.1:\d+\): Plex refused"):
        make_client().refresh("/data/movies/Heat (1995)")
    assert plex.refreshes == []


def test_an_unreachable_plex_is_unavailable(make_client):
    client = make_client(base_url=f"http://127.0.0.1:{closed_port()}")

    with pytest.raises(Unavailable, match=r"Living room .* is unreachable"):
        client.refresh("/data/movies/Heat (1995)")


def test_a_server_error_is_unavailable_after_retrying_the_get(plex, make_client):
    plex.failure = "500"

    with pytest.raises(Unavailable, match="failed with HTTP 500") as caught:
        make_client().refresh("/data/movies/Heat (1995)")
    assert caught.value.status == 500
    assert len(plex.requests) == 3  # the GET and its two retries


def test_a_passing_server_error_is_retried_and_the_scan_goes_through(plex, make_client):
    plex.failure = "500"
    plex.fail_times = 1

    make_client().refresh("/data/movies/Heat (1995)")

    assert plex.refreshes == [("1", "/data/movies/Heat (1995)")]


def test_a_slow_plex_is_unavailable_after_the_read_timeout(plex, make_client, monkeypatch):
    monkeypatch.setattr(Plex, "timeout", (1.0, 0.3))
    plex.failure = "slow"
    plex.hang = 1.0

    started = time.monotonic()
    with pytest.raises(Unavailable, match="did not answer in time"):
        make_client().refresh("/data/movies/Heat (1995)")
    assert time.monotonic() - started < 0.9  # a read timeout is not retried
    assert len(plex.requests) == 1


def test_the_default_timeouts_are_five_and_fifteen_seconds(make_client):
    assert make_client().http.timeout == (5.0, 15.0)


def test_malformed_json_is_a_bad_response(plex, make_client):
    plex.failure = "malformed"

    with pytest.raises(BadResponse, match="malformed JSON"):
        make_client().sections()


def test_an_xml_answer_is_a_bad_response_not_a_crash(plex, make_client):
    plex.answers["sections"] = (200, fixture("sections.xml"), "text/xml;charset=utf-8")

    with pytest.raises(BadResponse, match=r"malformed JSON \(text/xml\)"):
        make_client().sections()


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'{"MediaContainer": []}',
        b'{"MediaContainer": {"Directory": {"key": "1"}}}',
        b'{"MediaContainer": {"Directory": ["movies"]}}',
        b'{"MediaContainer": {"Directory": [{"title": "No key"}]}}',
        b'{"MediaContainer": {"Directory": [{"key": "1", "Location": "/data"}]}}',
    ],
)
def test_a_wrong_shape_is_a_bad_response(plex, make_client, body):
    plex.answers["sections"] = (200, body, "application/json")

    with pytest.raises(BadResponse):
        make_client().sections()


def test_an_unknown_section_on_refresh_is_not_found(plex, make_client):
    # Plex answers 404 when a section went away between the listing and the scan.
    plex.answers["sections"] = (
        200,
        b'{"MediaContainer": {"Directory": [{"key": "99", "type": "movie", "title": "Gone",'
        b' "Location": [{"id": 1, "path": "/data/movies"}]}]}}',
        "application/json",
    )

    with pytest.raises(NotFound):
        make_client().refresh("/data/movies/Heat (1995)")


def test_no_message_carries_the_token(plex, make_client):
    messages = []
    for failure in ("401", "500", "malformed"):
        plex.failure = failure
        with pytest.raises((AuthError, Unavailable, BadResponse)) as caught:
            make_client().refresh("/data/movies/Heat (1995)")
        messages.append(str(caught.value))

    assert all(plex.token not in message for message in messages)
    assert len(set(messages)) == 3


def test_reads_the_recorded_unauthorized_page_as_refused(plex, make_client):
    plex.answers["sections"] = (401, fixture("unauthorized.html"), "text/html")

    with pytest.raises(AuthError, match="Plex refused the token"):
        make_client().sections()
