"""Benchmark of the Torznab feed parser: a 5,000-item answer parsed to releases (a script).

Run from the repository root: `python tests/bench/torznab.py`. It builds a realistic
Torznab search answer (every attribute Jackett and Prowlarr send), parses it with the
client's own path (safe lxml parse, error check, items to Releases) several rounds, and
prints one line:

    torznab items=5000 items_per_s=X peak_mb=M

items_per_s is from the fastest round; peak_mb is tracemalloc's peak over one parse (the
Python objects made: lxml's C tree is not traced).
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
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

ITEMS = 5000
ROUNDS = 5
GROUPS = ["SPARKS", "FGT", "NTb", "FLUX", "CtrlHD", "DON", "EVO", "RARBG", "TEPES", "HONE"]
QUALITIES = ["720p.BluRay", "1080p.BluRay", "2160p.UHD.BluRay.REMUX", "1080p.WEB-DL", "2160p.WEB"]


def build_items() -> list[dict]:
    rng = random.Random(5)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    items = []
    for n in range(ITEMS):
        year = rng.randint(1950, 2026)
        seeders = rng.randint(0, 500)
        hash_hex = f"{rng.getrandbits(160):040x}"
        items.append(
            {
                "title": f"Movie.{n}.{year}.{rng.choice(QUALITIES)}.x264-{rng.choice(GROUPS)}",
                "guid": f"https://tracker.example/torrent/{n}",
                "comments": f"https://tracker.example/torrent/{n}#comments",
                "link": f"http://127.0.0.1:9117/dl/tracker/?jackett_apikey=k&path={hash_hex}",
                "pubDate": start - timedelta(minutes=7 * n),
                "size": rng.randint(700 * 2**20, 80 * 2**30),
                "category": [2000, rng.choice([2030, 2040, 2045, 2050])],
                "seeders": seeders,
                "peers": seeders + rng.randint(0, 50),
                "infohash": hash_hex,
                "magneturl": f"magnet:?xt=urn:btih:{hash_hex}&dn=Movie.{n}",
                "imdb": f"{rng.randint(1, 9999999):07d}",
                "tmdbid": rng.randint(1, 999999),
                "downloadvolumefactor": rng.choice([0, 0.5, 1, 1, 1]),
                "uploadvolumefactor": rng.choice([1, 1, 2]),
                "minimumratio": 1,
                "minimumseedtime": 172800,
                "grabs": rng.randint(0, 5000),
                "files": rng.randint(1, 40),
            }
        )
    return items


def parse(body: bytes) -> list:
    from indexers.clients.newznab.errors import raise_for_error
    from indexers.clients.newznab.feed import parse_feed
    from indexers.clients.newznab.xml import parse_xml

    root = parse_xml(body, "Bench (local)", "application/rss+xml")
    raise_for_error(root, "Bench (local)")
    return parse_feed(root, "torrent", "Bench (local)").releases


def main() -> None:
    from tests.servers.torznab import render_feed

    body = render_feed(build_items(), "torrent", link_base="https://tracker.example")
    releases = parse(body)
    if len(releases) != ITEMS:
        sys.exit(f"parsed {len(releases)} releases, expected {ITEMS}")
    best = min(_timed(body) for _ in range(ROUNDS))
    tracemalloc.start()
    parse(body)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"torznab items={ITEMS} items_per_s={ITEMS / best:.0f} peak_mb={peak / 2**20:.1f}")


def _timed(body: bytes) -> float:
    started = time.perf_counter()
    parse(body)
    return time.perf_counter() - started


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
