"""The add-movie search: TMDB by title ('Heat', 'Heat 1995'), 'tmdb:949', 'imdb:tt0113277'
or a bare IMDb id, each result marked with the library's movie when we have it.

Private: the views, the requests pages and the API reach it through movies.services, which
re-exports search_movies, split_year, Lookup and LookupPage. TMDB is asked through
movies.metadata (ask, tmdb_client), so failures show on System → Health.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from movies.clients.tmdb import IMDB_ID, MovieDetails, SearchResult, TmdbClient
from movies.metadata import ask, tmdb_client
from movies.models import Movie
from radarr_site.http import IntegrationError, NotFound

log = logging.getLogger(__name__)

_TRAILING_YEAR = re.compile(r"^(?P<title>.+?)\s+\(?(?P<year>(?:18|19|20)\d\d)\)?$")


@dataclass(frozen=True)
class Lookup:
    """One add-movie search result, marked with the library's movie when we have it."""

    tmdb_id: int
    title: str
    year: int | None
    overview: str
    poster_url: str
    in_library_id: int | None
    # What the search answer also tells (the API's lookup shows them): the first release
    # date, the original title and language, TMDB's rating.
    release_date: date | None = None
    original_title: str = ""
    original_language: str = ""
    rating: float | None = None
    votes: int = 0
    popularity: float = 0.0


@dataclass(frozen=True)
class LookupPage:
    """A page of lookups with TMDB's paging figures."""

    results: list[Lookup]
    page: int
    total_pages: int
    total_results: int


def _search_image_base(client: TmdbClient) -> str:
    """The image base for search results; the one search that finds it cold asks TMDB."""
    from movies import services  # the image configuration through services, as tests patch it

    cached = services.cached_image_base()
    if cached:
        return cached
    try:
        return services.refresh_image_configuration(client)
    except IntegrationError as exc:
        # The search itself worked: show its results with TMDB's usual image host.
        log.warning("TMDB image configuration unavailable, using the default: %s", exc)
        return services.image_base()


def split_year(term: str) -> tuple[str, int | None]:
    """'Heat 1995' → ('Heat', 1995); a year far in the future stays part of the title."""
    match = _TRAILING_YEAR.match(term.strip())
    if match and int(match.group("year")) <= timezone.now().year + 5:
        return match.group("title"), int(match.group("year"))
    return term.strip(), None


def _tmdb_id_from(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) <= 0:
        raise ValueError("A TMDB id is a positive number, as in tmdb:603.")
    return int(value)


def _imdb_id_from(text: str) -> str:
    value = text.strip().lower()
    if not IMDB_ID.match(value):
        raise ValueError("An IMDb id looks like tt0133093.")
    return value


def search_movies(term: str, page: int = 1) -> LookupPage:
    """Look movies up by title ('Heat', 'Heat 1995'), 'tmdb:949', 'imdb:tt0113277', 'tt0113277'."""
    text = term.strip()
    if not text:
        return LookupPage([], 1, 0, 0)
    lowered = text.lower()
    client = tmdb_client()
    found: list[SearchResult | MovieDetails]
    if lowered.startswith("tmdb:"):
        tmdb_id = _tmdb_id_from(lowered[5:])
        try:
            found = [ask(lambda: client.movie(tmdb_id), missing_is_answer=True)]
        except NotFound:
            found = []
    elif lowered.startswith("imdb:") or IMDB_ID.match(lowered):
        imdb_id = _imdb_id_from(lowered.removeprefix("imdb:"))
        found = list(ask(lambda: client.find_imdb(imdb_id)))
    else:
        title, year = split_year(text)
        result = ask(lambda: client.search(title, year, page))
        if year and not result.total_results:
            # 'Wonder Woman 1984' is a title, not 'Wonder Woman' from 1984.
            result = ask(lambda: client.search(text, None, page))
        return _lookup_page(
            client, result.results, result.page, result.total_pages, result.total_results
        )
    return _lookup_page(client, found, 1, 1 if found else 0, len(found))


def _lookup_page(
    client: TmdbClient,
    found: Iterable[SearchResult | MovieDetails],
    page: int,
    total_pages: int,
    total_results: int,
) -> LookupPage:
    from movies import services  # poster_url through services, where page tests patch it

    found = list(found)
    ids = [item.tmdb_id for item in found]
    # One query for the whole page, however many results it has.
    in_library = dict(Movie.objects.filter(tmdb_id__in=ids).values_list("tmdb_id", "pk"))
    base = _search_image_base(client) if any(item.poster_path for item in found) else ""
    results = [
        Lookup(
            tmdb_id=item.tmdb_id,
            title=item.title,
            year=item.year,
            overview=item.overview,
            poster_url=services.poster_url(item.poster_path, base=base),
            in_library_id=in_library.get(item.tmdb_id),
            release_date=getattr(item, "release_date", None) or getattr(item, "in_cinemas", None),
            original_title=item.original_title or "",
            original_language=item.original_language or "",
            rating=item.rating,
            votes=item.votes or 0,
            popularity=item.popularity or 0.0,
        )
        for item in found
    ]
    return LookupPage(results, page, total_pages, total_results)
