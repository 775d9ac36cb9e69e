"""RSS sync: new feed items matched, decided, the best per movie grabbed, reports counted."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from downloads.models import Download
from indexers.models import Indexer, IndexerOptions, RssSyncReport, SeenRelease
from indexers.rss import last_sync_reports, rss_sync
from radarr_site.http.errors import AuthError, Unavailable
from radarr_site.models import ProviderStatus
from tests.fakes.download_client import make_client, make_release, server

pytestmark = pytest.mark.django_db


def make_indexer(name="One", **fields):
    fields.setdefault("kind", "fakeidx")
    fields.setdefault("base_url", "http://127.0.0.1:1")
    return Indexer.objects.create(name=name, **fields)


def item(title, n=1, **fields):
    """A feed item with its own guid and magnet link."""
    digest = hashlib.sha1(f"{title}{n}".encode()).hexdigest()
    fields.setdefault("guid", f"https://indexer.example/details/{digest}")
    fields.setdefault("download_url", f"magnet:?xt=urn:btih:{digest}&dn=x")
    fields.setdefault("seeders", 20)
    return make_release(title, **fields)


BLURAY = "The.Matrix.1999.1080p.BluRay.x264-GRP"
WEBDL = "The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GRP"
SD = "The.Matrix.1999.480p.DVDRip.XviD-GRP"
UNKNOWN = "Heat.1995.1080p.BluRay.x264-GRP"


@pytest.fixture
def released(matrix):
    """The Matrix, out on disc long ago (so available to grab)."""
    matrix.in_cinemas = matrix.digital_release = matrix.physical_release = date(1999, 3, 31)
    matrix.save()
    return matrix


@pytest.fixture
def setup(fake_indexers, fake_kinds, released):
    make_client()
    return fake_indexers


def test_grabs_the_best_accepted_release_per_movie(setup, matrix):
    setup("One").recent = [item(WEBDL), item(BLURAY)]
    make_indexer("One")

    [report] = rss_sync()

    [download] = Download.objects.all()
    assert (download.source_title, download.movie_id, report.grabbed) == (BLURAY, matrix.pk, 1)


def test_judges_a_movies_releases_from_every_indexer_together(setup):
    setup("One").recent = [item(WEBDL)]
    setup("Two").recent = [item(BLURAY)]
    make_indexer("One")
    make_indexer("Two")

    reports = {r.indexer.name: r.grabbed for r in rss_sync()}

    assert (Download.objects.get().source_title, reports) == (BLURAY, {"One": 0, "Two": 1})


def test_reports_items_new_matched_grabbed_and_rejections_by_rule(setup):
    setup("One").recent = [item(BLURAY), item(WEBDL), item(SD), item(UNKNOWN)]
    make_indexer("One")

    [report] = rss_sync()

    counts = (report.items, report.new_items, report.matched, report.grabbed)
    assert (counts, report.rejections, report.error) == ((4, 4, 3, 1), {"quality_allowed": 1}, "")


def test_an_item_seen_in_a_previous_sync_is_skipped(setup):
    feed = setup("One")
    feed.recent = [item(SD)]
    make_indexer("One")
    rss_sync()
    feed.recent = [item(SD), item(BLURAY)]

    [report] = rss_sync()

    assert (report.items, report.new_items, Download.objects.get().source_title) == (2, 1, BLURAY)


def test_an_item_without_a_guid_is_known_by_its_title_and_size(setup):
    feed = setup("One")
    feed.recent = [item(SD, guid="")]
    make_indexer("One")
    rss_sync()
    feed.recent = [item(SD, guid=""), item(SD, guid="", size=123_000_000)]

    [report] = rss_sync()

    assert report.new_items == 1


def test_the_same_item_in_two_indexers_is_new_to_each(setup):
    setup("One").recent = [item(SD)]
    setup("Two").recent = [item(SD)]
    make_indexer("One")
    make_indexer("Two")

    assert [r.new_items for r in rss_sync()] == [1, 1]


def test_a_failing_indexer_gets_its_status_and_the_others_still_sync(setup):
    setup("Broken").error = AuthError("Broken: invalid API key", status=401)
    setup("Good").recent = [item(BLURAY)]
    broken = make_indexer("Broken", priority=1)
    make_indexer("Good", priority=2)

    reports = {r.indexer.name: r for r in rss_sync()}

    status = ProviderStatus.objects.get(key=broken.provider_key)
    assert (status.consecutive_failures, status.last_error_kind) == (1, "AuthError")
    assert (reports["Broken"].error, reports["Good"].grabbed) == ("Broken: invalid API key", 1)


def test_an_indexer_held_off_is_not_asked(setup):
    feed = setup("One")
    feed.error = Unavailable("One: connection refused")
    make_indexer("One")
    rss_sync()
    feed.error = None

    [report] = rss_sync()

    assert (feed.rss_calls, "held off" in report.error) == (1, True)


def test_an_indexer_with_rss_off_is_not_asked(setup):
    feed = setup("One")
    make_indexer("One", enable_rss=False)

    assert (rss_sync(), feed.rss_calls) == ([], 0)


def test_an_unmonitored_movie_is_not_grabbed(setup, matrix):
    matrix.monitored = False
    matrix.save()
    setup("One").recent = [item(BLURAY)]
    make_indexer("One")

    [report] = rss_sync()

    assert (report.matched, Download.objects.count()) == (0, 0)


def test_interval_zero_switches_rss_sync_off(setup):
    IndexerOptions.objects.update_or_create(pk=1, defaults={"rss_sync_interval_minutes": 0})
    feed = setup("One")
    feed.recent = [item(BLURAY)]
    make_indexer("One")

    assert (rss_sync(), feed.rss_calls, RssSyncReport.objects.count()) == ([], 0, 0)


def test_no_download_client_is_noted_on_the_report(fake_indexers, fake_kinds, released):
    fake_indexers("One").recent = [item(BLURAY)]
    make_indexer("One")

    [report] = rss_sync()

    assert (report.grabbed, "No enabled torrent download client" in report.error) == (0, True)


def test_a_release_already_downloading_counts_as_not_grabbed(setup, matrix):
    from indexers.grabbing import grab_release

    release = item(BLURAY)
    grab_release(matrix, release)
    setup("One").recent = [item(BLURAY, guid="https://other.example/1")]
    make_indexer("One")

    [report] = rss_sync()

    assert (report.matched, report.grabbed, Download.objects.count()) == (1, 0, 1)


def test_a_client_that_refuses_the_grab_is_noted_and_the_sync_finishes(setup):
    server("Fake").down = True
    setup("One").recent = [item(BLURAY)]
    make_indexer("One")

    [report] = rss_sync()

    assert (report.grabbed, "unreachable" in report.error, report.finished_at is not None) == (
        0,
        True,
        True,
    )


def test_items_are_marked_seen_once_per_indexer(setup):
    setup("One").recent = [item(BLURAY), item(BLURAY)]
    row = make_indexer("One")

    [report] = rss_sync()

    assert (report.items, report.new_items, SeenRelease.objects.filter(indexer=row).count()) == (
        2,
        1,
        1,
    )


def test_last_sync_reports_gives_each_indexers_newest(setup, django_assert_num_queries):
    setup("One").recent = [item(SD)]
    one, two = make_indexer("One"), make_indexer("Two")
    rss_sync()
    setup("One").recent = [item(SD), item(BLURAY)]
    rss_sync()

    with django_assert_num_queries(1):
        last = last_sync_reports()

    assert ({k: v.items for k, v in last.items()}) == {one.pk: 2, two.pk: 0}


def test_the_indexers_services_name_the_rss_functions():
    from indexers import rss, services

    assert (services.rss_sync, services.last_sync_reports) == (
        rss.rss_sync,
        rss.last_sync_reports,
    )
