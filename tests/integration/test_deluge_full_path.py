"""The whole path on a real deluged and deluge-web: grab → poll → completed → imported → removed.

The movie's file is already in Deluge's download folder, so the .torrent made for it
completes offline; the indexer's .torrent link is answered by `responses` (the daemon's own address
passes through to the real thing). The shared flow is in tests/integration/full_path.py.
"""

from __future__ import annotations

import os

import pytest

from downloads.models import DownloadClient
from tests.integration import full_path
from tests.servers import deluge as server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


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
    return full_path.make_matrix(root_folder)


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


def test_a_grabbed_torrent_is_imported_hardlinked_and_renamed_then_removed_from_deluge(
    deluge_server, client_row, matrix
):
    full_path.grab_import_and_remove_torrent(
        deluge_server.url, deluge_server.download_dir, client_row, matrix
    )


def test_a_torrent_removed_in_deluge_by_hand_is_removed_not_imported(
    deluge_server, client_row, matrix
):
    full_path.torrent_removed_by_hand_is_removed_not_imported(
        deluge_server.url, deluge_server.download_dir, client_row, matrix
    )


def test_deluge_down_keeps_the_last_known_state_and_shows_on_the_status(
    deluge_server, client_row, matrix
):
    def stop():
        deluge_server.web.terminate()
        deluge_server.web.wait(10)

    full_path.torrent_client_down_keeps_the_last_known_state(
        deluge_server.url, deluge_server.download_dir, client_row, matrix, stop
    )
