"""The HDBits client against the fake HDBits API: the queries it posts and its mapping."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from indexers.clients import build_client
from indexers.clients.base import SearchCriteria
from indexers.clients.hdbits import DEFAULT_BASE_URL, HDBits
from indexers.release import TORRENT, IndexerFlags
from tests.indexers.hdbits.conftest import make_config

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093", tmdb_id=603)


def by_title(releases):
    return {r.title: r for r in releases}


def test_registry_builds_the_hdbits_client(hdbits):
    assert isinstance(build_client(make_config(hdbits)), HDBits)


def test_defaults_to_hdbits_org_without_an_address():
    nowhere = SimpleNamespace(base_url="", passkey="k", username="u")
    client = HDBits(make_config(nowhere))
    assert client.http().base_url == DEFAULT_BASE_URL + "/"


def test_search_by_imdb_id_posts_credentials_id_category_and_limit(client, hdbits):
    client.search(MATRIX)
    request = hdbits.requests[-1]
    assert request["path"] == "/api/torrents"
    assert request["body"] == {
        "username": hdbits.username,
        "passkey": hdbits.passkey,
        "category": [1],
        "imdb": {"id": 133093},
        "limit": 100,
        "page": 0,
    }


def test_search_without_an_imdb_id_searches_title_and_year(client, hdbits):
    releases = client.search(SearchCriteria(title="Heat", year=1995))
    assert hdbits.requests[-1]["body"]["search"] == "Heat 1995"
    assert "imdb" not in hdbits.requests[-1]["body"]
    assert [r.title for r in releases] == ["Heat 1995 1080p BluRay DD5.1 x264-DON"]


def test_search_by_imdb_id_returns_only_that_movie(client):
    assert len(client.search(MATRIX)) == 2


def test_uses_configured_categories_only_when_they_are_hdbits_ids(hdbits):
    HDBits(make_config(hdbits, categories=(1, 3))).search(MATRIX)
    assert hdbits.requests[-1]["body"]["category"] == [1, 3]
    HDBits(make_config(hdbits, categories=(2000, 2040))).search(MATRIX)
    assert hdbits.requests[-1]["body"]["category"] == [1]


def test_codec_and_medium_options_narrow_the_search(hdbits):
    options = {"codecs": [5], "mediums": [5, "junk"]}
    releases = HDBits(make_config(hdbits, options=options)).search(MATRIX)
    body = hdbits.requests[-1]["body"]
    assert body["codec"] == [5] and body["medium"] == [5]
    assert [r.title for r in releases] == [
        "The Matrix 1999 UHD BluRay 2160p TrueHD Atmos 7.1 HEVC REMUX-FraMeSToR"
    ]


def test_recent_posts_only_credentials_category_and_limit(client, hdbits):
    releases = client.recent()
    assert set(hdbits.requests[-1]["body"]) == {"username", "passkey", "category", "limit"}
    assert releases[0].title.startswith("Heat")  # newest first
    assert len(releases) == 3


def test_recent_keeps_the_codec_and_medium_options_as_radarr_does(hdbits):
    options = {"codecs": [5], "mediums": [5]}
    releases = HDBits(make_config(hdbits, options=options)).recent()
    body = hdbits.requests[-1]["body"]
    assert body["codec"] == [5] and body["medium"] == [5]
    assert [r.title for r in releases] == [
        "The Matrix 1999 UHD BluRay 2160p TrueHD Atmos 7.1 HEVC REMUX-FraMeSToR"
    ]


def test_maps_every_field_of_a_torrent(client, hdbits):
    release = by_title(client.search(MATRIX))["The Matrix 1999 1080p BluRay DTS x264-CtrlHD"]
    assert release.protocol == TORRENT
    assert release.size == 14920138752
    assert release.info_hash == "0f1e2d3c4b5a69788796a5b4c3d2e1f00a1b2c3d"
    assert release.seeders == 187
    assert release.peers == 189
    assert release.publish_date == datetime(2011, 10, 12, tzinfo=UTC)
    assert release.download_url == (
        f"{hdbits.base_url}/download.php?id=412345&passkey={hdbits.passkey}"
    )
    assert release.info_url == f"{hdbits.base_url}/details.php?id=412345"
    assert release.guid == "HDBits-412345"
    assert release.imdb_id == "tt0133093"
    assert release.indexer_flags == IndexerFlags.INTERNAL


def test_freeleech_yes_sets_the_freeleech_flag(client):
    release = by_title(client.search(MATRIX))[
        "The Matrix 1999 UHD BluRay 2160p TrueHD Atmos 7.1 HEVC REMUX-FraMeSToR"
    ]
    assert release.indexer_flags == IndexerFlags.FREELEECH


def test_stamps_our_indexer_on_each_release(client):
    release = client.search(MATRIX)[0]
    assert (release.indexer, release.indexer_id, release.indexer_priority) == ("HDBits", 9, 5)


def test_falls_back_to_the_iso_added_date_without_utadded(client, hdbits):
    del hdbits.torrents[2]["utadded"]
    release = client.search(SearchCriteria(title="Heat", year=1995))[0]
    assert release.publish_date == datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)


@pytest.mark.parametrize("change", [{"size": "big"}, {"name": ""}, {"name": None}, {"id": None}])
def test_skips_and_counts_a_torrent_it_cannot_read(client, hdbits, change):
    hdbits.torrents[0].update(change)
    releases = client.recent()
    assert len(releases) == 2
    assert client.skipped == 1


def test_an_empty_answer_is_no_releases(client, hdbits):
    hdbits.torrents.clear()
    assert client.search(MATRIX) == []


def test_capabilities_search_by_imdb_id_only(client):
    caps = client.capabilities()
    assert caps.supports("imdbid")
    assert not caps.supports("tmdbid")
    assert 1 in caps.category_ids()


def test_test_runs_a_one_item_query(client, hdbits):
    client.test()
    assert hdbits.requests[-1]["body"]["limit"] == 1


def test_the_indexers_own_rate_limit_applies_to_its_session(hdbits):
    from requests_ratelimiter import LimiterAdapter

    session = HDBits(make_config(hdbits, requests_per_minute=6)).http().session
    assert isinstance(session.get_adapter(hdbits.base_url), LimiterAdapter)


def test_a_huge_utadded_loses_only_the_date_not_the_search(client, hdbits):
    hdbits.torrents[2]["utadded"] = 10**20
    del hdbits.torrents[2]["added"]
    releases = client.search(SearchCriteria(title="Heat", year=1995))
    assert [r.publish_date for r in releases] == [None]
    assert client.skipped == 0


@pytest.mark.parametrize("stamp", [10**20, 1e300, float("inf"), -5, "yesterday", [1], None])
def test_a_hostile_utadded_is_read_as_no_date_and_the_item_counts_as_read(client, hdbits, stamp):
    item = {**hdbits.torrents[0], "utadded": stamp}
    item.pop("added", None)
    releases = client.releases_from([item])
    assert len(releases) == 1 and releases[0].publish_date is None
    assert client.skipped == 0
