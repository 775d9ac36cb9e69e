"""The grab → poll → import flow shared by the full-path tests on real download clients.

Plain functions, not fixtures: each test file keeps its own server fixture and client row
and calls these for the steps every client goes through the same way.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

import responses

from downloads.clients.base import USENET
from downloads.grab import grab
from downloads.models import Blocklist, Download, History
from downloads.queue import poll_queue
from indexers.release import Release
from movies.models import Movie, MovieFile, QualityProfile
from radarr_site.providers import get_status
from tests.fakes.download_client import make_release
from tests.servers.nntp import missing_nzb
from tests.servers.torrent_file import make_torrent

S = Download.State

# Torrent clients: The Matrix, its file already in the client's download folder.
RELEASE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
TORRENT_URL = "https://indexer.example/get/matrix.torrent"

# Usenet clients: Heat, posted to the loopback NNTP server.
TITLE = "Heat.1995.1080p.BluRay.x264-GRP"
BROKEN = "Heat.1995.720p.WEB-DL.x264-BAD"


def make_matrix(root_folder) -> Movie:
    return Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
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


def poll_until_state(download: Download, states: set[str], timeout: float = 40) -> Download:
    """Run queue polls until `download` is in one of `states`; return it refreshed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        poll_queue()
        download.refresh_from_db()
        if download.state in states:
            return download
        time.sleep(0.3)
    raise AssertionError(f"{download} stayed {download.state}: {download.status_message}")


def in_state(download: Download, state: str):
    return lambda: Download.objects.get(pk=download.pk).state == state


# --- torrent clients ----------------------------------------------------------------------


def seeded_torrent(folder) -> tuple:
    source = folder / f"{RELEASE}.mkv"
    source.write_bytes(os.urandom(300_000))
    content, info_hash = make_torrent(source)
    return source, content, info_hash


@contextmanager
def indexer_serving(content: bytes, client_url: str):
    """The indexer's .torrent link answers `content`; the client's own address passes through."""
    with responses.RequestsMock() as mocked:
        mocked.add_passthru(client_url)
        mocked.get(TORRENT_URL, body=content)
        yield mocked


def grab_import_and_remove_torrent(client_url: str, download_dir, row, movie: Movie) -> None:
    """A grabbed torrent completes, is imported hardlinked and renamed, then removed."""
    source, content, info_hash = seeded_torrent(download_dir)
    release = make_release(RELEASE, download_url=TORRENT_URL)

    with indexer_serving(content, client_url):
        download = grab(movie, release, client=row)
        assert download.download_id == info_hash

        poll_until(in_state(download, S.IMPORTED))
        movie_file = MovieFile.objects.get(movie=movie)
        imported = os.path.join(movie.path, movie_file.relative_path)
        assert movie_file.relative_path == "The Matrix (1999) Bluray-1080p.mkv"
        assert os.stat(imported).st_ino == os.stat(source).st_ino  # hardlinked, not copied

        poll_until(lambda: Download.objects.get(pk=download.pk).removed_from_client)
        assert row.client().status(info_hash) is None
        assert not source.exists()  # the client's copy went with it
        assert os.path.getsize(imported) == 300_000  # the library's link survives
    events = list(History.objects.filter(download=download).values_list("event", flat=True))
    assert History.Event.GRABBED in events and History.Event.IMPORTED in events


def torrent_removed_by_hand_is_removed_not_imported(
    client_url: str, download_dir, row, movie: Movie
) -> None:
    row.start_paused = True  # it must not complete before the user removes it
    row.save()
    source, content, info_hash = seeded_torrent(download_dir)
    source.unlink()  # nothing on disk: the torrent stays incomplete
    release = make_release(RELEASE, download_url=TORRENT_URL)
    with indexer_serving(content, client_url):
        download = grab(movie, release, client=row)
        poll_queue()

        row.client().remove(info_hash, delete_files=False)
        poll_until(in_state(download, S.REMOVED))

    assert not MovieFile.objects.filter(movie=movie).exists()


def torrent_client_down_keeps_the_last_known_state(
    client_url: str, download_dir, row, movie: Movie, stop
) -> None:
    """Grab paused, wait for PAUSED, `stop()` the client; the next poll keeps PAUSED."""
    row.start_paused = True  # stays paused, so the last known state is PAUSED
    row.save()
    source, content, _info_hash = seeded_torrent(download_dir)
    source.unlink()
    with indexer_serving(content, client_url):
        download = grab(movie, make_release(RELEASE, download_url=TORRENT_URL), client=row)
        poll_until(in_state(download, S.PAUSED))
        stop()

        result = poll_queue()

    download.refresh_from_db()
    assert result.failed_clients == [row.name]
    assert download.state == S.PAUSED and not download.removed_from_client
    assert_client_down_on_status(row)
    assert Download.objects.count() == 1
    assert not History.objects.filter(download=download, event=History.Event.REMOVED).exists()


def assert_client_down_on_status(row) -> None:
    status = get_status(row.config().provider_key)
    assert status.consecutive_failures == 1 and "unreachable" in status.last_error


# --- usenet clients -----------------------------------------------------------------------


def usenet_release(url: str, title: str = TITLE) -> Release:
    return Release(
        title=title,
        size=300_000,
        indexer="Example",
        protocol=USENET,
        download_url=url,
        guid=f"https://indexer.example/details/{title}",
    )


def usenet_grab_import_and_remove(nntp, nzbs, movie: Movie, row, tmp_path, output_dir) -> None:
    """A usenet download completes into `output_dir`, is imported by move and renamed, and
    the next poll removes it from the client."""
    data = os.urandom(300_000)
    source = tmp_path / f"{TITLE}.mkv"
    source.write_bytes(data)
    nzbs[f"{TITLE}.nzb"] = nntp.add_file(source).encode()

    download = grab(movie, usenet_release(nzbs.url(f"{TITLE}.nzb")))
    download = poll_until_state(download, {S.IMPORTED, S.IMPORT_BLOCKED, S.FAILED})

    assert download.state == S.IMPORTED, download.status_message
    target = os.path.join(movie.path, "Heat (1995) Bluray-1080p.mkv")
    with open(target, "rb") as imported:
        assert imported.read() == data
    assert download.output_path.startswith(str(output_dir))
    assert list(output_dir.rglob("*.mkv")) == []  # moved out, not copied
    assert History.objects.filter(download=download, event=History.Event.IMPORTED).exists()

    poll_queue()  # the next poll removes the imported item (remove_completed)
    download.refresh_from_db()
    assert download.removed_from_client
    assert row.client().status(download.download_id) is None


def usenet_missing_articles_blocklisted_and_removed(nzbs, movie: Movie, row) -> Download:
    """A download with missing articles fails, is blocklisted and removed from the client;
    returns the failed download for the client's own reason check."""
    nzbs[f"{BROKEN}.nzb"] = missing_nzb(f"{BROKEN}.mkv").encode()

    download = grab(movie, usenet_release(nzbs.url(f"{BROKEN}.nzb"), title=BROKEN))
    download = poll_until_state(download, {S.FAILED, S.IMPORTED, S.IMPORT_BLOCKED})

    assert download.state == S.FAILED
    blocked = Blocklist.objects.get(movie=movie)
    assert (blocked.source_title, blocked.guid) == (BROKEN, usenet_release("", BROKEN).guid)
    failed = History.objects.get(download=download, event=History.Event.FAILED)
    assert failed.data.get("removed_from_client") is True
    assert row.client().status(download.download_id) is None
    return download
