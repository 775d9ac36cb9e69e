"""The API key stays out of stored guids and of every error message a Newznab-family
client (Torznab, Newznab, Jackett) raises, whatever the indexer's answer echoes."""

from __future__ import annotations

import pytest
import responses
from lxml import etree

from indexers.clients import build_client
from indexers.clients.base import IndexerConfig, SearchCriteria
from indexers.clients.newznab.feed import parse_feed
from indexers.clients.values import hide_secrets
from indexers.release import TORRENT
from radarr_site.http.errors import IntegrationError
from tests.fakes import free_port

KEY = "5f4dcc3b5aa765d61d8327deb882cf99"
BASE = "http://indexer.test"
LINK = f"{BASE}/download/42?apikey={KEY}"


def feed_xml(item: str) -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>'.encode()


def item_xml(*extra: str) -> str:
    title = "<title>Heat.1995.1080p.BluRay.x264-GRP</title>"
    return f"<item>{title}<link>{LINK}</link>{''.join(extra)}</item>"


def parse(item: str):
    return parse_feed(etree.fromstring(feed_xml(item)), TORRENT, "Fake (h)").releases[0]


def make_client(kind: str = "torznab"):
    config = IndexerConfig(
        id=3, name="Fake", kind=kind, base_url=BASE, api_key=KEY, requests_per_minute=0
    )
    return build_client(config)


def test_an_item_without_a_guid_takes_a_hash_of_its_link():
    release = parse(item_xml())
    assert release.guid.startswith("url-sha1:") and len(release.guid) == 49
    assert KEY not in release.guid


def test_the_link_hash_is_stable():
    assert parse(item_xml()).guid == parse(item_xml()).guid


def test_an_item_without_a_guid_takes_its_comments_page():
    release = parse(item_xml("<comments>https://tracker.test/details/42#comments</comments>"))
    assert release.guid == "https://tracker.test/details/42"


def test_an_item_with_a_guid_keeps_it():
    assert parse(item_xml("<guid>tracker-42</guid>")).guid == "tracker-42"


@responses.activate
def test_a_guid_that_is_the_keyed_link_is_hashed_by_the_client():
    body = feed_xml(item_xml(f"<guid>{LINK}</guid>"))
    responses.get(f"{BASE}/api", body=body, content_type="application/rss+xml")
    [release] = make_client().recent()
    assert release.guid.startswith("url-sha1:") and KEY not in release.guid


@pytest.mark.parametrize("kind", ["torznab", "newznab", "jackett"])
@pytest.mark.parametrize("code", [100, 201, 900, 999])
@pytest.mark.parametrize("status", [200, 400])
@responses.activate
def test_an_error_description_echoing_the_key_never_shows_it(kind, code, status):
    description = f"Bad request /api?t=search&amp;apikey={KEY} (key {KEY.upper()})"
    body = f'<?xml version="1.0"?><error code="{code}" description="{description}"/>'
    responses.get(
        f"{BASE}/api",
        body=body,
        status=status,
        content_type="application/xml",
    )
    responses.get(
        f"{BASE}/api/v2.0/indexers/all/results/torznab/api",
        body=body,
        status=status,
        content_type="application/xml",
    )
    with pytest.raises(IntegrationError) as caught:
        make_client(kind).search(SearchCriteria(title="Heat", year=1995))
    assert KEY not in str(caught.value).lower()
    assert KEY not in repr(caught.value.args).lower()
    assert "Fake (indexer.test)" in str(caught.value)


def test_the_password_of_an_address_never_shows_in_an_error():
    config = IndexerConfig(
        id=3,
        name="Fake",
        kind="torznab",
        base_url=f"http://bob:hunter22pw@127.0.0.1:{free_port()}",
        api_key=KEY,
        requests_per_minute=0,
    )
    with pytest.raises(IntegrationError) as caught:
        build_client(config).search(SearchCriteria(title="Heat", year=1995))
    assert "hunter22pw" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_hide_secrets_masks_the_key_in_any_case_and_url_encoded():
    config = IndexerConfig(id=1, name="F", kind="torznab", base_url=BASE, api_key="k+y/=secret")
    text = "K+Y/=SECRET k%2By%2F%3Dsecret k%2By%2F%3Dsecret&x jackett_apikey=other"
    assert hide_secrets(text, config) == "*** *** ***&x jackett_apikey=***"


def test_hide_secrets_leaves_a_too_short_key_alone():
    config = IndexerConfig(id=1, name="F", kind="torznab", base_url=BASE, api_key="a")
    assert hide_secrets("a search failed", config) == "a search failed"
