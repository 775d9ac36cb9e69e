"""The whole usenet path through a real SABnzbd: grab → queue → completed → import by move
and rename → removed from the client; and a download that fails for real (missing
articles) is blocklisted, recorded in History and removed from the client."""

from __future__ import annotations

import os

import pytest

from downloads.models import DownloadClient
from tests.integration import full_path
from tests.movies.factories import make_movie
from tests.servers import sabnzbd as server
from tests.servers.nntp import nntp_server, nzb_http_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


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


def test_a_usenet_download_is_imported_by_move_renamed_and_removed_from_sabnzbd(
    stack, client_row, heat, tmp_path
):
    nntp, nzbs, daemon = stack
    full_path.usenet_grab_import_and_remove(
        nntp, nzbs, heat, client_row, tmp_path, daemon.complete_dir
    )


def test_a_usenet_download_with_missing_articles_is_blocklisted_and_removed(
    stack, client_row, heat
):
    _, nzbs, _ = stack
    download = full_path.usenet_missing_articles_blocklisted_and_removed(nzbs, heat, client_row)

    assert "Not on your server" in download.status_message
