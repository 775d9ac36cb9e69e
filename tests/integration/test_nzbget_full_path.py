"""The whole usenet path through a real NZBGet: grab → queue → completed → import by move
and rename → removed from the client; and a download that fails for real (missing
articles) is blocklisted, recorded in History and removed from the client."""

from __future__ import annotations

import os
import time

import pytest

from downloads.clients.base import USENET
from downloads.grab import grab
from downloads.models import Blocklist, Download, DownloadClient, History
from downloads.queue import poll_queue
from indexers.release import Release
from radarr_site.providers import get_status
from tests.movies.factories import make_movie
from tests.servers import nzbget as server
from tests.servers.nntp import missing_nzb, nntp_server, nzb_http_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
S = Download.State
TITLE = "Heat.1995.1080p.BluRay.x264-GRP"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """NNTP server, NZB web server and NZBGet, for this module."""
    if not server.available():
        reason = "nzbget is not installed (apt-get install nzbget)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    with nntp_server() as nntp, nzb_http_server() as nzbs:
        root = tmp_path_factory.mktemp("nzbget-full")
        with server.nzbget_server(root, nntp.port) as nzbget:
            yield nntp, nzbs, nzbget


@pytest.fixture
def client_row(stack, db):
    _, _, nzbget = stack
    return DownloadClient.objects.create(
        kind="nzbget",
        name="NZBGet",
        base_url=nzbget.base_url,
        username=nzbget.username,
        password=nzbget.password,
        category="Movies",
        remove_completed=True,
        remove_failed=True,
    )


@pytest.fixture
def heat(seeded_qualities, root_folder):
    return make_movie(root_folder, title="Heat", year=1995, tmdb_id=949)


def release(url: str, title: str = TITLE) -> Release:
    return Release(
        title=title,
        size=300_000,
        indexer="Example",
        protocol=USENET,
        download_url=url,
        guid=f"https://indexer.example/details/{title}",
    )


def poll_until(download: Download, states: set[str], timeout: float = 40) -> Download:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        poll_queue()
        download.refresh_from_db()
        if download.state in states:
            return download
        time.sleep(0.3)
    raise AssertionError(f"{download} stayed {download.state}: {download.status_message}")


def test_a_usenet_download_is_imported_by_move_renamed_and_removed_from_nzbget(
    stack, client_row, heat, tmp_path
):
    nntp, nzbs, daemon = stack
    data = os.urandom(300_000)
    source = tmp_path / f"{TITLE}.mkv"
    source.write_bytes(data)
    nzbs[f"{TITLE}.nzb"] = nntp.add_file(source).encode()

    download = grab(heat, release(nzbs.url(f"{TITLE}.nzb")))
    download = poll_until(download, {S.IMPORTED, S.IMPORT_BLOCKED, S.FAILED})

    assert download.state == S.IMPORTED, download.status_message
    target = os.path.join(heat.path, "Heat (1995) Bluray-1080p.mkv")
    with open(target, "rb") as imported:
        assert imported.read() == data
    assert download.output_path.startswith(str(daemon.dest_dir))
    assert list(daemon.dest_dir.rglob("*.mkv")) == []  # moved out, not copied
    assert History.objects.filter(download=download, event=History.Event.IMPORTED).exists()

    poll_queue()  # the next poll removes the imported item (remove_completed)
    download.refresh_from_db()
    assert download.removed_from_client
    assert client_row.client().status(download.download_id) is None


def test_a_usenet_download_with_missing_articles_is_blocklisted_and_removed(
    stack, client_row, heat
):
    _, nzbs, _ = stack
    broken = "Heat.1995.720p.WEB-DL.x264-BAD"
    nzbs[f"{broken}.nzb"] = missing_nzb(f"{broken}.mkv").encode()

    download = grab(heat, release(nzbs.url(f"{broken}.nzb"), title=broken))
    download = poll_until(download, {S.FAILED, S.IMPORTED, S.IMPORT_BLOCKED})

    assert download.state == S.FAILED
    assert "health" in download.status_message
    blocked = Blocklist.objects.get(movie=heat)
    assert (blocked.source_title, blocked.guid) == (broken, release("", broken).guid)
    failed = History.objects.get(download=download, event=History.Event.FAILED)
    assert failed.data.get("removed_from_client") is True
    assert client_row.client().status(download.download_id) is None


def test_nzbget_down_keeps_the_last_known_state_and_shows_on_the_status(
    stack, heat, tmp_path, seeded_qualities
):
    nntp, nzbs, _ = stack
    source = tmp_path / f"{TITLE}.mkv"
    source.write_bytes(os.urandom(300_000))
    nzbs["down.nzb"] = nntp.add_file(source).encode()
    # A daemon of its own, so stopping it leaves the module's one running.
    with server.nzbget_server(tmp_path / "own", nntp.port) as own:
        row = DownloadClient.objects.create(
            kind="nzbget",
            name="Doomed",
            base_url=own.base_url,
            username=own.username,
            password=own.password,
            category="Movies",
            start_paused=True,  # stays queued, so the last known state is PAUSED
        )
        download = grab(heat, release(nzbs.url("down.nzb")))
        download = poll_until(download, {S.PAUSED})
        own.proc.terminate()
        own.proc.wait(10)

        result = poll_queue()

    download.refresh_from_db()
    assert result.failed_clients == ["Doomed"]
    assert download.state == S.PAUSED and not download.removed_from_client
    status = get_status(row.config().provider_key)
    assert status.consecutive_failures == 1 and "unreachable" in status.last_error
    assert not History.objects.filter(download=download, event=History.Event.REMOVED).exists()
