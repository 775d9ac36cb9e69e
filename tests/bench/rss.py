"""Benchmark of RSS sync's matching at 1,000 and 20,000 monitored movies (a script).

Run from the repository root: `python tests/bench/rss.py`. It builds a throwaway database
in a temporary DATA_DIR; takes 1,000 feed items from the real release titles of
../shared/corpus/ (parsed beforehand: every title with a movie title and a year, cycled,
a third of the items carrying their movie's IMDb id as Torznab feeds do); puts each
item's movie in a library of 1,000 monitored movies, then grows that library to 20,000.
At each size it times building the index (MovieIndex.build) and matching the 1,000
items through it (the per-item cost the goal is about: it must not grow with the
library; timing rounds alternate between the two indexes), and prints:

    rss_match items=1000 ms_small=A ms_large=B ratio=R
    rss_index movies_small=1000 movies_large=20000 build_ms_small=X build_ms_large=Y

It exits 1 when the items matched differ between the two libraries.
"""

from __future__ import annotations

import gc
import json
import os
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
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "radarr-parser-dev.jsonl"
ITEMS, SMALL, LARGE = 1000, 1000, 20_000
ROUNDS = 51
BUILD_ROUNDS = 3
VERBOSE = "-v" in sys.argv[1:]


def feed_items() -> tuple[list, dict[tuple[str, int], dict]]:
    """1,000 (release, parse) pairs from the corpus, and the movies they are about."""
    from indexers.release import Release
    from movies.services import parse_release

    titles = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        title = json.loads(line).get("title") if line.strip() else None
        if title and title not in titles:
            titles.append(title)
    usable = []
    movies: dict[tuple[str, int], dict] = {}
    for title in titles:
        parsed = parse_release(title)
        if not (parsed.title and parsed.clean_title and parsed.year):
            continue
        key = (parsed.clean_title, parsed.year)
        if key not in movies:
            number = len(movies)
            movies[key] = {
                "title": parsed.title,
                "year": parsed.year,
                "tmdb_id": 5_000_000 + number,
                "imdb_id": f"tt{50_000_000 + number}",
            }
        usable.append((title, parsed, movies[key]))
    if not usable:
        sys.exit(f"no usable titles in {CORPUS}")
    items = []
    for n in range(ITEMS):
        title, parsed, movie = usable[n % len(usable)]
        release = Release(
            title=title,
            size=2_000_000_000 + n,
            guid=f"https://indexer.example/details/{n}",
            imdb_id=movie["imdb_id"].removeprefix("tt") if n % 3 == 0 else "",
        )
        items.append((release, parsed))
    return items, movies


def seed(movies: dict, count: int, start: int) -> None:
    """Monitored movies numbered start..count-1: the feed's movies first, then others
    whose titles (and ids) no feed item carries."""
    from movies.models import Movie, QualityProfile, RootFolder
    from movies.titles import clean_title, sort_title

    profile = QualityProfile.objects.first()
    root = RootFolder.objects.get_or_create(path=f"{DATA_DIR}/movies")[0]
    wanted = list(movies.values())
    batch = []
    for n in range(start, count):
        if n < len(wanted):
            title, year = wanted[n]["title"], wanted[n]["year"]
            tmdb_id, imdb_id = wanted[n]["tmdb_id"], wanted[n]["imdb_id"]
        else:
            title, year = f"Quiet Harbor Number {n}", 1950 + n % 75
            tmdb_id, imdb_id = 10_000_000 + n, f"tt{90_000_000 + n}"
        batch.append(
            Movie(
                tmdb_id=tmdb_id,
                imdb_id=imdb_id,
                title=title,
                sort_title=sort_title(title),
                clean_title=clean_title(title),
                original_title=title,
                alternative_titles=[f"{title} Redux"] if n % 5 == 0 else [],
                year=year,
                monitored=True,
                quality_profile=profile,
                root_folder=root,
                path=f"{root.path}/{n}",
            )
        )
    Movie.objects.bulk_create(batch, batch_size=2000)


def build() -> tuple[object, float]:
    """The index of the library as it is now, and the median ms to build it."""
    from indexers.rss.index import MovieIndex

    builds = []
    for _ in range(BUILD_ROUNDS):
        begin = time.process_time()  # CPU time: SQLite runs in this process too
        index = MovieIndex.build()
        builds.append((time.process_time() - begin) * 1000)
    return index, statistics.median(builds)


def time_matching(indexes: list, items: list) -> list[float]:
    """Median ms to match every item through each index.

    Rounds alternate between the indexes, so a moment when other processes load the
    machine slows both sizes alike instead of one; CPU time of this process is taken,
    as the matching is CPU-bound.
    """
    timings: list[list[float]] = [[] for _ in indexes]
    for index in indexes:  # warm-up
        for release, parsed in items:
            index.match(release, parsed)
    gc.collect()
    gc.disable()  # keep the collector's pauses out of the timed loops
    try:
        for _ in range(ROUNDS):
            for n, index in enumerate(indexes):
                begin = time.process_time()
                for release, parsed in items:
                    index.match(release, parsed)
                timings[n].append((time.process_time() - begin) * 1000)
    finally:
        gc.enable()
    if VERBOSE:
        for index, runs in zip(indexes, timings, strict=True):
            print(
                f"  {index.movies} movies: match min {min(runs):.2f} ms, "
                f"median {statistics.median(runs):.2f} ms",
                file=sys.stderr,
            )
    return [statistics.median(runs) for runs in timings]


def main() -> int:
    if not CORPUS.exists():
        print(f"rss bench skipped: {CORPUS} is absent", file=sys.stderr)
        return 0
    call_command("migrate", verbosity=0)
    try:
        items, movies = feed_items()
        seed(movies, SMALL, 0)
        small, build_small = build()
        seed(movies, LARGE, SMALL)
        large, build_large = build()
        ms_small, ms_large = time_matching([small, large], items)
        found_small = [small.match(release, parsed) for release, parsed in items]
        found_large = [large.match(release, parsed) for release, parsed in items]
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(
        f"rss_match items={ITEMS} ms_small={ms_small:.2f} ms_large={ms_large:.2f} "
        f"ratio={ms_large / ms_small:.2f}"
    )
    print(
        f"rss_index movies_small={SMALL} movies_large={LARGE} "
        f"build_ms_small={build_small:.1f} build_ms_large={build_large:.1f}"
    )
    if found_small != found_large:
        differ = sum(a != b for a, b in zip(found_small, found_large, strict=True))
        print(f"rss_match: {differ} item(s) matched differently", file=sys.stderr)
        return 1
    if not any(found_small):
        print("rss_match: no item matched", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
