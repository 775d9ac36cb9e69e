"""A .torrent whose file name climbs out of the download folder, on the real daemon.

Transmission 3 stores the file under a sanitized name ('/' → '_') but reports the torrent's
name back as is, so `downloadDir/name` would lead out of the folder, to wherever the torrent
chose. Here the data sits at the sanitized place (so the torrent completes) and a file waits
at the place the name points to: our client must give no output path (with a warning), and
the queue must import nothing, least of all the file outside.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
import responses

from downloads.grab import grab
from downloads.models import Download, DownloadClient
from downloads.queue import poll_queue
from movies.models import Movie, MovieFile, QualityProfile
from tests.fakes.download_client import make_release
from tests.servers.torrent_file import make_torrent

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

RELEASE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
TORRENT_URL = "https://indexer.example/get/hostile.torrent"
S = Download.State


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
def client_row(transmission_server):
    return DownloadClient.objects.create(
        name="Transmission",
        kind="transmission",
        base_url=transmission_server.url,
        username=transmission_server.username,
        password=transmission_server.password,
        category="hostile-" + uuid.uuid4().hex[:8],
        priority=1,
    )


def test_a_torrent_whose_name_climbs_out_completes_but_nothing_is_imported(
    transmission_server, client_row, matrix
):
    outside = transmission_server.download_dir.parent / f"victim-{uuid.uuid4().hex[:8]}"
    outside.mkdir()
    target = outside / f"{RELEASE}.mkv"
    target.write_bytes(os.urandom(200_000))
    hostile_name = f"../{outside.name}/{RELEASE}.mkv"
    content, info_hash = make_torrent(target, name=hostile_name)

    with responses.RequestsMock() as mocked:
        mocked.add_passthru(transmission_server.url)
        mocked.get(TORRENT_URL, body=content)
        download = grab(matrix, make_release(RELEASE, download_url=TORRENT_URL), client=client_row)
        client = client_row.client()
        files = client.rpc("torrent-get", {"ids": [info_hash], "fields": ["files"]})
        stored = files["torrents"][0]["files"][0]["name"]  # where Transmission keeps the data
        assert "/" not in stored
        (transmission_server.download_dir / stored).write_bytes(target.read_bytes())
        client.rpc("torrent-verify", {"ids": [info_hash]})
        item = client.status(info_hash)
        deadline = time.monotonic() + 20
        while item is None or item.progress < 1.0:
            assert time.monotonic() < deadline, f"the torrent never completed: {item!r}"
            time.sleep(0.3)
            item = client.status(info_hash)
        for _ in range(3):
            poll_queue()

    assert item.title == hostile_name  # the daemon reports the hostile name as is
    assert item.output_path == ""
    assert any("unsafe download path" in w for w in item.warnings)
    download.refresh_from_db()
    assert download.state != S.IMPORTED and download.output_path == ""
    assert download.state in (S.COMPLETED, S.IMPORT_BLOCKED)  # finished, but refused
    assert not MovieFile.objects.filter(movie=matrix).exists()
    assert target.exists() and not os.path.exists(matrix.path + f"/{RELEASE}.mkv")
