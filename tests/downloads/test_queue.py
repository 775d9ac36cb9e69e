"""Polling the queue: one call per client, states and progress stored, unknown and removed
items, a client that is down, completed downloads handed to import exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from downloads.clients.base import ClientItem, ItemState
from downloads.grab import grab
from downloads.models import Blocklist, Download, DownloadOptions, History
from downloads.queue import poll_queue
from radarr_site.providers import get_status
from tests.fakes import download_client as fakes
from tests.fakes.download_client import MAGNET_HASH, make_client, make_release, server

pytestmark = pytest.mark.django_db
fake_kinds, matrix = fakes.fake_kinds, fakes.matrix  # fixtures


@pytest.fixture
def imports(monkeypatch):
    """Stand in for completed download handling; note each download it is given."""
    calls = []

    def import_completed(download):
        calls.append(download.pk)
        Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTED)

    monkeypatch.setattr("downloads.importing.import_completed", import_completed)
    return calls


def grabbed(matrix, **release):
    make_client()
    return grab(matrix, make_release(**release))


def item(**fields) -> ClientItem:
    values = {
        "download_id": MAGNET_HASH,
        "title": "The.Matrix.1999.1080p.BluRay.x264-GRP",
        "state": ItemState.DOWNLOADING,
        "category": "radarr",
    }
    values.update(fields)
    return ClientItem(**values)


def test_one_poll_asks_each_enabled_client_once(fake_kinds):
    make_client("A")
    make_client("B")
    make_client("Off", enabled=False)
    for n in range(5):
        server("A").put(item(download_id=f"{n:040x}", title=f"Some.Movie.{n}.2001.720p"))

    result = poll_queue()

    assert [server(n).calls.get("active", 0) for n in ("A", "B", "Off")] == [1, 1, 0]
    assert result.client_calls == 2


def test_progress_eta_speed_and_state_are_stored(fake_kinds, matrix):
    download = grabbed(matrix)
    server("Fake").put(
        item(
            progress=0.25,
            size=4000,
            size_left=3000,
            eta_seconds=90,
            speed=2048,
            warnings=["stalled"],
        )
    )

    poll_queue()

    download.refresh_from_db()
    assert (download.state, download.progress, download.eta_seconds, download.speed) == (
        Download.State.DOWNLOADING,
        0.25,
        90,
        2048,
    )
    assert download.warnings == ["stalled"]


def test_a_paused_item_shows_paused(fake_kinds, matrix):
    download = grabbed(matrix)
    server("Fake").put(item(state=ItemState.PAUSED))

    poll_queue()

    download.refresh_from_db()
    assert download.state == Download.State.PAUSED


def test_an_item_we_did_not_grab_is_shown_matched_to_its_movie(fake_kinds, matrix):
    make_client()
    server("Fake").put(item(download_id="ab" * 20, title="The.Matrix.1999.720p.WEB-DL-XYZ"))

    result = poll_queue()

    unknown = Download.objects.get(download_id="ab" * 20)
    assert (unknown.grabbed_from, unknown.movie, result.unknown) == ("unknown", matrix, 1)


def test_an_unknown_item_naming_no_library_movie_has_no_movie(fake_kinds, matrix):
    make_client()
    server("Fake").put(item(download_id="cd" * 20, title="Some.Other.Film.2015.1080p.WEB-DL"))

    poll_queue()

    assert Download.objects.get(download_id="cd" * 20).movie is None


def test_an_unknown_item_is_stored_once_across_polls(fake_kinds, matrix):
    make_client()
    server("Fake").put(item(download_id="ab" * 20, title="The.Matrix.1999.720p.WEB-DL-XYZ"))

    poll_queue()
    poll_queue()

    assert Download.objects.filter(grabbed_from="unknown").count() == 1


def test_an_item_removed_in_the_client_becomes_removed_not_imported(fake_kinds, matrix, imports):
    download = grabbed(matrix)
    server("Fake").items.clear()
    Download.objects.filter(pk=download.pk).update(polled_at=timezone.now())

    result = poll_queue()

    download.refresh_from_db()
    assert (download.state, result.removed, imports) == (Download.State.REMOVED, 1, [])
    assert History.objects.filter(event=History.Event.REMOVED, download=download).exists()


def test_a_fresh_grab_the_client_does_not_list_yet_is_kept(fake_kinds, matrix):
    download = grabbed(matrix)
    server("Fake").items.clear()

    poll_queue()

    download.refresh_from_db()
    assert download.state == Download.State.QUEUED


def test_a_client_that_is_down_keeps_its_rows_and_records_the_failure(fake_kinds, matrix):
    download = grabbed(matrix)
    Download.objects.filter(pk=download.pk).update(
        state=Download.State.DOWNLOADING,
        progress=0.5,
        polled_at=timezone.now() - timedelta(hours=1),
    )
    server("Fake").down = True

    result = poll_queue()

    download.refresh_from_db()
    assert (download.state, download.progress) == (Download.State.DOWNLOADING, 0.5)
    assert result.failed_clients == ["Fake"]
    status = get_status(download.client.config().provider_key)
    assert "connection refused" in status.last_error
    assert server("Fake").calls.get("add", 0) == 1  # the original grab only


def test_a_held_off_client_is_not_asked(fake_kinds, matrix):
    grabbed(matrix)
    server("Fake").down = True
    poll_queue()

    poll_queue()

    assert server("Fake").calls["active"] == 1


def test_a_completed_download_is_imported_once(fake_kinds, matrix, imports):
    download = grabbed(matrix)
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0, output_path="/dl/Matrix"))

    poll_queue()
    poll_queue()

    download.refresh_from_db()
    assert imports == [download.pk]
    assert download.output_path == "/dl/Matrix"


def test_the_import_receives_the_download_claimed_as_importing(fake_kinds, matrix, monkeypatch):
    grabbed(matrix)
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))
    seen = []
    monkeypatch.setattr(
        "downloads.importing.import_completed",
        lambda d: seen.append((d.state, Download.objects.get(pk=d.pk).state)),
    )

    poll_queue()

    assert seen == [(Download.State.IMPORTING, Download.State.IMPORTING)]


def test_completed_handling_off_leaves_the_download_completed(fake_kinds, matrix, imports):
    DownloadOptions.objects.update_or_create(pk=1, defaults={"enable_completed_handling": False})
    download = grabbed(matrix)
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))

    poll_queue()

    download.refresh_from_db()
    assert (download.state, imports) == (Download.State.COMPLETED, [])


def test_an_import_that_crashes_blocks_the_download_with_the_reason(
    fake_kinds, matrix, monkeypatch
):
    download = grabbed(matrix)
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))

    def broken(download):
        raise OSError("disk full")

    monkeypatch.setattr("downloads.importing.import_completed", broken)

    poll_queue()

    download.refresh_from_db()
    assert download.state == Download.State.IMPORT_BLOCKED
    assert "disk full" in download.status_message


def test_a_failed_item_is_failed_and_blocklisted(fake_kinds, matrix):
    download = grabbed(matrix)
    server("Fake").put(item(state=ItemState.FAILED, message="Unpacking failed"))

    poll_queue()

    download.refresh_from_db()
    assert (download.state, download.status_message) == (Download.State.FAILED, "Unpacking failed")
    assert Blocklist.objects.filter(movie=matrix, info_hash=MAGNET_HASH).exists()


def test_an_imported_torrent_is_removed_once_it_reaches_the_seed_ratio(fake_kinds, matrix):
    download = grabbed(matrix)
    download.client.seed_ratio = 1.0
    download.client.save()
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTED)
    server("Fake").put(item(state=ItemState.COMPLETED, seeding=True, ratio=0.5))

    poll_queue()
    assert server("Fake").removed == []

    server("Fake").items[MAGNET_HASH].ratio = 1.2
    poll_queue()

    assert server("Fake").removed == [(MAGNET_HASH, True)]
    download.refresh_from_db()
    assert download.removed_from_client


def test_the_indexers_seed_ratio_on_the_download_outranks_the_clients(fake_kinds, matrix):
    download = grabbed(matrix)
    download.client.seed_ratio = 1.0
    download.client.save()
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTED, seed_ratio=2.0)
    server("Fake").put(item(state=ItemState.COMPLETED, seeding=True, ratio=1.5))

    poll_queue()
    assert server("Fake").removed == []  # past the client's 1.0, short of the indexer's 2.0

    server("Fake").items[MAGNET_HASH].ratio = 2.1
    poll_queue()

    assert server("Fake").removed == [(MAGNET_HASH, True)]


def test_a_grab_stores_the_seed_goals_it_was_given(fake_kinds, matrix):
    from downloads.grab import grab
    from tests.fakes.download_client import make_client, make_release

    make_client(name="Other")
    download = grab(
        matrix, make_release(title="The.Matrix.1999.720p.BluRay.x264-GRP"), seed_goals=(3.0, 90)
    )

    assert (download.seed_ratio, download.seed_time_minutes) == (3.0, 90)


def test_an_imported_torrent_stays_when_remove_completed_is_off(fake_kinds, matrix):
    download = grabbed(matrix)
    download.client.remove_completed = False
    download.client.save()
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTED)
    server("Fake").put(item(state=ItemState.COMPLETED, seeding=False))

    poll_queue()

    assert server("Fake").removed == []


def test_check_downloads_waits_for_the_configured_interval(fake_kinds):
    from django.core.cache import cache

    from downloads.tasks import check_downloads

    cache.clear()
    DownloadOptions.objects.update_or_create(pk=1, defaults={"check_interval_minutes": 5})
    make_client()

    first, second = check_downloads(), check_downloads()

    assert first is not None and second is None
    assert server("Fake").calls["active"] == 1


def test_check_downloads_is_scheduled_every_minute():
    from django_q.models import Schedule

    row = Schedule.objects.get(name="Check downloads")

    assert (row.func, row.minutes) == ("downloads.tasks.check_downloads", 1)


def test_a_poll_never_writes_back_a_state_another_worker_changed(fake_kinds, matrix, monkeypatch):
    from downloads import queue

    download = grabbed(matrix)
    Download.objects.filter(pk=download.pk).update(state=Download.State.COMPLETED)
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))
    real_save = queue.save_progress

    def claimed_meanwhile(rows):
        # Another worker claims the download for import after this poll read it.
        Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTING)
        real_save(rows)

    monkeypatch.setattr(queue, "save_progress", claimed_meanwhile)
    DownloadOptions.objects.update_or_create(pk=1, defaults={"enable_completed_handling": False})

    poll_queue()

    download.refresh_from_db()
    assert download.state == Download.State.IMPORTING


# -- review fixes: stale claims, kept reasons, save_path, a client's bug, queued imports ----


def test_a_client_raising_an_unexpected_error_does_not_stop_the_next_client(fake_kinds):
    make_client("A", priority=1)
    make_client("B", priority=2)
    server("A").active_error = ValueError("bad JSON from the client")
    server("B").put(item(title="Some.Movie.2001.720p"))

    result = poll_queue()

    assert server("B").calls["active"] == 1
    assert result.failed_clients == ["A"]
    assert Download.objects.filter(client__name="B").count() == 1


def test_an_unexpected_client_error_is_recorded_on_its_status(fake_kinds):
    row = make_client("A")
    server("A").active_error = ValueError("bad JSON from the client")

    poll_queue()

    assert "bad JSON" in get_status(row.config().provider_key).last_error


def test_the_next_poll_keeps_an_import_blocked_reason(fake_kinds, matrix):
    download = grabbed(matrix)
    Download.objects.filter(pk=download.pk).update(
        state=Download.State.IMPORT_BLOCKED, status_message="No video file found."
    )
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0, message=""))

    poll_queue()

    download.refresh_from_db()
    assert download.status_message == "No video file found."


def test_the_clients_download_folder_is_stored_on_the_download(fake_kinds, matrix):
    download = grabbed(matrix)
    server("Fake").put(item(save_path="/downloads/complete"))

    poll_queue()

    download.refresh_from_db()
    assert download.save_path == "/downloads/complete"


def test_a_stale_importing_claim_is_claimed_again(fake_kinds, matrix, imports):
    download = grabbed(matrix)
    old = timezone.now() - timedelta(hours=1)
    Download.objects.filter(pk=download.pk).update(
        state=Download.State.IMPORTING, import_started_at=old
    )
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))

    result = poll_queue()

    assert imports == [download.pk]
    assert result.completed == [download.pk]


def test_a_recent_importing_claim_is_left_alone(fake_kinds, matrix, imports):
    download = grabbed(matrix)
    Download.objects.filter(pk=download.pk).update(
        state=Download.State.IMPORTING, import_started_at=timezone.now()
    )
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))

    poll_queue()

    assert imports == []


def test_claiming_records_when_the_import_started(fake_kinds, matrix, monkeypatch):
    grabbed(matrix)
    seen = []
    monkeypatch.setattr(
        "downloads.importing.import_completed",
        lambda d: seen.append(Download.objects.get(pk=d.pk).import_started_at),
    )
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))

    poll_queue()

    assert seen and seen[0] is not None


def test_each_claimed_download_is_imported_through_a_queued_task(fake_kinds, matrix, monkeypatch):
    download = grabbed(matrix)
    queued = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda func, *args, **kw: queued.append((func, args))
    )
    server("Fake").put(item(state=ItemState.COMPLETED, progress=1.0))

    poll_queue()

    assert queued == [("downloads.tasks.import_download", (download.pk,))]
    assert Download.objects.get(pk=download.pk).state == Download.State.IMPORTING


def test_the_poller_does_not_fail_a_download_an_import_claimed_meanwhile(fake_kinds, matrix):
    from downloads.failed import mark_failed

    download = grabbed(matrix)
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORTING)

    assert not mark_failed(download, "error", expected=[Download.State.DOWNLOADING])
    assert Download.objects.get(pk=download.pk).state == Download.State.IMPORTING
    assert not Blocklist.objects.exists()


def test_downloads_of_a_deleted_client_leave_the_queue_with_a_reason(fake_kinds, matrix):
    from downloads.services import delete_client

    download = grabbed(matrix)

    delete_client(download.client)

    download.refresh_from_db()
    assert download.state == Download.State.REMOVED
    assert "client was deleted" in download.status_message


def test_the_poll_drops_downloads_whose_client_is_gone(fake_kinds, matrix):
    download = grabbed(matrix)
    download.client.delete()

    poll_queue()

    assert Download.objects.get(pk=download.pk).state == Download.State.REMOVED
