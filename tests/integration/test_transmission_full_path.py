"""The whole path on a real transmission-daemon: grab → poll → completed → imported → removed.

The movie's file is already in Transmission's download folder, so the .torrent made for it
completes offline; the indexer's .torrent link is answered by `responses` (the daemon's own address
passes through to the real thing). The shared flow is in tests/integration/full_path.py.
"""

from __future__ import annotations

import os

import pytest

from downloads.models import DownloadClient
from tests.integration import full_path
from tests.servers import transmission as server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def transmission_server(tmp_path):
    if not server.available():
        reason = f"{server.BINARY} is not installed (apt-get install transmission-daemon)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with server.running_transmission(tmp_path / "transmission") as running:
        yield running


@pytest.fixture
def matrix(seeded_qualities, root_folder):
    return full_path.make_matrix(root_folder)


@pytest.fixture
def client_row(transmission_server):
    return DownloadClient.objects.create(
        name="Transmission",
        kind="transmission",
        base_url=transmission_server.url,
        username=transmission_server.username,
        password=transmission_server.password,
        category="radarr",
        priority=1,
        remove_completed=True,
        seed_time_minutes=0,  # the seed goal is met at once, so the item may go
    )


def test_a_grabbed_torrent_is_imported_hardlinked_and_renamed_then_removed_from_transmission(
    transmission_server, client_row, matrix
):
    full_path.grab_import_and_remove_torrent(
        transmission_server.url, transmission_server.download_dir, client_row, matrix
    )


def test_a_torrent_removed_in_transmission_by_hand_is_removed_not_imported(
    transmission_server, client_row, matrix
):
    full_path.torrent_removed_by_hand_is_removed_not_imported(
        transmission_server.url, transmission_server.download_dir, client_row, matrix
    )


def test_transmission_down_keeps_the_last_known_state_and_shows_on_the_status(
    transmission_server, client_row, matrix
):
    def stop():
        transmission_server.proc.terminate()
        transmission_server.proc.wait(10)

    full_path.torrent_client_down_keeps_the_last_known_state(
        transmission_server.url, transmission_server.download_dir, client_row, matrix, stop
    )
