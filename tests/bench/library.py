"""Benchmark of the library page at 100 and at 20,000 movies (a script, not a test).

Run from the repository root: `python tests/bench/library.py`. It builds a throwaway
database in a temporary DATA_DIR, renders the library page as a signed-in admin (first
page in the default sort, a text search, a filter), and prints one line with the summed
query counts and summed median times of the three renders at both sizes.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Run as a script, this folder comes first on sys.path, where the queue benchmark
# (queue.py) would shadow the standard library's `queue`: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
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

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Static files are not what is measured: skip the manifest that collectstatic would write.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SMALL, LARGE = 100, 20_000
RUNS = 25
WARMUP = 5
VERBOSE = "-v" in sys.argv[1:]  # per-render figures on stderr; stdout keeps its one line
RENDERS = {
    "first page": {},
    # A title only the first hundred hold: the search finds the same movie at both sizes,
    # so the larger library adds scanning, not rendering.
    "search": {"q": "matrix"},
    "filter": {"filter": "missing"},
}

_ADJECTIVES = [
    "Silent",
    "Crimson",
    "Hidden",
    "Last",
    "Broken",
    "Golden",
    "Frozen",
    "Burning",
    "Lost",
    "Secret",
    "Endless",
    "Dark",
    "Wild",
    "Forgotten",
    "Electric",
    "Hollow",
    "Iron",
    "Midnight",
    "Scarlet",
    "Velvet",
    "Quiet",
    "Savage",
    "Distant",
    "Fallen",
]
_NOUNS = [
    "River",
    "Harbor",
    "Empire",
    "Garden",
    "Signal",
    "Mirror",
    "Kingdom",
    "Frontier",
    "Horizon",
    "Machine",
    "Winter",
    "Storm",
    "Voyage",
    "Station",
    "Shadow",
    "Island",
    "Protocol",
    "Orchard",
    "Lantern",
    "Citadel",
    "Covenant",
    "Desert",
    "Tide",
]
_REAL = ["The Matrix", "Heat", "Alien", "Amélie", "Spirited Away", "Blade Runner", "Up", "Dune"]
_SUFFIXES = ["", "", "", " II", " III", ": Reckoning", ": The Return", " Rising", " 2049"]


def seed(count: int, start: int) -> None:
    """Movies numbered start..count-1 with varied titles, dates, sizes and states."""
    from movies.models import Movie, QualityProfile, RootFolder, Tag
    from movies.titles import clean_title, sort_title

    rng = random.Random(start)
    profiles = list(QualityProfile.objects.all())
    root = RootFolder.objects.get_or_create(path=f"{DATA_DIR}/movies")[0]
    tags = [Tag.objects.get_or_create(label=label)[0] for label in ("kids", "4k", "keep")]
    batch = []
    for n in range(start, count):
        words = rng.choice(["The ", "", "", "A "]) + rng.choice(_ADJECTIVES)
        title = f"{words} {rng.choice(_NOUNS)}{rng.choice(_SUFFIXES)}"
        if n < len(_REAL):
            title = _REAL[n]
        elif n >= SMALL:
            title = f"{title} {n}"  # later movies never collide with the first hundred
        year = rng.randint(1925, 2026)
        has_file = rng.random() < 0.6
        released = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        batch.append(
            Movie(
                tmdb_id=100_000 + n,
                imdb_id=f"tt{1_000_000 + n}",
                title=title,
                sort_title=sort_title(title),
                clean_title=clean_title(title),
                original_title=title,
                alternative_titles=[f"{title} (Director's Cut)"] if n % 7 == 0 else [],
                year=year,
                overview="A story told in a hundred words or so. " * 5,
                runtime=rng.randint(80, 180),
                genres=["Drama", "Thriller"],
                in_cinemas=released,
                digital_release=released + dt.timedelta(days=90),
                poster_path=f"/poster{n}.jpg",
                monitored=rng.random() < 0.8,
                quality_profile=rng.choice(profiles),
                root_folder=root,
                path=f"{root.path}/{title} ({year})",
                has_file=has_file,
                size_on_disk=rng.randint(700, 60_000) * 1_000_000 if has_file else 0,
                added_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
            )
        )
        if len(batch) == 2000:
            Movie.objects.bulk_create(batch)
            batch = []
    Movie.objects.bulk_create(batch)
    through = Movie.tags.through
    new_ids = Movie.objects.filter(tmdb_id__gte=100_000 + start).values_list("pk", flat=True)
    through.objects.bulk_create(
        [through(movie_id=pk, tag_id=tags[pk % 3].pk) for pk in new_ids if pk % 4 == 0],
        batch_size=2000,
    )


def measure(client: Client) -> tuple[int, float]:
    """Summed query counts and summed median milliseconds of the three renders.

    Times are this process's CPU time: the page is CPU-bound (Python and SQLite in the
    same process, the database in the page cache), and CPU time does not count the
    moments other processes on a busy machine hold the cores. `-v` shows wall time too.
    """
    queries, millis = 0, 0.0
    for name, params in RENDERS.items():
        for _ in range(WARMUP):  # warm templates, caches and the page cache before timing
            client.get("/", params)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/", params)
        assert response.status_code == 200, response.status_code
        # Read now: every request start empties the connection's query log.
        count = len(ctx.captured_queries)
        queries += count
        cpu, wall = [], []
        # As timeit does: collect first and keep the collector out of the timed renders,
        # so the objects seeding left behind do not bill the page for their clean-up.
        gc.collect()
        gc.disable()
        try:
            for _ in range(RUNS):
                begin_cpu, begin_wall = time.process_time(), time.perf_counter()
                client.get("/", params)
                cpu.append((time.process_time() - begin_cpu) * 1000)
                wall.append((time.perf_counter() - begin_wall) * 1000)
        finally:
            gc.enable()
        millis += statistics.median(cpu)
        if VERBOSE:
            print(
                f"  {name}: {count} queries, median {statistics.median(cpu):.1f} ms CPU, "
                f"{statistics.median(wall):.1f} ms wall",
                file=sys.stderr,
            )
    return queries, millis


def main() -> None:
    from django.contrib.auth import get_user_model

    from movies.clients.tmdb import TmdbClient
    from radarr_site.accounts.roles import ADMIN, set_role

    call_command("migrate", verbosity=0)
    # Steady state: the image configuration is cached, as after the first page view.
    cache.set(TmdbClient.image_cache_key(settings.TMDB_BASE_URL), "https://image.example/t/p/")
    admin = get_user_model().objects.create_user("bench", password="bench-password-1")
    set_role(admin, ADMIN)
    client = Client()
    client.force_login(admin)

    try:
        seed(SMALL, 0)
        queries_small, ms_small = measure(client)
        seed(LARGE, SMALL)
        queries_large, ms_large = measure(client)
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(
        f"library_page queries_small={queries_small} queries_large={queries_large} "
        f"ms_small={ms_small:.1f} ms_large={ms_large:.1f} "
        f"time_ratio={ms_large / ms_small:.2f}"
    )


if __name__ == "__main__":
    main()
