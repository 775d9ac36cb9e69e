"""Benchmark of one movie searched across five indexers that each answer slowly (a script).

Run from the repository root: `python tests/bench/search.py`. It builds a throwaway
database in a temporary DATA_DIR, serves five Torznab indexers from the fake server
(tests/servers/torznab.py) that each wait DELAY_MS before answering, searches The Matrix
once (after a warm-up search with no delay) and prints
`search indexers=5 delay_ms=D wall_ms=W`. The indexers are asked at once, so W should
be close to one delay, not five; it exits non-zero past two delays or when an indexer
did not answer.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
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

INDEXERS, DELAY_MS, ITEMS = 5, 300, 20


def seed(server):
    """The Matrix in a library, and five Torznab indexers each listing ITEMS releases."""
    from indexers.models import Indexer
    from movies.models import Movie, QualityProfile, RootFolder
    from tests.servers.torznab import API_KEY

    root = RootFolder.objects.create(path=f"{DATA_DIR}/movies")
    movie = Movie.objects.create(
        tmdb_id=603,
        imdb_id="tt0133093",
        title="The Matrix",
        year=1999,
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root,
        path=f"{root.path}/The Matrix (1999)",
    )
    for n in range(INDEXERS):
        idx = server.add(f"idx{n}")
        idx.items = [
            {
                "title": f"The.Matrix.1999.1080p.BluRay.x264-G{n}x{i}",
                "size": 8 * 2**30 + i,
                "seeders": 10 + i,
                "imdb": "0133093",
                "tmdbid": 603,
                "infohash": f"{n:020x}{i:020x}",
            }
            for i in range(ITEMS)
        ]
        Indexer.objects.create(
            name=f"Bench {n}",
            kind="torznab",
            base_url=server.url_for(f"idx{n}"),
            api_key=API_KEY,
            requests_per_minute=0,
        )
    return movie


def main() -> None:
    from indexers.search import search_movie
    from tests.servers.torznab import torznab_server

    call_command("migrate", verbosity=0)
    try:
        with torznab_server() as server:
            movie = seed(server)
            search_movie(movie)  # warm-up: imports, sessions, first queries
            for idx in server.indexers.values():
                idx.delay = DELAY_MS / 1000
            begin = time.perf_counter()
            result = search_movie(movie)
            wall_ms = (time.perf_counter() - begin) * 1000
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(f"search indexers={INDEXERS} delay_ms={DELAY_MS} wall_ms={wall_ms:.0f}")
    failed = [o for o in result.outcomes if not o.answered or o.count != ITEMS]
    if failed or len(result.outcomes) != INDEXERS:
        print(f"FAIL: indexers that did not answer in full: {failed}", file=sys.stderr)
        sys.exit(1)
    if wall_ms > 2 * DELAY_MS:
        print("FAIL: the indexers were not asked at the same time", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
