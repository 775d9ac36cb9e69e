"""The whole path on a real qbittorrent-nox: grab → poll → completed → imported → removed.

The movie's file is already in qBittorrent's download folder, so the .torrent made for it
completes offline; the indexer's .torrent link is answered by `responses` (qBittorrent's
own address passes through to the real daemon). The shared flow is in
tests/integration/full_path.py.
"""

from __future__ import annotations

import pytest

from downloads.models import DownloadClient
from tests.downloads.qbittorrent.conftest import require_binary
from tests.integration import full_path
from tests.servers.qbittorrent import run_qbittorrent

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def qbt_server(tmp_path):
    require_binary()
    with run_qbittorrent(tmp_path / "qbt") as running:
        yield running


@pytest.fixture
def matrix(seeded_qualities, root_folder):
    return full_path.make_matrix(root_folder)


def test_a_grabbed_torrent_is_imported_hardlinked_and_renamed_then_removed_from_qbittorrent(
    qbt_server, matrix
):
    row = DownloadClient.objects.create(
        name="qBittorrent",
        kind="qbittorrent",
        base_url=qbt_server.base_url,
        username=qbt_server.username,
        password=qbt_server.password,
        category="radarr",
        priority=1,
        remove_completed=True,
        seed_time_minutes=0,  # the seed goal is met at once, so the item may go
    )

    full_path.grab_import_and_remove_torrent(qbt_server.base_url, qbt_server.downloads, row, matrix)
