"""The Plex Test button: identity first, then the libraries with the token."""

from __future__ import annotations

import pytest

from radarr_site.http.errors import AuthError, BadResponse


def test_passes_against_a_plex_with_a_movie_library(plex, make_client):
    make_client().test()

    assert [r["endpoint"] for r in plex.requests] == ["identity", "sections"]


def test_says_plex_refused_the_token(plex, make_client):
    with pytest.raises(AuthError, match="Plex refused the token") as caught:
        make_client(api_key="wrong-token-9876").test()

    assert caught.value.status == 401
    assert "wrong-token-9876" not in str(caught.value)


def test_says_no_token_is_set(plex, make_client):
    with pytest.raises(AuthError, match="none is set"):
        make_client(api_key="").test()

    assert "X-Plex-Token" not in plex.requests[-1]["headers"]


def test_fails_clearly_when_plex_has_no_movie_library(plex, make_client):
    plex.sections = [s for s in plex.sections if s.type != "movie"]

    with pytest.raises(BadResponse, match="Plex has no movie library"):
        make_client().test()


def test_fails_when_the_address_is_not_a_plex_server(plex, make_client):
    plex.answers["identity"] = (200, b'{"MediaContainer": {"size": 0}}', "application/json")

    with pytest.raises(BadResponse, match="does not look like a Plex Media Server"):
        make_client().test()


def test_asks_for_json_so_plex_does_not_answer_xml(plex, make_client):
    make_client().test()

    assert all(r["headers"]["Accept"] == "application/json" for r in plex.requests)
