"""Benchmark of one queue poll: 500 active downloads over three clients (a script).

Run from the repository root: `python tests/bench/queue.py`. It builds a throwaway
database in a temporary DATA_DIR, tracks 500 downloads spread over three in-process fake
clients (tests/fakes/download_client.py) that report progress on each, runs one poll
cycle and prints `queue_poll downloads=500 client_calls=N ms=T`: N must equal the number
of clients (one call each, never one per item).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is called queue.py, as the benchmark is named; run as a script its folder is
# first on sys.path and would shadow the standard library's `queue` (which Django needs).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

DATA_DIR = tempfile.mkdtemp(prefix="radarr-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "radarr_site.settings"
os.environ["DATA_DIR"] = DATA_DIR
os.environ["DATABASE_URL"] = f"sqlite:///{DATA_DIR}/bench.sqlite3"
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ["TMDB_API_KEY"] = "bench-key"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

DOWNLOADS, CLIENTS = 500, 3


def seed() -> None:
    """Three fake clients, 500 movies, one active download each, and the clients' items."""
    from downloads.clients.base import ClientItem, ItemState
    from downloads.models import Download, DownloadClient
    from movies.models import Movie, QualityProfile, RootFolder
    from movies.titles import clean_title, sort_title
    from tests.fakes.download_client import server

    root = RootFolder.objects.create(path=f"{DATA_DIR}/movies")
    profile = QualityProfile.objects.first()
    clients = [
        DownloadClient.objects.create(
            name=f"Fake {n}", kind="fake", base_url="http://127.0.0.1:1", category="radarr"
        )
        for n in range(CLIENTS)
    ]
    Movie.objects.bulk_create(
        Movie(
            tmdb_id=500_000 + n,
            title=f"Bench Movie {n}",
            sort_title=sort_title(f"Bench Movie {n}"),
            clean_title=clean_title(f"Bench Movie {n}"),
            year=2000 + n % 25,
            quality_profile=profile,
            root_folder=root,
            path=f"{root.path}/Bench Movie {n}",
        )
        for n in range(DOWNLOADS)
    )
    movies = list(Movie.objects.order_by("pk"))
    rows = []
    for n, movie in enumerate(movies):
        client = clients[n % CLIENTS]
        download_id = f"{n:040x}"
        title = f"Bench.Movie.{n}.{movie.year}.1080p.WEB-DL-GRP"
        rows.append(
            Download(
                movie=movie,
                client=client,
                protocol="torrent",
                download_id=download_id,
                info_hash=download_id,
                source_title=title,
                guid=f"guid-{n}",
                state=Download.State.DOWNLOADING,
            )
        )
        server(client.name).put(
            ClientItem(
                download_id=download_id,
                title=title,
                state=ItemState.DOWNLOADING,
                category="radarr",
                size=4_000_000_000,
                size_left=2_000_000_000,
                progress=0.5,
                eta_seconds=600,
                speed=3_000_000,
            )
        )
    Download.objects.bulk_create(rows)


def main() -> None:
    from pytest import MonkeyPatch

    from downloads.queue import poll_queue
    from tests.fakes.download_client import SERVERS, install

    call_command("migrate", verbosity=0)
    install(MonkeyPatch())
    try:
        seed()
        begin = time.perf_counter()
        result = poll_queue()
        millis = (time.perf_counter() - begin) * 1000
        calls = sum(srv.total_calls for srv in SERVERS.values())
        assert result.items == DOWNLOADS and not result.failed_clients, result
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(f"queue_poll downloads={DOWNLOADS} client_calls={calls} ms={millis:.1f}")
    if calls != CLIENTS or result.client_calls != CLIENTS:
        # One call per client is the point of the benchmark: more means a call per item.
        print(f"FAIL: expected {CLIENTS} client calls, got {calls}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
