"""Library import, matching side: how sure we are that a TMDB movie is a folder's movie.

Plain functions over plain data (no database, no network): the score adds up clean-title
equality, year equality and TMDB's rank, and reads as high, medium or low.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from movies.titles import clean_title

HIGH, MEDIUM = 80, 50
ID_CONFIDENCE = 100  # a tmdb-/imdb- id in the folder name leaves no doubt


@dataclass(frozen=True)
class Candidate:
    """A TMDB movie that may be the folder's movie, with every title it goes by."""

    tmdb_id: int
    title: str
    year: int | None
    titles: tuple[str, ...] = ()  # original and alternative titles
    poster_path: str = ""


@dataclass(frozen=True)
class Match:
    """A candidate with its confidence (0 to 100)."""

    candidate: Candidate
    confidence: int

    @property
    def label(self) -> str:
        return confidence_label(self.confidence)


def confidence_label(score: int) -> str:
    if score >= HIGH:
        return "high"
    if score >= MEDIUM:
        return "medium"
    return "low"


def _title_points(wanted: str, candidate: Candidate) -> int:
    if not wanted:
        return 0
    if clean_title(candidate.title) == wanted:
        return 60
    others = {clean_title(t) for t in candidate.titles if t}
    if wanted in others:
        return 55
    # A folder named after part of the title ('Amelie' for 'Le Fabuleux Destin d'Amélie
    # Poulain') is a hint, not a match.
    if any(wanted in other or other in wanted for other in {clean_title(candidate.title)} | others):
        return 20
    return 0


def _year_points(wanted: int | None, year: int | None) -> int:
    if wanted is None:
        return 5  # no year to compare: an exact title alone stays below "high"
    if year == wanted:
        return 30
    if year is not None and abs(year - wanted) == 1:
        return 15  # release dates differ by country, often across New Year
    return 0


def _rank_points(rank: int) -> int:
    return max(0, 10 - 4 * rank)


def confidence(title: str, year: int | None, candidate: Candidate, rank: int = 0) -> int:
    """0 to 100: clean title equal (60, or 55 through an original/alternative title),
    year equal (30) or off by one (15), and TMDB's rank (10 for the first result, less after).
    """
    points = _title_points(clean_title(title or ""), candidate)
    points += _year_points(year, candidate.year) + _rank_points(rank)
    return min(points, 99)  # 100 is kept for an id match


def rank_matches(title: str, year: int | None, candidates: Sequence[Candidate]) -> list[Match]:
    """The candidates scored in TMDB's order, best first (ties keep TMDB's order)."""
    scored = [Match(c, confidence(title, year, c, rank)) for rank, c in enumerate(candidates)]
    return sorted(scored, key=lambda m: -m.confidence)


def best_match(title: str, year: int | None, candidates: Sequence[Candidate]) -> Match | None:
    ranked = rank_matches(title, year, candidates)
    return ranked[0] if ranked else None


def has_title_match(title: str, candidates: Iterable[Candidate]) -> bool:
    """Whether any candidate carries the title exactly (clean titles equal)."""
    wanted = clean_title(title or "")
    return any(
        wanted and wanted in {clean_title(t) for t in (c.title, *c.titles)} for c in candidates
    )
