"""The whole usenet path through a real NZBGet: grab → queue → completed → import by move
and rename → removed from the client; and a download that fails for real (missing
articles) is blocklisted, recorded in History and removed from the client."""

from __future__ import annotations

import os

import pytest

from downloads.grab import grab
from downloads.models import DownloadClient, History
from downloads.queue import poll_queue
from tests.integration import full_path
from tests.integration.full_path import S, poll_until_state, usenet_release
from tests.movies.factories import make_movie
from tests.servers import nzbget as server
from tests.servers.nntp import nntp_server, nzb_http_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
TITLE = full_path.TITLE


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


def test_a_usenet_download_is_imported_by_move_renamed_and_removed_from_nzbget(
    stack, client_row, heat, tmp_path
):
    nntp, nzbs, daemon = stack
    full_path.usenet_grab_import_and_remove(nntp, nzbs, heat, client_row, tmp_path, daemon.dest_dir)


def test_a_usenet_download_with_missing_articles_is_blocklisted_and_removed(
    stack, client_row, heat
):
    _, nzbs, _ = stack
    download = full_path.usenet_missing_articles_blocklisted_and_removed(nzbs, heat, client_row)

    assert "health" in download.status_message


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
        download = grab(heat, usenet_release(nzbs.url("down.nzb")))
        download = poll_until_state(download, {S.PAUSED})
        own.proc.terminate()
        own.proc.wait(10)

        result = poll_queue()

    download.refresh_from_db()
    assert result.failed_clients == ["Doomed"]
    assert download.state == S.PAUSED and not download.removed_from_client
    full_path.assert_client_down_on_status(row)
    assert not History.objects.filter(download=download, event=History.Event.REMOVED).exists()
