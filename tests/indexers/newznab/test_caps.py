"""t=caps → Capabilities."""

from __future__ import annotations

import pytest
from lxml import etree

from indexers.clients.newznab.caps import parse_caps
from radarr_site.http.errors import BadResponse
from tests.servers.torznab import FIXTURES


def _caps(body: bytes):
    return parse_caps(etree.fromstring(body), "Fake (h)")


def test_reads_search_params_limits_and_title_from_recorded_caps():
    caps = _caps((FIXTURES / "caps.xml").read_bytes())
    assert caps.search_params == {"q"}
    assert caps.movie_params == {"q", "imdbid", "tmdbid"}
    assert (caps.limit_max, caps.limit_default) == (100, 50)
    assert caps.server_title == "Jackett: TorrentLeech"


def test_reads_categories_with_subcategories():
    caps = _caps((FIXTURES / "caps.xml").read_bytes())
    movies = caps.categories[0]
    assert (movies.id, movies.name) == (2000, "Movies")
    assert [s.id for s in movies.subcategories] == [2030, 2040, 2045, 2050]
    assert 100001 in caps.category_ids()


def test_an_unavailable_movie_search_has_no_params():
    body = (
        b'<caps><searching><search available="yes" supportedParams="q"/>'
        b'<movie-search available="no" supportedParams="q,imdbid"/></searching></caps>'
    )
    caps = _caps(body)
    assert caps.movie_params == frozenset()
    assert not caps.movie_search


def test_caps_without_searching_assume_text_search_only():
    caps = _caps(b"<caps><server title='x'/></caps>")
    assert caps.search_params == {"q"}
    assert caps.movie_params == frozenset()


def test_a_default_above_max_is_capped_and_bad_limits_fall_back():
    assert _caps(b'<caps><limits max="50" default="500"/></caps>').limit_default == 50
    assert _caps(b'<caps><limits max="x" default="-1"/></caps>').limit_max == 100


def test_a_non_caps_document_is_a_bad_response():
    with pytest.raises(BadResponse, match="not <caps>"):
        _caps(b"<rss/>")
