"""Release is this movie: its title (or an alternative title) and year, or an id it carries."""

from __future__ import annotations

from functools import lru_cache

from indexers.decisions.specs.base import (
    PARSE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from movies.services import clean_title


@lru_cache(maxsize=4096)
def _clean(title: str) -> str:
    return clean_title(title)


@lru_cache(maxsize=4096)
def _imdb_number(value: str | None) -> int | None:
    """'tt0133093', '0133093' and '133093' are one IMDb id (Torznab drops the 'tt')."""
    digits = (value or "").strip().lower().removeprefix("tt")
    return int(digits) if digits.isdigit() else None


class ReleaseIsThisMovie(Rule):
    """Accepts a release that names the movie's TMDB or IMDb id (the indexer's or the
    title's own), else one whose title matches the movie's title or an alternative title
    with a year at most one off (films open in different years around the world)."""

    name = "movie_match"
    label = "Not this movie"
    priority = PARSE

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        release, parsed = decision.release, decision.parsed
        if parsed.title is None:
            return self.reject(f"Could not find a movie title in '{release.title}'")
        if movie.tmdb_id and movie.tmdb_id in (release.tmdb_id, parsed.tmdb_id):
            return None
        imdb = _imdb_number(movie.imdb_id)
        if imdb is not None and imdb in (
            _imdb_number(release.imdb_id),
            _imdb_number(parsed.imdb_id),
        ):
            return None
        # A wrong id falls through to the title: indexers attach ids to the wrong film too.
        titles = {parsed.clean_title or _clean(parsed.title), *map(_clean, parsed.titles)}
        if not titles & movie.clean_titles:
            return self.reject(
                f"Title '{parsed.title}' does not match {movie.label} or its alternative titles"
            )
        if parsed.year and movie.year and abs(parsed.year - movie.year) > 1:
            return self.reject(
                f"Year {parsed.year} is more than one year from {movie.title}'s {movie.year}"
            )
        return None
