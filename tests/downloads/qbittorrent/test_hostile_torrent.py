"""A .torrent whose file name climbs out of the download folder, on the real qbittorrent-nox.

qBittorrent (libtorrent) strips the separators from such a name before it stores or reports
anything, so its content path stays inside the save path, and it never reads the file the
name points at. The refusal of a content path outside the save path, should a client report
one, is tested on answers in test_qbittorrent_unit.py.
"""

from __future__ import annotations

import os
import uuid

import pytest
import responses

from downloads.clients.paths import inside_folder
from downloads.grab import grab
from downloads.models import Download, DownloadClient
from downloads.queue import poll_queue
from movies.models import Movie, MovieFile, QualityProfile
from tests.downloads.qbittorrent.conftest import wait_for
from tests.fakes.download_client import make_release
from tests.servers.torrent_file import make_torrent

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

RELEASE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
TORRENT_URL = "https://indexer.example/get/hostile.torrent"


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
def client_row(qbt_server):
    return DownloadClient.objects.create(
        name="qBittorrent",
        kind="qbittorrent",
        base_url=qbt_server.base_url,
        username=qbt_server.username,
        password=qbt_server.password,
        category="hostile-" + uuid.uuid4().hex[:8],
        priority=1,
    )


@pytest.mark.parametrize("absolute", [False, True], ids=["climbing", "absolute"])
def test_a_torrent_whose_name_leads_out_stays_inside_the_save_path_and_nothing_is_imported(
    qbt_server, client_row, matrix, absolute
):
    outside = qbt_server.downloads.parent / f"victim-{uuid.uuid4().hex[:8]}"
    outside.mkdir()
    target = outside / f"{RELEASE}.mkv"
    target.write_bytes(os.urandom(200_000))
    hostile_name = str(target) if absolute else f"../{outside.name}/{RELEASE}.mkv"
    content, info_hash = make_torrent(target, name=hostile_name)

    with responses.RequestsMock() as mocked:
        mocked.add_passthru(qbt_server.base_url)
        mocked.get(TORRENT_URL, body=content)
        download = grab(matrix, make_release(RELEASE, download_url=TORRENT_URL), client=client_row)
        item = wait_for(client_row.client(), info_hash, lambda i: bool(i and i.output_path))
        for _ in range(3):
            poll_queue()

    assert "/" not in item.title and ".." not in item.title.split("/")
    assert item.save_path and inside_folder(item.output_path, item.save_path)
    assert inside_folder(item.output_path, str(qbt_server.downloads))
    assert item.progress < 1.0  # it never read the file the name points at
    download.refresh_from_db()
    assert download.state != Download.State.IMPORTED
    assert not MovieFile.objects.filter(movie=matrix).exists()
    assert target.stat().st_nlink == 1  # never linked into the library
