"""The whole usenet path through a real SABnzbd: grab → queue → completed → import by move
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
from tests.movies.factories import make_movie
from tests.servers import sabnzbd as server
from tests.servers.nntp import missing_nzb, nntp_server, nzb_http_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
S = Download.State
TITLE = "Heat.1995.1080p.BluRay.x264-GRP"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """NNTP server, NZB web server and SABnzbd, for this module."""
    if not server.available():
        reason = "sabnzbdplus is not installed (run .ci/install-sabnzbd as root)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    with nntp_server() as nntp, nzb_http_server() as nzbs:
        root = tmp_path_factory.mktemp("sabnzbd-full")
        with server.sabnzbd_server(root, nntp.port) as sabnzbd:
            yield nntp, nzbs, sabnzbd


@pytest.fixture
def client_row(stack, db):
    _, _, sabnzbd = stack
    return DownloadClient.objects.create(
        kind="sabnzbd",
        name="SABnzbd",
        base_url=sabnzbd.base_url,
        api_key=sabnzbd.api_key,
        category=server.CATEGORY,
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


def test_a_usenet_download_is_imported_by_move_renamed_and_removed_from_sabnzbd(
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
    assert download.output_path.startswith(str(daemon.complete_dir))
    assert list(daemon.complete_dir.rglob("*.mkv")) == []  # moved out, not copied
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
    assert "Not on your server" in download.status_message
    blocked = Blocklist.objects.get(movie=heat)
    assert (blocked.source_title, blocked.guid) == (broken, release("", broken).guid)
    failed = History.objects.get(download=download, event=History.Event.FAILED)
    assert failed.data.get("removed_from_client") is True
    assert client_row.client().status(download.download_id) is None
