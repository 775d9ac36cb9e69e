"""From a completed download on a real qbittorrent-nox to the media server: the fake Plex
receives ONE partial scan of the movie's folder (as Plex sees it, through a path mapping)
in the library that holds it, within seconds of the import; a webhook receiver gets the
Download payload. A Plex that is down never blocks the import; the scan is retried and
lands once Plex is back.

The send task runs as the app queues it, after the import's commit (django-q2 in sync
mode here, so the test's own poll runs it); the database is transactional for that.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from downloads.grab import grab
from downloads.models import Download, DownloadClient
from mediaservers import tasks
from mediaservers.models import Connection, Delivery, PathMapping
from radarr_site.models import ProviderStatus
from tests.downloads.qbittorrent.conftest import require_binary
from tests.fakes.download_client import make_release
from tests.integration import full_path
from tests.servers.plex import plex_server
from tests.servers.qbittorrent import run_qbittorrent
from tests.servers.webhook import webhook_receiver

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PLEX_FOLDER = "/data/movies/The Matrix (1999)"


@pytest.fixture
def qbt_server(tmp_path):
    require_binary()
    with run_qbittorrent(tmp_path / "qbt") as running:
        yield running


@pytest.fixture
def plex():
    with plex_server() as server:
        yield server


@pytest.fixture
def receiver():
    with webhook_receiver() as running:
        yield running


@pytest.fixture
def matrix(seeded_qualities, root_folder):
    return full_path.make_matrix(root_folder)


@pytest.fixture
def qbt_row(qbt_server):
    return DownloadClient.objects.create(
        name="qBittorrent",
        kind="qbittorrent",
        base_url=qbt_server.base_url,
        username=qbt_server.username,
        password=qbt_server.password,
        category="radarr",
        priority=1,
        remove_completed=True,
        seed_time_minutes=0,
    )


def grab_and_import(qbt_server, qbt_row, movie) -> Download:
    """Grab the movie's torrent (the indexer's link mocked only for the grab), then poll
    the real qBittorrent until the finished download is imported."""
    _source, content, _hash = full_path.seeded_torrent(qbt_server.downloads)
    release = make_release(full_path.RELEASE, download_url=full_path.TORRENT_URL)
    with full_path.indexer_serving(content, qbt_server.base_url):
        download = grab(movie, release, client=qbt_row)
    full_path.poll_until(full_path.in_state(download, Download.State.IMPORTED))
    download.refresh_from_db()
    return download


@pytest.fixture
def plex_row(plex, root_folder):
    row = Connection.objects.create(
        kind="plex", name="Plex", base_url=plex.base_url, api_key=plex.token
    )
    # Plex runs elsewhere and sees our root folder as /data/movies.
    PathMapping.objects.create(
        connection=row, local_path=root_folder.path, remote_path="/data/movies"
    )
    return row


def test_an_imported_torrent_makes_one_partial_scan_in_plex_and_a_download_webhook(
    qbt_server, qbt_row, matrix, plex, plex_row, receiver
):
    plex.add_section("3", "Other movies", "movie", ["/data/other"])
    Connection.objects.create(kind="webhook", name="Hook", base_url=receiver.url)

    download = grab_and_import(qbt_server, qbt_row, matrix)

    assert plex.wait_for_refreshes(1) == [("1", PLEX_FOLDER)]
    scan = Delivery.objects.get(connection=plex_row)
    assert scan.state == "sent" and scan.result == f"Partial scan of Movies: {PLEX_FOLDER}"
    assert scan.sent_at - download.imported_at < timedelta(seconds=10)
    full_path.poll_until(lambda: Download.objects.get(pk=download.pk).removed_from_client)
    assert plex.refreshes == [("1", PLEX_FOLDER)]  # later polls do not scan again

    posted = [r.json for r in receiver.wait_for(1)]
    downloads = [p for p in posted if p["eventType"] == "Download"]
    assert len(downloads) == 1
    assert downloads[0]["movie"]["title"] == "The Matrix"
    assert downloads[0]["movieFile"]["relativePath"] == "The Matrix (1999) Bluray-1080p.mkv"
    assert downloads[0]["release"]["releaseTitle"] == full_path.RELEASE


def test_a_plex_that_is_down_never_blocks_the_import_and_gets_the_scan_when_back(
    qbt_server, qbt_row, matrix, plex, plex_row
):
    plex.failure = "500"

    started = time.monotonic()
    download = grab_and_import(qbt_server, qbt_row, matrix)

    assert download.state == Download.State.IMPORTED
    assert time.monotonic() - started < 30
    assert plex.requests  # it was asked, and answered 500
    assert plex.refreshes == []
    scan = Delivery.objects.get(connection=plex_row)
    assert (scan.state, scan.attempts) == ("pending", 1)
    assert scan.due_at > timezone.now()  # retried later, not hammered
    status = ProviderStatus.objects.get(key=plex_row.provider_key)
    assert status.state == ProviderStatus.OPEN

    # Plex is back; the retry and the hold fall due (as a minute later).
    plex.failure = None
    Delivery.objects.filter(pk=scan.pk).update(due_at=timezone.now())
    ProviderStatus.objects.filter(pk=status.pk).update(disabled_until=timezone.now())
    assert tasks.send_due()["sent"] == 1

    assert plex.refreshes == [("1", PLEX_FOLDER)]
    scan.refresh_from_db()
    assert (scan.state, scan.attempts) == ("sent", 2)
    assert ProviderStatus.objects.get(pk=status.pk).state == ProviderStatus.CLOSED
