"""The whole pipeline for real: a movie added from (fake) TMDB, an automatic search across
two (fake) Torznab indexers, the decision, the grab into a real qbittorrent-nox, completion
by recheck, the import with rename, and History showing grabbed and imported.

The movie's file is already in qBittorrent's download folder, so the .torrent the fake
indexer serves for it completes offline. Nothing here is mocked inside the app: the
indexers and TMDB are HTTP servers on loopback, qBittorrent is the real daemon.
"""

from __future__ import annotations

import os

import pytest

from downloads.models import Download, DownloadClient, History
from indexers import services as indexer_services
from indexers.models import Indexer
from movies import services as movie_services
from movies.models import MovieFile, QualityProfile
from tests.downloads.qbittorrent.conftest import require_binary
from tests.integration.full_path import in_state, poll_until
from tests.servers.qbittorrent import run_qbittorrent
from tests.servers.torznab import API_KEY, torznab_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

GIB = 1024**3
BEST = "The.Matrix.1999.1080p.BluRay.x264-GRP"


@pytest.fixture
def qbt_server(tmp_path):
    require_binary()
    with run_qbittorrent(tmp_path / "qbt") as running:
        yield running


@pytest.fixture
def indexers_server():
    with torznab_server() as server:
        yield server


def torznab(name: str, server, slug: str, priority: int = 25) -> Indexer:
    return Indexer.objects.create(
        kind="torznab",
        name=name,
        base_url=server.url_for(slug),
        api_path="/api",
        api_key=API_KEY,
        priority=priority,
        requests_per_minute=0,
    )


def test_an_automatic_search_grabs_into_qbittorrent_and_the_file_is_imported_renamed(
    fake_tmdb, seeded_qualities, root_folder, qbt_server, indexers_server
):
    movie = movie_services.add_movie(
        603, root_folder=root_folder, quality_profile=QualityProfile.objects.get(name="HD-1080p")
    )
    source = qbt_server.downloads / f"{BEST}.mkv"
    source.write_bytes(os.urandom(300_000))

    # One indexer has the wanted release (its .torrent made for the file on disk) and a
    # 720p copy the profile ranks lower; the other has a CAM the profile does not allow.
    indexers_server.add("alpha")
    indexers_server.add_torrent(
        "alpha", source, title=BEST, imdb="0133093", size=9 * GIB, seeders=40, peers=45
    )
    indexers_server.indexers["alpha"].items.append(
        {
            "title": "The.Matrix.1999.1080p.WEB-DL.DD5.1.H264-FGT",
            "imdb": "0133093",
            "size": 5 * GIB,
            "seeders": 80,
            "peers": 90,
            "link": indexers_server.url_for("alpha") + "/x.torrent",
        }
    )
    indexers_server.add("beta")
    indexers_server.indexers["beta"].items.append(
        {
            "title": "The.Matrix.1999.CAM.x264-NOGRP",
            "imdb": "0133093",
            "size": 2 * GIB,
            "seeders": 500,
            "peers": 600,
            "link": indexers_server.url_for("beta") + "/c.torrent",
        }
    )
    for row in (
        torznab("Alpha", indexers_server, "alpha"),
        torznab("Beta", indexers_server, "beta"),
    ):
        indexer_services.refresh_capabilities(row)  # as Test / Save do: id search from now on
    client = DownloadClient.objects.create(
        name="qBittorrent",
        kind="qbittorrent",
        base_url=qbt_server.base_url,
        username=qbt_server.username,
        password=qbt_server.password,
        category="radarr",
        remove_completed=False,
    )

    outcome = indexer_services.automatic_search(movie, source="automatic")

    assert outcome.grabbed is not None, outcome.message
    assert outcome.message == f"Grabbed {BEST} from Alpha"
    by_title = {d.release.title: d for d in outcome.decisions}
    assert by_title[BEST].accepted
    assert by_title["The.Matrix.1999.1080p.WEB-DL.DD5.1.H264-FGT"].accepted  # ranked below
    assert not by_title["The.Matrix.1999.CAM.x264-NOGRP"].accepted
    assert outcome.decisions[0].release.title == BEST
    assert indexers_server.count("alpha", "movie") == indexers_server.count("beta", "movie") == 1
    asked = indexers_server.indexers["alpha"].queries[-1]
    assert (asked["imdbid"], asked["tmdbid"]) == ("0133093", "603")  # by id, from the caps

    download = outcome.grabbed
    assert (download.client_id, download.indexer) == (client.pk, "Alpha")
    poll_until(in_state(download, Download.State.IMPORTED), timeout=60)

    movie_file = MovieFile.objects.get(movie=movie)
    assert movie_file.relative_path == "The Matrix (1999) Bluray-1080p.mkv"
    assert os.path.getsize(os.path.join(movie.path, movie_file.relative_path)) == 300_000
    events = set(History.objects.filter(movie=movie).values_list("event", flat=True))
    assert {History.Event.GRABBED, History.Event.IMPORTED} <= events
