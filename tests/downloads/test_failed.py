"""Failed download handling: blocklist, removal from the client, History, search again."""

from __future__ import annotations

import logging

import pytest

from downloads.failed import mark_failed
from downloads.grab import grab
from downloads.models import Blocklist, Download, DownloadOptions, History
from downloads.services import blocklist_download
from tests.fakes import download_client as fakes
from tests.fakes.download_client import MAGNET_HASH, make_client, make_release, server

pytestmark = pytest.mark.django_db
fake_kinds, matrix = fakes.fake_kinds, fakes.matrix  # fixtures


@pytest.fixture
def download(fake_kinds, matrix):
    make_client()
    return grab(matrix, make_release(), source="automatic")


def test_a_failed_download_is_blocklisted_by_guid_hash_title_and_indexer(download, matrix):
    mark_failed(download, "Unpacking failed")

    entry = Blocklist.objects.get(movie=matrix)
    assert (entry.guid, entry.info_hash, entry.source_title, entry.indexer, entry.message) == (
        "https://indexer.example/details/1",
        MAGNET_HASH,
        "The.Matrix.1999.1080p.BluRay.x264-GRP",
        "Example",
        "Unpacking failed",
    )


def test_a_failed_download_is_removed_from_the_client_when_set(download):
    mark_failed(download, "Unpacking failed")

    assert server("Fake").removed == [(MAGNET_HASH, True)]
    download.refresh_from_db()
    assert download.removed_from_client


def test_a_failed_download_stays_in_the_client_when_remove_failed_is_off(download):
    download.client.remove_failed = False
    download.client.save()

    mark_failed(download, "Unpacking failed")

    assert server("Fake").removed == []


def test_a_failed_download_records_history_failed_with_the_reason(download, admin_user):
    mark_failed(download, "Unpacking failed", admin_user)

    event = History.objects.get(event=History.Event.FAILED)
    assert (event.message, event.user, event.download) == ("Unpacking failed", admin_user, download)


def test_a_failed_download_queues_a_new_search_when_redownload_is_on(download, caplog):
    with caplog.at_level(logging.INFO, logger="downloads.failed"):
        mark_failed(download, "Unpacking failed")

    event = History.objects.get(event=History.Event.FAILED)
    assert event.data["search"] == "queued"
    assert "Search queued for The Matrix" in caplog.text


def test_no_search_is_requested_when_redownload_is_off(download):
    DownloadOptions.objects.update_or_create(pk=1, defaults={"redownload_failed": False})

    mark_failed(download, "Unpacking failed")

    assert "search" not in History.objects.get(event=History.Event.FAILED).data


def test_failing_twice_blocklists_once(download):
    assert mark_failed(download, "Unpacking failed") is True
    assert mark_failed(download, "Unpacking failed") is False

    assert Blocklist.objects.count() == 1
    assert History.objects.filter(event=History.Event.FAILED).count() == 1


def test_a_client_that_is_down_does_not_stop_the_blocklisting(download):
    server("Fake").down = True

    mark_failed(download, "Unpacking failed")

    download.refresh_from_db()
    assert download.state == Download.State.FAILED
    assert not download.removed_from_client
    assert Blocklist.objects.count() == 1
    assert History.objects.get(event=History.Event.FAILED).data["removed_from_client"] is False


def test_remove_and_blocklist_removes_even_when_remove_failed_is_off(download):
    download.client.remove_failed = False
    download.client.save()

    blocklist_download(download, delete_files=False, search=False)

    assert server("Fake").removed == [(MAGNET_HASH, False)]
    assert "search" not in History.objects.get(event=History.Event.FAILED).data


def test_removing_a_download_while_it_is_imported_is_refused(download):
    from downloads.services import remove_download

    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTING)

    with pytest.raises(ValueError, match="import of this download is running"):
        remove_download(download, delete_files=True)

    assert Download.objects.get(pk=download.pk).state == Download.State.IMPORTING
    assert server("Fake").removed == []


def test_blocklisting_a_download_while_it_is_imported_is_refused(download):
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTING)

    with pytest.raises(ValueError, match="import of this download is running"):
        blocklist_download(download)

    assert Download.objects.get(pk=download.pk).state == Download.State.IMPORTING
    assert not Blocklist.objects.exists()


def test_blocklisting_an_imported_download_is_refused_with_a_reason(download):
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTED)

    with pytest.raises(ValueError, match="already been imported"):
        blocklist_download(download)
