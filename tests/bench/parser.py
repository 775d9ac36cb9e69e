"""Benchmark of the release parser against guessit on the dev corpus (a script, not a test).

Run from the repository root: `python tests/bench/parser.py`. It sets Django up on a
throwaway DATA_DIR, parses every corpus title several rounds with our parser (the cache
emptied before each round, so real parsing is timed) and with guessit, in one run, and
prints two lines:

    parser titles_per_s=X guessit_titles_per_s=Y speedup=Z field_accuracy=A record_accuracy=B
    parser_hostile max_ms=M

The second is the slowest of a set of 10,000-character hostile strings (uncached,
median of five parses each).
"""

from __future__ import annotations

import gc
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

ROUNDS = 5
GUESSIT_ROUNDS = 1  # guessit is slow; one round is a fair per-title figure
N = 10_000
HOSTILE = [
    "a" * N,
    "." * N,
    "-" * N,
    "[" * N,
    "(" * (N // 2) + ")" * (N // 2),
    "1" * N,
    "Movie." * (N // 6) + "2019",
    ("The.Movie.1999." * (N // 15))[:N],
    ("1080p.x264-" * (N // 11))[:N],
    ("A.K.A." * (N // 6))[:N],
    ("[Group] " * (N // 8))[:N],
    ("Director's Cut Extended " * (N // 24))[:N],
    " " * (N - 1) + "x",
    ("S01E01." * (N // 7))[:N],
    ("tt1234567 {tmdb-1} " * (N // 19))[:N],
    "".join(chr(0x4E00 + i % 500) for i in range(N)),
]


def titles() -> list[str]:
    from tests.parser.corpus import load

    return [record["title"] for record in load()]


def rate(parse, names: list[str], rounds: int, clear=None) -> float:
    """Titles per second of CPU time over `rounds` passes."""
    gc.collect()
    gc.disable()
    try:
        spent = 0.0
        for _ in range(rounds):
            if clear:
                clear()
            begin = time.process_time()
            for name in names:
                parse(name)
            spent += time.process_time() - begin
    finally:
        gc.enable()
    return len(names) * rounds / spent


def hostile_max_ms(parse, clear, repeats: int = 5) -> float:
    """The slowest hostile string, each timed as the median of a few uncached parses (one
    run alone measures whatever else the machine is doing at that moment)."""
    worst = 0.0
    for text in HOSTILE:
        times = []
        for _ in range(repeats):
            clear()
            begin = time.perf_counter()
            parse(text)
            times.append((time.perf_counter() - begin) * 1000)
        worst = max(worst, statistics.median(times))
    return worst


def main() -> None:
    import logging

    import guessit

    from movies.parser import parse_release
    from tests.parser.corpus import load, score

    logging.disable(logging.CRITICAL)  # guessit and failing parts must not flood the output
    try:
        names = titles()
        clear = parse_release.cache_clear
        for name in names[:50]:  # warm imports and compiled patterns
            parse_release(name)
            guessit.guessit(name)
        ours = rate(parse_release, names, ROUNDS, clear)
        theirs = rate(guessit.guessit, names, GUESSIT_ROUNDS)
        clear()
        result = score(load())
        worst = hostile_max_ms(parse_release, clear)
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(
        f"parser titles_per_s={ours:.0f} guessit_titles_per_s={theirs:.0f} "
        f"speedup={ours / theirs:.1f} field_accuracy={result.field_accuracy:.4f} "
        f"record_accuracy={result.record_accuracy:.4f}"
    )
    print(f"parser_hostile max_ms={worst:.1f}")


if __name__ == "__main__":
    main()
