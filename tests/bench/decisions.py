"""Benchmark of the decision engine: one movie, 10,000 releases (a script, not a test).

Run from the repository root: `python tests/bench/decisions.py`. It builds a throwaway
database in a temporary DATA_DIR (one movie with a file, a profile with custom format
scores, a blocklist, indexer options), makes 10,000 releases from the parser corpus titles
with varied sizes, seeders, ages, indexers and protocols, and times
`indexers.services.decide_for_movie` (every rule, custom formats, ranking). The corpus has
about 650 distinct titles, so the parse cache would be warm after the first pass: it is
cleared before every timed run, and each run pays for parsing each distinct title once.
Prints one line, the median of the runs: `decisions releases=10000 ms=T`.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Run as a script, this folder comes first on sys.path, where the queue benchmark
# (queue.py) would shadow the standard library's `queue`: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "radarr-parser-dev.jsonl"

DATA_DIR = tempfile.mkdtemp(prefix="radarr-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "radarr_site.settings"
os.environ["DATA_DIR"] = DATA_DIR
os.environ["DATABASE_URL"] = f"sqlite:///{DATA_DIR}/bench.sqlite3"
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

RELEASES = 10_000
RUNS = 5
VERBOSE = "-v" in sys.argv[1:]  # per-run figures on stderr; stdout keeps its one line
GIB = 1024**3
NOW = datetime.now(UTC)
INDEXERS = [(1, "Alpha", 10), (2, "Beta", 25), (3, "Gamma", 25), (4, "Delta", 40), (5, "Nzb", 20)]
FORMATS = {  # name: (title regex, score in the profile)
    "x265": (r"\b(x265|HEVC)\b", 20),
    "HDR": (r"\b(HDR10|HDR|DV|DoVi)\b", 30),
    "Remux tier": (r"\bREMUX\b", 40),
    "LQ groups": (r"-(YIFY|YTS|RARBG)\b", -100),
    "3D": (r"\b3D\b", -1000),
}


def corpus_titles() -> list[str]:
    if not CORPUS.exists():
        sys.exit(f"The parser corpus is missing: {CORPUS}")
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line)["title"] for line in lines if line.strip()]


def seed():
    """One movie ('Movie Title', 2018: the corpus's most common title) with a WEBDL-720p
    file, custom formats scored in its profile, a blocklist and indexer options."""
    from downloads.services import add_to_blocklist
    from indexers.models import IndexerOptions
    from movies.models import (
        CustomFormat,
        Movie,
        MovieFile,
        ProfileFormatScore,
        QualityProfile,
        RootFolder,
    )

    profile = QualityProfile.objects.get(name="HD - 720p/1080p")
    profile.cutoff_format_score = 50
    profile.save()
    for name, (pattern, score) in FORMATS.items():
        spec = {"name": name, "implementation": "ReleaseTitleSpecification"}
        spec.update({"negate": False, "required": True, "fields": {"value": pattern}})
        custom = CustomFormat.objects.create(name=name, specifications=[spec])
        ProfileFormatScore.objects.create(profile=profile, custom_format=custom, score=score)
    root = RootFolder.objects.create(path=f"{DATA_DIR}/movies")
    movie = Movie.objects.create(
        tmdb_id=1001,
        imdb_id="tt1000001",
        title="Movie Title",
        alternative_titles=["Movie Name", "Some Movie"],
        year=2018,
        runtime=118,
        digital_release=date(2018, 6, 1),
        quality_profile=profile,
        root_folder=root,
        path=f"{root.path}/Movie Title (2018)",
    )
    MovieFile.objects.create(
        movie=movie,
        relative_path="Movie.Title.2018.720p.WEB-DL.DD5.1.H.264-OLD.mkv",
        size=3 * GIB,
        quality_id=5,
    )
    options = IndexerOptions.load()
    options.retention_days = 3000
    options.maximum_size_mb = 60 * 1024
    options.save()
    for n in range(50):
        add_to_blocklist(movie.pk, source_title=f"Blocked.{n}", guid=f"guid-{n * 97}")
    return movie


def releases(titles: list[str]):
    """10,000 releases cycling through the corpus titles, with varied facts."""
    from indexers.release import Release

    rng = random.Random(2026)
    made = []
    for n in range(RELEASES):
        indexer_id, indexer, priority = rng.choice(INDEXERS)
        usenet = indexer == "Nzb" or rng.random() < 0.2
        made.append(
            Release(
                title=titles[n % len(titles)],
                size=int(rng.uniform(0.3, 70) * GIB),
                indexer=indexer,
                indexer_id=indexer_id,
                indexer_priority=priority,
                protocol="usenet" if usenet else "torrent",
                seeders=None if usenet else rng.choice([0, 1, 2, 5, 20, 150, 900]),
                peers=None if usenet else rng.randint(0, 50),
                publish_date=NOW - timedelta(hours=rng.uniform(0.1, 24 * 4000)),
                indexer_flags=rng.choice([0, 0, 0, 1, 8, 128]),
                download_url=f"https://{indexer.lower()}.example/dl/{n}",
                guid=f"guid-{n}",
                info_hash="" if usenet else f"{n:040x}",
            )
        )
    return made


def main() -> None:
    from indexers.services import decide_for_movie
    from movies.models import Movie
    from movies.parser import parse_release

    call_command("migrate", verbosity=0)
    try:
        movie_pk = seed().pk
        batch = releases(corpus_titles())
        timings = []
        for run in range(RUNS):
            movie = Movie.objects.select_related("quality_profile").get(pk=movie_pk)
            parse_release.cache_clear()  # cold: every distinct title is parsed again
            gc.collect()
            begin = time.process_time()
            decisions = decide_for_movie(movie, batch)
            timings.append((time.process_time() - begin) * 1000)
            if VERBOSE:
                accepted = sum(d.accepted for d in decisions)
                print(
                    f"  run {run + 1}: {timings[-1]:.0f} ms, {accepted} accepted",
                    file=sys.stderr,
                )
        assert len(decisions) == RELEASES
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(f"decisions releases={RELEASES} ms={statistics.median(timings):.0f}")


if __name__ == "__main__":
    main()
