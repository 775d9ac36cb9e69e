"""Jackett: one indexer or the `all` aggregate, through Jackett's Torznab URL shape."""

from __future__ import annotations

import pytest

from indexers.clients import build_client
from indexers.clients.base import Capabilities, IndexerConfig, SearchCriteria
from indexers.clients.jackett import Jackett
from radarr_site.http.errors import AuthError, BadResponse
from tests.servers.torznab import API_KEY

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093")
CAPS = Capabilities(movie_params=frozenset({"q", "imdbid"}))


def _jackett(server, indexer: str | None = None, **fields) -> Jackett:
    options = {"indexer": indexer} if indexer else {}
    values = {
        "id": None,
        "name": "Jackett",
        "kind": "jackett",
        "base_url": server.base_url,
        "api_key": API_KEY,
        "options": options,
        "capabilities": CAPS,
        **fields,
    }
    client = build_client(IndexerConfig(**values))
    assert isinstance(client, Jackett)
    return client


def _item(title: str) -> dict:
    return {"title": title, "imdb": "0133093", "size": 10**9, "seeders": 3}


def test_the_default_indexer_is_all_and_merges_every_indexer(torznab):
    torznab.add("tl").items = [_item("The.Matrix.1999.1080p-TL")]
    torznab.add("ipt").items = [_item("The.Matrix.1999.2160p-IPT")]
    releases = _jackett(torznab).search(MATRIX)
    assert sorted(r.title for r in releases) == [
        "The.Matrix.1999.1080p-TL",
        "The.Matrix.1999.2160p-IPT",
    ]
    assert torznab.count("tl", "movie") == 1 and torznab.count("ipt", "movie") == 1


def test_all_leaves_out_a_failing_indexer(torznab):
    torznab.add("tl").items = [_item("The.Matrix.1999.1080p-TL")]
    torznab.add("down", failure="500").items = [_item("The.Matrix.1999.720p-DOWN")]
    assert [r.title for r in _jackett(torznab).search(MATRIX)] == ["The.Matrix.1999.1080p-TL"]


def test_a_single_indexer_uses_its_own_torznab_path(torznab):
    torznab.add("tl").items = [_item("The.Matrix.1999.1080p-TL")]
    torznab.add("ipt").items = [_item("The.Matrix.1999.2160p-IPT")]
    client = _jackett(torznab, "ipt")
    assert client.api_path_for() == "/api/v2.0/indexers/ipt/results/torznab/api"
    assert [r.title for r in client.search(MATRIX)] == ["The.Matrix.1999.2160p-IPT"]
    assert torznab.count("tl") == 0


def test_the_configured_api_path_is_ignored(torznab):
    torznab.add("tl").items = [_item("The.Matrix.1999.1080p-TL")]
    assert len(_jackett(torznab, "tl", api_path="/wrong").search(MATRIX)) == 1


def test_a_pasted_torznab_url_is_used_as_it_is(torznab):
    torznab.add("tl").items = [_item("The.Matrix.1999.1080p-TL")]
    url = torznab.base_url + "/api/v2.0/indexers/tl/results/torznab/"
    assert len(_jackett(torznab, base_url=url).search(MATRIX)) == 1


def test_a_wrong_jackett_key_is_an_auth_error(torznab):
    torznab.add("tl")
    with pytest.raises(AuthError, match="refused the API key"):
        _jackett(torznab, api_key="wrong").search(MATRIX)


def test_an_indexer_id_with_a_slash_is_refused(torznab):
    with pytest.raises(BadResponse, match="not a valid id"):
        _jackett(torznab, "../admin").search(MATRIX)


def test_caps_come_from_the_aggregate(torznab):
    torznab.add("tl")
    caps = _jackett(torznab).capabilities()
    assert caps.server_title == "Jackett (all)"
    assert caps.supports("imdbid")
