"""The Prowlarr client against the fake Prowlarr: requests it sends and how it maps answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from indexers.clients import KINDS, build_client
from indexers.clients.base import SearchCriteria
from indexers.clients.prowlarr import Prowlarr
from indexers.release import TORRENT, USENET, IndexerFlags
from radarr_site.http.errors import BadResponse
from tests.indexers.prowlarr.conftest import make_config

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093", tmdb_id=603)


def by_title(releases):
    return {r.title: r for r in releases}


def test_registry_builds_the_prowlarr_client(prowlarr):
    assert KINDS["prowlarr"][1] is None
    assert isinstance(build_client(make_config(prowlarr)), Prowlarr)


def test_search_by_ids_sends_prowlarrs_id_tokens_with_type_movie(client, prowlarr):
    client.search(MATRIX)
    query = prowlarr.requests[-1]["query"]
    assert prowlarr.requests[-1]["path"] == "/api/v1/search"
    assert query["type"] == ["movie"]
    assert query["query"] == ["{ImdbId:tt0133093}{TmdbId:603}"]


def test_search_sends_the_api_key_as_a_header_not_in_the_url(client, prowlarr):
    client.search(MATRIX)
    request = prowlarr.requests[-1]
    assert request["headers"]["X-Api-Key"] == prowlarr.api_key
    assert "apikey" not in request["query"]


def test_search_sends_each_category_as_its_own_parameter(prowlarr):
    client = Prowlarr(make_config(prowlarr, categories=(2040, 2045)))
    client.search(MATRIX)
    assert prowlarr.requests[-1]["query"]["categories"] == ["2040", "2045"]


def test_search_limits_to_the_chosen_prowlarr_indexers(prowlarr):
    client = Prowlarr(make_config(prowlarr, options={"indexer_ids": [2, "4", "junk"]}))
    releases = client.search(MATRIX)
    assert prowlarr.requests[-1]["query"]["indexerIds"] == ["2", "4"]
    assert {r.title for r in releases} == {
        "The.Matrix.1999.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-FGT",
        "The.Matrix.1999.720p.BluRay.x264-SiNNERS",
    }


def test_search_without_indexer_ids_asks_every_indexer(client, prowlarr):
    client.search(MATRIX)
    assert "indexerIds" not in prowlarr.requests[-1]["query"]


def test_search_without_ids_asks_for_title_and_year(client, prowlarr):
    criteria = SearchCriteria(title="The Matrix", year=1999)
    releases = client.search(criteria)
    query = prowlarr.requests[-1]["query"]
    assert query["type"] == ["search"]
    assert query["query"] == ["The Matrix 1999"]
    assert len(releases) == 3


def test_search_without_ids_also_asks_for_each_alternative_title(client, prowlarr):
    criteria = SearchCriteria(title="The Matrix", year=1999, alternative_titles=("Matrix",))
    client.search(criteria)
    asked = [r["query"]["query"][0] for r in prowlarr.requests]
    assert asked == ["The Matrix 1999", "Matrix 1999"]


def test_recent_is_an_empty_search_in_our_categories(client, prowlarr):
    releases = client.recent()
    query = prowlarr.requests[-1]["query"]
    assert query["type"] == ["search"] and query["query"] == [""]
    assert query["categories"] == ["2000"]
    # The TV episode is outside the movie categories, everything else comes back.
    assert len(releases) == 3


def test_maps_every_field_of_a_torrent_release(client, prowlarr):
    release = by_title(client.search(MATRIX))["The.Matrix.1999.1080p.BluRay.x264-AMIABLE"]
    assert release.size == 10468982784
    assert release.protocol == TORRENT
    assert release.seeders == 412
    assert release.peers == 435
    assert release.publish_date == datetime(2021, 1, 20, 18, 30, tzinfo=UTC)
    assert release.download_url.startswith(f"{prowlarr.base_url}/1/download?")
    assert (
        release.guid
        == "https://1337x.to/torrent/4921045/The-Matrix-1999-1080p-BluRay-x264-AMIABLE/"
    )
    assert release.info_url == release.guid
    assert release.info_hash == "a1b2c3d4e5f60718293a4b5c6d7e8f9011223344"
    assert release.imdb_id == "tt0133093"
    assert release.tmdb_id == 603
    assert release.indexer_flags == IndexerFlags.FREELEECH | IndexerFlags.INTERNAL


def test_stamps_our_indexer_and_names_prowlarrs_behind_it(client):
    release = by_title(client.search(MATRIX))["The.Matrix.1999.1080p.BluRay.x264-AMIABLE"]
    assert release.indexer_id == 7
    assert release.indexer_priority == 20
    assert release.indexer == "Prowlarr (1337x)"


def test_maps_a_usenet_release_without_seeders(client):
    release = by_title(client.search(MATRIX))[
        "The.Matrix.1999.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-FGT"
    ]
    assert release.protocol == USENET
    assert release.seeders is None and release.peers is None
    assert release.tmdb_id is None  # Prowlarr sends 0 for unknown
    assert release.info_url == "https://api.nzbgeek.info/details/8f2e6b1c0d"  # commentUrl


def test_uses_the_magnet_link_when_there_is_no_download_url(client):
    release = by_title(client.search(MATRIX))["The.Matrix.1999.720p.BluRay.x264-SiNNERS"]
    assert release.download_url.startswith("magnet:?xt=urn:btih:99aabbcc")
    assert release.indexer_flags == IndexerFlags.HALFLEECH | IndexerFlags.SCENE


def test_reads_indexer_flags_given_as_radarr_bits(client, prowlarr):
    prowlarr.releases[0]["indexerFlags"] = [1, 4, "doubleupload", "unknown"]
    release = by_title(client.search(MATRIX))["The.Matrix.1999.1080p.BluRay.x264-AMIABLE"]
    assert release.indexer_flags == IndexerFlags.FREELEECH | IndexerFlags.DOUBLE_UPLOAD


def test_reads_a_numeric_protocol_and_an_imdb_id_with_tt(client, prowlarr):
    prowlarr.releases[1]["protocol"] = 1
    prowlarr.releases[0]["imdbId"] = "tt0133093"
    releases = by_title(client.search(SearchCriteria(title="The Matrix", year=1999)))
    assert releases["The.Matrix.1999.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-FGT"].protocol == USENET
    assert releases["The.Matrix.1999.1080p.BluRay.x264-AMIABLE"].imdb_id == "tt0133093"


@pytest.mark.parametrize(
    "change",
    [
        {"size": "huge"},
        {"title": ""},
        {"title": 42},
        {"protocol": "ftp"},
        {"downloadUrl": None, "magnetUrl": None},
    ],
)
def test_skips_and_counts_a_release_it_cannot_read(client, prowlarr, change):
    prowlarr.releases[0].update(change)
    releases = client.recent()
    assert len(releases) == 2
    assert client.skipped == 1


def test_skips_an_entry_that_is_not_an_object(client, prowlarr):
    prowlarr.releases.append("The.Matrix.1999")
    client.recent()
    assert client.skipped == 1


def test_an_unreadable_date_leaves_the_release_undated(client, prowlarr):
    prowlarr.releases[0]["publishDate"] = "last tuesday"
    release = by_title(client.search(MATRIX))["The.Matrix.1999.1080p.BluRay.x264-AMIABLE"]
    assert release.publish_date is None


def test_an_object_instead_of_a_list_is_a_bad_response(client, prowlarr):
    prowlarr.failure = "wrong_types"
    with pytest.raises(BadResponse, match="dict instead of a list"):
        client.search(MATRIX)


def test_an_empty_answer_is_no_releases(client, prowlarr):
    prowlarr.releases.clear()
    assert client.search(MATRIX) == []
    assert client.skipped == 0


def test_list_indexers_gives_id_name_switch_protocol_priority_and_categories(client):
    indexers = {i["name"]: i for i in client.list_indexers()}
    assert set(indexers) == {"1337x", "NZBgeek", "AnimeTosho", "TorrentLeech"}
    assert indexers["1337x"] == {
        "id": 1,
        "name": "1337x",
        "enable": True,
        "protocol": TORRENT,
        "priority": 25,
        "categories": [2000, 2030, 2040, 2045, 5000, 5040, 100042],
    }
    assert indexers["AnimeTosho"]["enable"] is False
    assert indexers["NZBgeek"]["protocol"] == USENET


def test_list_indexers_leaves_out_entries_without_an_id_or_name(client, prowlarr):
    prowlarr.indexers.extend([{"name": "No id"}, {"id": 9}, "junk"])
    assert len(client.list_indexers()) == 4


def test_capabilities_take_ids_and_the_enabled_indexers_categories(client):
    caps = client.capabilities()
    assert caps.supports("imdbid") and caps.supports("tmdbid") and caps.supports("q")
    assert 2040 in caps.category_ids()
    assert {c.id: c.name for c in caps.categories}[2045] == "Movies/UHD"
    assert 5070 not in caps.category_ids()  # AnimeTosho is disabled


def test_test_passes_with_an_enabled_indexer(client, prowlarr):
    client.test()
    assert prowlarr.paths() == ["/api/v1/system/status", "/api/v1/indexer"]


def test_test_fails_when_prowlarr_has_no_enabled_indexers(client, prowlarr):
    for indexer in prowlarr.indexers:
        indexer["enable"] = False
    with pytest.raises(BadResponse, match="Prowlarr has no enabled indexers"):
        client.test()


def test_http_is_the_clients_own_session(client, prowlarr):
    assert client.http().base_url == prowlarr.base_url + "/"


def test_the_session_carries_no_api_key_by_default(client):
    # It fetches .torrent files, which may redirect to a tracker: no key goes along.
    assert "X-Api-Key" not in client.http().headers
    assert "X-Api-Key" not in client.http().session.headers


def test_each_api_call_sends_the_key_as_a_header(client, prowlarr):
    client.recent()
    client.list_indexers()
    assert [r["headers"].get("X-Api-Key") for r in prowlarr.requests] == [prowlarr.api_key] * 2


def test_the_indexers_own_rate_limit_applies_to_its_session(prowlarr):
    from requests_ratelimiter import LimiterAdapter

    limited = Prowlarr(make_config(prowlarr, requests_per_minute=30)).http().session
    unlimited = Prowlarr(make_config(prowlarr, id=8, requests_per_minute=0)).http().session
    assert isinstance(limited.get_adapter(prowlarr.base_url), LimiterAdapter)
    assert not isinstance(unlimited.get_adapter(prowlarr.base_url), LimiterAdapter)
