"""The matching index of RSS sync: monitored movies by TMDB id, IMDb id and clean title.

Built once per sync from a few narrow queries (tuples, never Movie objects), then each
feed item is matched with a handful of dictionary look-ups, so the cost per item does
not grow with the library.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from movies.services import clean_title

MOVIE_COLUMNS = (
    "id",
    "title",
    "original_title",
    "alternative_titles",
    "year",
    "tmdb_id",
    "imdb_id",
)


def imdb_number(value: str | int | None) -> int | None:
    """'tt0133093', '0133093' and '133093' are one IMDb id (Torznab drops the 'tt')."""
    digits = str(value or "").strip().lower().removeprefix("tt")
    return int(digits) if digits.isdigit() else None


def _titles(title: str, original: str, alternatives: object) -> set[str]:
    names = [title, original]
    if isinstance(alternatives, list):
        names += [name for name in alternatives if isinstance(name, str)]
    # The original title is usually the title itself: clean each distinct name once.
    return {clean for clean in map(clean_title, dict.fromkeys(filter(None, names))) if clean}


@dataclass
class MovieIndex:
    """Monitored movies keyed for matching: ids, and clean title → [(movie id, year)]."""

    by_tmdb: dict[int, int] = field(default_factory=dict)
    by_imdb: dict[int, int] = field(default_factory=dict)
    by_title: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    movies: int = 0  # how many movies went in

    @classmethod
    def build(cls) -> MovieIndex:
        """The index of every monitored movie (one query of seven columns)."""
        from movies.models import Movie

        rows = Movie.objects.filter(monitored=True).values_list(*MOVIE_COLUMNS).iterator(2000)
        return cls.from_rows(rows)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> MovieIndex:
        """The index of rows shaped as MOVIE_COLUMNS (plain data: tests and the bench)."""
        index = cls()
        by_title: defaultdict[str, list[tuple[int, int | None]]] = defaultdict(list)
        for movie_id, title, original, alternatives, year, tmdb_id, imdb_id in rows:
            index.movies += 1
            if tmdb_id:
                index.by_tmdb[tmdb_id] = movie_id
            number = imdb_number(imdb_id)
            if number is not None:
                index.by_imdb[number] = movie_id
            for clean in _titles(title, original, alternatives):
                by_title[clean].append((movie_id, year))
        index.by_title = dict(by_title)
        return index

    def match(self, release, parsed) -> int | None:
        """The monitored movie a feed item is, or None.

        The ids the indexer sends (or the title carries) come first. Else the parsed
        title or one of its AKA parts: a movie of the same clean title and the same
        year; failing that, Radarr's allowance of a year one off, only when exactly one
        movie of that title qualifies. A title without a year matches only a title no
        other monitored movie shares. An ambiguous title matches nothing.
        """
        for tmdb_id in (release.tmdb_id, parsed.tmdb_id):
            if tmdb_id and tmdb_id in self.by_tmdb:
                return self.by_tmdb[tmdb_id]
        for imdb_id in (release.imdb_id, parsed.imdb_id):
            number = imdb_number(imdb_id)
            if number is not None and number in self.by_imdb:
                return self.by_imdb[number]
        if parsed.title is None:
            return None
        titles = dict.fromkeys([parsed.clean_title or clean_title(parsed.title)])
        titles.update(
            dict.fromkeys(clean_title(name) for name in parsed.titles if name != parsed.title)
        )
        candidates: dict[int, int | None] = {}
        for clean in titles:
            for movie_id, year in self.by_title.get(clean, ()):
                candidates[movie_id] = year
        return _by_year(candidates, parsed.year)


def _by_year(candidates: dict[int, int | None], year: int | None) -> int | None:
    """The one candidate the year picks: the same year first, then one year off."""
    if not candidates:
        return None
    if not year:
        return next(iter(candidates)) if len(candidates) == 1 else None
    for allowed in (0, 1):
        fitting = [
            movie_id
            for movie_id, movie_year in candidates.items()
            if movie_year and abs(movie_year - year) <= allowed
        ]
        if fitting:
            return fitting[0] if len(fitting) == 1 else None
    return None
