"""Plain-data builders for the decision tests: no parser, no custom formats, no database."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from indexers.decisions import (
    Decision,
    DecisionContext,
    MovieFacts,
    ProfileFacts,
    SizeLimit,
)
from indexers.release import Release
from movies.parser.types import ParsedRelease, QualityParse
from movies.quality import DEFAULT_PROFILES, profile_items
from movies.titles import clean_title

MIB = 1024 * 1024
GIB = 1024 * MIB
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
WEBDL_1080P, WEBRIP_1080P, BLURAY_1080P, REMUX_1080P = 3, 15, 7, 30
HDTV_1080P, BLURAY_480P, WEBDL_720P = 9, 20, 5

MOVIE = MovieFacts.of(
    1,
    "The Matrix",
    alternative_titles=["Matrix, The", "Matrix"],
    year=1999,
    tmdb_id=603,
    imdb_id="tt0133093",
    runtime=136,
)

SIZES = {
    WEBDL_1080P: SizeLimit(4.0, 100.0, 30.0),
    WEBRIP_1080P: SizeLimit(4.0, 100.0, 30.0),
    BLURAY_1080P: SizeLimit(4.0, None, None),
    HDTV_1080P: SizeLimit(2.0, 100.0),
}


def movie(**changes) -> MovieFacts:
    return dataclasses.replace(MOVIE, **changes)


def profile(name: str = "HD-1080p", **settings) -> ProfileFacts:
    """One of Radarr's default profiles (HD-1080p: cutoff Bluray-1080p)."""
    allowed, cutoff = DEFAULT_PROFILES[name]
    return ProfileFacts.from_items(name, profile_items(allowed), cutoff, id=1, **settings)


def parsed(
    title: str | None = "The Matrix",
    *,
    year: int | None = 1999,
    quality_id: int = WEBDL_1080P,
    version: int = 1,
    real: int = 0,
    original: str = "",
    **fields,
) -> ParsedRelease:
    fields.setdefault("titles", [title] if title else [])
    return ParsedRelease(
        original=original or f"{title}.{year}",
        title=title,
        year=year,
        clean_title=clean_title(title) if title else "",
        quality=QualityParse(quality_id=quality_id, version=version, real=real),
        **fields,
    )


def release(title: str = "The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GRP", **fields) -> Release:
    values = {
        "size": 8 * GIB,
        "indexer": "Example",
        "indexer_id": 1,
        "protocol": "torrent",
        "seeders": 50,
        "peers": 3,
        "publish_date": NOW - timedelta(days=2),
        "guid": f"https://indexer.example/details/{abs(hash(title))}",
    }
    values.update(fields)
    return Release(title=title, **values)


def _no_parser(title: str) -> ParsedRelease:
    raise AssertionError("rule tests build the parse themselves")


def context(**changes) -> DecisionContext:
    values = {"profile": profile(), "sizes": SIZES, "now": NOW, "parse": _no_parser}
    values.update(changes)
    return DecisionContext(**values)


def decision(
    release_: Release | None = None, parsed_: ParsedRelease | None = None, format_score: int = 0
) -> Decision:
    return Decision(release_ or release(), parsed_ or parsed(), [], format_score)


def evaluate(rule, decision_: Decision | None = None, movie_: MovieFacts = MOVIE, **context_):
    return rule.evaluate(decision_ or decision(), movie_, context(**context_))
