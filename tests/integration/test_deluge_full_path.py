"""The whole path on a real deluged and deluge-web: grab → poll → completed → imported → removed.

The movie's file is already in Deluge's download folder, so the .torrent made for it
completes offline; the indexer's .torrent link is answered by `responses` (the daemon's own
address passes through to the real thing).
"""

from __future__ import annotations

import os
import time

import pytest
import responses

from downloads.grab import grab
from downloads.models import Download, DownloadClient, History
from downloads.queue import poll_queue
from movies.models import Movie, MovieFile, QualityProfile
from radarr_site.providers import get_status
from tests.fakes.download_client import make_release
from tests.servers import deluge as server
from tests.servers.torrent_file import make_torrent

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

RELEASE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
TORRENT_URL = "https://indexer.example/get/matrix.torrent"


@pytest.fixture
def deluge_server(tmp_path):
    if not server.available():
        reason = "deluged / deluge-web are not installed (apt-get install deluged deluge-web)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with server.running_deluge(tmp_path / "deluge") as running:
        yield running


@pytest.fixture
def matrix(seeded_qualities, root_folder):
    return Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )


@pytest.fixture
def client_row(deluge_server):
    return DownloadClient.objects.create(
        name="Deluge",
        kind="deluge",
        base_url=deluge_server.url,
        password=deluge_server.password,
        category="radarr",
        priority=1,
        remove_completed=True,
        seed_time_minutes=0,  # the seed goal is met at once, so the item may go
    )


def poll_until(condition, timeout: float = 20.0):
    """Run queue polls (as the scheduled task does) until `condition()` is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            rows = list(Download.objects.values("state", "status_message", "client_state"))
            raise AssertionError(f"timed out; downloads: {rows}")
        poll_queue()
        time.sleep(0.3)


def seeded_torrent(folder) -> tuple:
    source = folder / f"{RELEASE}.mkv"
    source.write_bytes(os.urandom(300_000))
    content, info_hash = make_torrent(source)
    return source, content, info_hash


def test_a_grabbed_torrent_is_imported_hardlinked_and_renamed_then_removed_from_deluge(
    deluge_server, client_row, matrix
):
    source, content, info_hash = seeded_torrent(deluge_server.download_dir)
    release = make_release(RELEASE, download_url=TORRENT_URL)

    with responses.RequestsMock() as mocked:
        mocked.add_passthru(deluge_server.url)
        mocked.get(TORRENT_URL, body=content)
        download = grab(matrix, release, client=client_row)
        assert download.download_id == info_hash

        poll_until(lambda: Download.objects.get(pk=download.pk).state == Download.State.IMPORTED)
        movie_file = MovieFile.objects.get(movie=matrix)
        imported = os.path.join(matrix.path, movie_file.relative_path)
        assert movie_file.relative_path == "The Matrix (1999) Bluray-1080p.mkv"
        assert os.stat(imported).st_ino == os.stat(source).st_ino  # hardlinked, not copied

        poll_until(lambda: Download.objects.get(pk=download.pk).removed_from_client)
        assert client_row.client().status(info_hash) is None
        assert not source.exists()  # the client's copy went with it
        assert os.path.getsize(imported) == 300_000  # the library's link survives
    events = list(History.objects.filter(download=download).values_list("event", flat=True))
    assert History.Event.GRABBED in events and History.Event.IMPORTED in events


def test_a_torrent_removed_in_deluge_by_hand_is_removed_not_imported(
    deluge_server, client_row, matrix
):
    client_row.start_paused = True  # it must not complete before the user removes it
    client_row.save()
    source, content, info_hash = seeded_torrent(deluge_server.download_dir)
    source.unlink()  # nothing on disk: the torrent stays incomplete
    release = make_release(RELEASE, download_url=TORRENT_URL)
    with responses.RequestsMock() as mocked:
        mocked.add_passthru(deluge_server.url)
        mocked.get(TORRENT_URL, body=content)
        download = grab(matrix, release, client=client_row)
        poll_queue()

        client_row.client().remove(info_hash, delete_files=False)
        poll_until(lambda: Download.objects.get(pk=download.pk).state == Download.State.REMOVED)

    assert not MovieFile.objects.filter(movie=matrix).exists()


def test_deluge_down_keeps_the_last_known_state_and_shows_on_the_status(
    deluge_server, client_row, matrix
):
    client_row.start_paused = True  # stays paused, so the last known state is PAUSED
    client_row.save()
    source, content, _info_hash = seeded_torrent(deluge_server.download_dir)
    source.unlink()
    with responses.RequestsMock() as mocked:
        mocked.add_passthru(deluge_server.url)
        mocked.get(TORRENT_URL, body=content)
        download = grab(matrix, make_release(RELEASE, download_url=TORRENT_URL), client=client_row)
        poll_until(lambda: Download.objects.get(pk=download.pk).state == Download.State.PAUSED)
        deluge_server.web.terminate()
        deluge_server.web.wait(10)

        result = poll_queue()

    download.refresh_from_db()
    assert result.failed_clients == ["Deluge"]
    assert download.state == Download.State.PAUSED and not download.removed_from_client
    status = get_status(client_row.config().provider_key)
    assert status.consecutive_failures == 1 and "unreachable" in status.last_error
    assert Download.objects.count() == 1
    assert not History.objects.filter(download=download, event=History.Event.REMOVED).exists()
