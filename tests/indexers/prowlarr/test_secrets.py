"""Prowlarr's key stays out of stored guids and of every error message the client raises."""

from __future__ import annotations

import pytest
import responses

from indexers.clients.base import IndexerConfig, SearchCriteria
from indexers.clients.prowlarr import Prowlarr
from radarr_site.http.errors import IntegrationError

KEY = "0123abcd4567ef890123abcd4567ef89"
BASE = "http://prowlarr.test:9696"
RELEASE = {
    "title": "The.Matrix.1999.1080p.BluRay.x264-AMIABLE",
    "size": 8_000_000_000,
    "protocol": "torrent",
    "downloadUrl": f"{BASE}/1/download?apikey={KEY}&link=abc&file=The.Matrix",
}


def make_client() -> Prowlarr:
    config = IndexerConfig(
        id=7, name="Prowlarr", kind="prowlarr", base_url=BASE, api_key=KEY, requests_per_minute=0
    )
    return Prowlarr(config, timeout=(1.0, 1.0))


def test_without_a_guid_the_guid_is_a_hash_of_the_link_not_the_link():
    release = make_client().release_from(dict(RELEASE))
    assert release.guid.startswith("url-sha1:") and len(release.guid) == 49
    assert KEY not in release.guid


def test_the_same_link_always_gives_the_same_guid():
    client = make_client()
    assert client.release_from(dict(RELEASE)).guid == client.release_from(dict(RELEASE)).guid


def test_without_a_guid_the_info_url_is_the_guid():
    item = {**RELEASE, "infoUrl": "https://tracker.test/torrent/42", "commentUrl": "x"}
    assert make_client().release_from(item).guid == "https://tracker.test/torrent/42"


def test_without_a_guid_or_info_url_the_comments_link_is_the_guid():
    item = {**RELEASE, "commentUrl": "https://tracker.test/torrent/42#comments"}
    assert make_client().release_from(item).guid == "https://tracker.test/torrent/42#comments"


def test_a_guid_holding_the_key_is_hashed():
    item = {**RELEASE, "guid": RELEASE["downloadUrl"]}
    release = make_client().release_from(item)
    assert release.guid.startswith("url-sha1:") and KEY not in release.guid


def test_a_plain_guid_is_kept():
    assert make_client().release_from({**RELEASE, "guid": "1337x-42"}).guid == "1337x-42"


@pytest.mark.parametrize(
    "call", [lambda c: c.search(SearchCriteria(title="Heat", year=1995)), lambda c: c.test()]
)
@pytest.mark.parametrize("status", [400, 500])
@responses.activate
def test_an_error_answer_echoing_the_key_never_shows_it(call, status):
    body = {"message": f"Request /api/v1/search?apikey={KEY} failed: key {KEY.upper()}"}
    responses.get(f"{BASE}/api/v1/search", json=body, status=status)
    responses.get(f"{BASE}/api/v1/system/status", json=body, status=status)
    with pytest.raises(IntegrationError) as caught:
        call(make_client())
    assert KEY.lower() not in str(caught.value).lower()
    assert KEY.lower() not in caught.value.message.lower()
    assert KEY.lower() not in repr(caught.value.args).lower()
