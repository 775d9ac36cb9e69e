"""RSS items → Releases: every attribute the feeds carry, and bad items skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from indexers.clients.newznab.feed import flags_for, imdb_id, parse_date, parse_feed
from indexers.release import TORRENT, USENET, IndexerFlags
from radarr_site.http.errors import BadResponse
from tests.servers.torznab import FIXTURES, render_feed


def _feed(name: str, protocol: str = TORRENT):
    root = etree.fromstring((FIXTURES / name).read_bytes())
    return parse_feed(root, protocol, "Fake (h)")


@pytest.fixture(scope="module")
def items():
    return _feed("search.xml").items


def test_reads_title_guid_links_and_size(items):
    release = items[0].release
    assert release.title == "The.Matrix.1999.1080p.BluRay.x264-SPARKS"
    assert release.guid == "https://tracker.example/torrent/1001"
    assert release.download_url.startswith("http://127.0.0.1:9117/dl/torrentleech/?")
    assert release.info_url == "https://tracker.example/torrent/1001"
    assert release.size == 10234567890
    assert release.protocol == TORRENT


def test_reads_an_aware_publish_date(items):
    assert items[0].release.publish_date == datetime(2026, 11, 7, 14, 3, 12, tzinfo=UTC)
    five_hours_behind = timezone(timedelta(hours=-5))
    assert items[1].release.publish_date == datetime(2026, 11, 6, 9, tzinfo=five_hours_behind)


def test_reads_seeders_peers_hash_and_ids(items):
    release = items[0].release
    assert (release.seeders, release.peers) == (47, 52)
    assert release.info_hash == "8c4ed8b1a5f53fdb6a3c2a2b1e0a1d9c5b7e3f21"
    assert release.imdb_id == "tt0133093"
    assert release.tmdb_id == 603


def test_freeleech_and_double_upload_become_flags(items):
    flags = IndexerFlags(items[0].release.indexer_flags)
    assert flags == IndexerFlags.FREELEECH | IndexerFlags.DOUBLE_UPLOAD


def test_peers_are_seeders_plus_leechers_when_the_feed_gives_no_peers(items):
    assert (items[1].release.seeders, items[1].release.peers) == (9, 12)


def test_a_magnet_only_item_downloads_the_magnet_and_takes_its_hash(items):
    release = items[1].release
    assert release.download_url.startswith("magnet:?xt=urn:btih:0123456789abcdef")
    assert release.info_hash == "0123456789abcdef0123456789abcdef01234567"
    assert release.imdb_id == "tt0133093"  # "133093" padded to seven digits
    assert release.indexer_flags == IndexerFlags.HALFLEECH


def test_size_falls_back_to_the_enclosure_length(items):
    assert items[2].release.size == 4294967296
    assert items[2].release.indexer_flags == IndexerFlags.FREELEECH_75


def test_keeps_seed_goals_grabs_and_categories_aside(items):
    assert items[0].extras == {
        "categories": [2000, 100001],
        "grabs": 812,
        "minimumratio": 1.0,
        "minimumseedtime": 172800,
    }


def test_reads_the_paging_the_feed_reports():
    feed = _feed("search.xml")
    assert (feed.offset, feed.total, feed.skipped) == (0, 3, 0)


def test_newznab_item_is_usenet_dated_by_its_usenet_date():
    (item,) = _feed("newznab_search.xml", USENET).items
    release = item.release
    assert release.protocol == USENET
    assert release.seeders is None and release.peers is None
    assert release.publish_date == datetime(2011, 1, 1, 10, tzinfo=UTC)
    assert release.size == 12884901888
    assert release.info_url == "https://nzb.example/details/5f3c"
    assert item.extras["group"] == "alt.binaries.hdtv"
    assert item.extras["grabs"] == 1523


def test_items_without_title_or_link_are_skipped_and_counted():
    body = render_feed(
        [
            {"title": "Good.Movie.2020.1080p-GRP", "size": 5},
            {"size": 5},  # no title
            {"title": "No.Link.2020-GRP", "link": ""},
        ]
    )
    feed = parse_feed(etree.fromstring(body), TORRENT, "Fake (h)")
    assert [i.release.title for i in feed.items] == ["Good.Movie.2020.1080p-GRP"]
    assert feed.skipped == 2


def test_unreadable_numbers_and_dates_do_not_fail_the_item():
    body = render_feed(
        [{"title": "Odd.2020-GRP", "seeders": "many", "pubDate": "yesterday", "tmdbid": "0"}]
    )
    (item,) = parse_feed(etree.fromstring(body), TORRENT, "Fake (h)").items
    assert item.release.seeders is None
    assert item.release.publish_date is None
    assert item.release.tmdb_id is None


def test_a_non_rss_document_is_a_bad_response():
    with pytest.raises(BadResponse, match="not an RSS feed"):
        parse_feed(etree.fromstring(b"<feed/>"), TORRENT, "Fake (h)")


@pytest.mark.parametrize(
    ("factor", "flag"),
    [
        (0.0, IndexerFlags.FREELEECH),
        (0.25, IndexerFlags.FREELEECH_75),
        (0.5, IndexerFlags.HALFLEECH),
        (0.75, IndexerFlags.FREELEECH_25),
        (1.0, 0),
    ],
)
def test_download_volume_factor_flags(factor, flag):
    assert flags_for(factor, 1.0, []) == flag


def test_internal_and_scene_tags_become_flags():
    assert (
        flags_for(None, None, ["Internal", "scene"]) == IndexerFlags.INTERNAL | IndexerFlags.SCENE
    )


def test_imdb_ids_are_normalised():
    assert imdb_id("tt0133093") == "tt0133093"
    assert imdb_id("133093") == "tt0133093"
    assert imdb_id("12345678") == "tt12345678"
    assert imdb_id("0") == "" and imdb_id("n/a") == ""


def test_a_date_without_zone_is_taken_as_utc():
    assert parse_date("Sat, 07 Nov 2026 14:03:12") == datetime(2026, 11, 7, 14, 3, 12, tzinfo=UTC)
