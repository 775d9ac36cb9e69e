"""The movies app's public face: look movies up on TMDB, add them, keep their metadata fresh.

Other apps and the views call only these functions (the refresh lives in movies.metadata
and is re-exported here). Every TMDB call goes through movies.metadata.ask, so failures
show on System → Health; a 404 for one movie is an answer about that movie, not a failing
service, so it does not open the circuit.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from movies.clients.tmdb import IMDB_ID, MovieDetails, SearchResult, TmdbClient
from movies.folders import (
    PathIndex,
    movie_folder_name,
    normalised,
    overlap_problem,
    root_problem,
)
from movies.metadata import (
    REFRESH_TASK,
    RefreshStopped,
    TmdbNotConfigured,
    apply_details,
    ask,
    cached_image_base,
    image_base,
    refresh_image_configuration,
    refresh_metadata,
    refresh_movie,
    tmdb_client,
)
from movies.models import Movie, QualityProfile, RootFolder, Tag
from movies.models.library import tags_with_labels
from movies.models.movie import MinimumAvailability
from movies.parser.types import ParsedRelease, QualityParse
from movies.quality import BY_ID as QUALITIES_BY_ID
from movies.quality import Quality
from movies.titles import clean_title
from radarr_site.http import IntegrationError, NotFound

log = logging.getLogger(__name__)

_TRAILING_YEAR = re.compile(r"^(?P<title>.+?)\s+\(?(?P<year>(?:18|19|20)\d\d)\)?$")


class MovieExists(Exception):
    """The movie is already in the library; `movie` is the row that has it."""

    def __init__(self, movie: Movie) -> None:
        super().__init__(f"{movie} is already in the library.")
        self.movie = movie


@dataclass(frozen=True)
class Lookup:
    """One add-movie search result, marked with the library's movie when we have it."""

    tmdb_id: int
    title: str
    year: int | None
    overview: str
    poster_url: str
    in_library_id: int | None


@dataclass(frozen=True)
class LookupPage:
    """A page of lookups with TMDB's paging figures."""

    results: list[Lookup]
    page: int
    total_pages: int
    total_results: int


def poster_url(path: str, size: str = "w342", base: str | None = None) -> str:
    """The full URL of a TMDB image path. Never asks TMDB: pages render it per poster.

    The base comes from the cached image configuration (refreshed by the metadata task and
    by searches), else TMDB's usual image host; a page of posters reads it once and passes
    it as `base`.
    """
    if not path:
        return ""
    if path.startswith(("https://", "http://")):
        return path
    return f"{base or image_base()}{size}/{path.lstrip('/')}"


def _search_image_base(client: TmdbClient) -> str:
    """The image base for search results; the one search that finds it cold asks TMDB."""
    cached = cached_image_base()
    if cached:
        return cached
    try:
        return refresh_image_configuration(client)
    except IntegrationError as exc:
        # The search itself worked: show its results with TMDB's usual image host.
        log.warning("TMDB image configuration unavailable, using the default: %s", exc)
        return image_base()


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
            poster_url=poster_url(item.poster_path, base=base),
            in_library_id=in_library.get(item.tmdb_id),
        )
        for item in found
    ]
    return LookupPage(results, page, total_pages, total_results)


def lookup_movie(tmdb_id: int) -> MovieDetails:
    """Full TMDB details of one movie (the add form's preview); NotFound when TMDB has none."""
    client = tmdb_client()
    try:
        return ask(lambda: client.movie(tmdb_id), missing_is_answer=True)
    except NotFound as exc:
        raise NotFound(f"TMDB has no movie with id {tmdb_id}.", status=404) from exc


def search_titles(title: str, year: int | None = None) -> list[SearchResult]:
    """TMDB's first page for a title (and year), with original titles (library import).

    With a year that finds nothing, TMDB is asked again without it: a folder's year is
    often a year off TMDB's primary release date.
    """
    client = tmdb_client()
    found = ask(lambda: client.search(title, year)).results
    if year and not found:
        found = ask(lambda: client.search(title, None)).results
    return found


def find_by_imdb_id(imdb_id: str) -> list[SearchResult]:
    """The movies TMDB knows under an IMDb id (usually one)."""
    client = tmdb_client()
    return ask(lambda: client.find_imdb(imdb_id))


def _new_movie_folder(root_folder: RootFolder, details: MovieDetails) -> str:
    """'Title (Year)' under the root folder, or 'Title (Year) {tmdb-N}' when another movie
    already uses that folder (two films sharing a title and year must not share a folder)."""
    path = os.path.join(root_folder.path, movie_folder_name(details.title, details.year))
    # Root folders never nest, so only this root's movies can clash.
    if PathIndex.of(Movie.objects.filter(root_folder=root_folder)).clash(path) is None:
        return path
    name = movie_folder_name(details.title, details.year, details.tmdb_id)
    return os.path.join(root_folder.path, name)


def _existing_movie_folder(
    root_folder: RootFolder, path: str, index: PathIndex | None = None
) -> str:
    """The folder, normalised, once the folder rules allow it as a new movie's folder.

    `index` is the root folder's PathIndex when the caller keeps one (a bulk import builds
    it once instead of once per movie); without it the index is read here.
    """
    problem = root_problem(path, root_folder.path)
    if problem is None:
        # Root folders never nest, so only this root's movies can overlap it.
        if index is None:
            index = PathIndex.of(Movie.objects.filter(root_folder=root_folder))
        problem = overlap_problem(Movie(), path, index)
    if problem:
        raise ValueError(problem)
    return normalised(path)


def add_movie(
    tmdb_id: int,
    *,
    root_folder: RootFolder,
    quality_profile: QualityProfile,
    monitored: bool = True,
    minimum_availability: str = MinimumAvailability.RELEASED,
    tags: Iterable[Tag] = (),
    new_tags: Iterable[str] = (),
    added_by: Any = None,
    path: str | None = None,
    path_index: PathIndex | None = None,
) -> Movie:
    """Add a movie from TMDB to the library (details fetched first: nothing saved if TMDB fails).

    `new_tags` are labels typed on the form; they are created only with the movie, so a
    failed or duplicate add leaves no stray tags behind. `path` is an existing folder to
    use as the movie's (library import) instead of a new 'Title (Year)' folder; it must lie
    inside the root folder and overlap no other movie's folder, else ValueError;
    `path_index` is the root folder's PathIndex to check it against (a bulk import keeps
    one for the whole run); the new movie's folder is added to it.
    """
    if minimum_availability not in MinimumAvailability.values:
        raise ValueError(f"Unknown minimum availability {minimum_availability!r}.")
    existing = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if existing:
        raise MovieExists(existing)
    if path is not None:
        path = _existing_movie_folder(root_folder, path, path_index)
    details = lookup_movie(tmdb_id)
    now = timezone.now()
    movie = Movie(
        tmdb_id=details.tmdb_id,
        monitored=monitored,
        minimum_availability=minimum_availability,
        quality_profile=quality_profile,
        root_folder=root_folder,
        path=path or _new_movie_folder(root_folder, details),
        added_by=added_by,
        metadata_refreshed_at=now,
        metadata_checked_at=now,
    )
    apply_details(movie, details)
    try:
        with transaction.atomic():
            movie.save()
            movie.tags.set(tags_with_labels(tags, new_tags))
    except IntegrityError:
        # Someone added the same movie between our check and our insert.
        existing = Movie.objects.filter(tmdb_id=details.tmdb_id).first()
        if existing is None:
            raise
        raise MovieExists(existing) from None
    if path_index is not None:
        path_index.move(movie.pk, "", movie.path, str(movie))
    log.info("Added %s (tmdb %s) to %s", movie, movie.tmdb_id, movie.path)
    return movie


def check_tmdb() -> list[str]:
    """Readable problems with TMDB (for the Test button and the health check); empty when fine."""
    try:
        client = tmdb_client()
    except TmdbNotConfigured as exc:
        return [exc.message]
    try:
        ask(client.configuration)
    except IntegrationError as exc:
        return [exc.message]
    return []


__all__ = [
    "QUALITIES_BY_ID",
    "REFRESH_TASK",
    "Lookup",
    "LookupPage",
    "MovieExists",
    "ParsedRelease",
    "Quality",
    "QualityParse",
    "RefreshStopped",
    "TmdbNotConfigured",
    "add_movie",
    "check_tmdb",
    "clean_title",
    "custom_format_matcher",
    "find_by_imdb_id",
    "lookup_movie",
    "movie_folder_name",
    "parse_release",
    "poster_url",
    "refresh_image_configuration",
    "refresh_metadata",
    "refresh_movie",
    "search_movies",
    "search_titles",
    "split_year",
    "tmdb_client",
]


def parse_release(name: str) -> ParsedRelease:
    """Parse a release title or file name (movies.parser); never raises."""
    from movies.parser import parse_release as parse

    return parse(name)


def custom_format_matcher():
    """Every custom format and every profile's scores, compiled once for a batch of releases."""
    from movies.formats.matcher import FormatMatcher

    return FormatMatcher.from_db()


# --- Reads for the decision engine (indexers), so it needs no movies.models import ---


@dataclass(frozen=True)
class QualitySizes:
    """A quality definition's size range in MB (MiB) per minute of runtime."""

    min_size: float
    max_size: float | None  # None = no limit
    preferred_size: float | None


def quality_size_limits() -> dict[int, QualitySizes]:
    """Every quality definition's size range by Radarr quality id, in one query."""
    from movies.models import QualityDefinition

    rows = QualityDefinition.objects.values_list(
        "quality_id", "min_size", "max_size", "preferred_size"
    )
    return {qid: QualitySizes(low or 0.0, high, preferred) for qid, low, high, preferred in rows}


def movie_files(movie: Movie) -> list[Any]:
    """The movie's files (MovieFile rows: quality, version, group, scene name, size)."""
    return list(movie.files.all())


__all__ += ["QualitySizes", "movie_files", "quality_size_limits"]


# --- A movie's files: naming, upgrade checks, importing a file, the recycle bin ---
# What the downloads app needs of the movies app's internals, named here so it never
# imports them directly.
from movies.file_import import COPY, HARDLINK, MOVE, ImportFailed  # noqa: E402
from movies.library_files import (  # noqa: E402
    empty_recycle_bin,
    import_movie_file,
    is_upgrade,
    movie_folder_path,
    naming_choices,
    naming_facts,
    naming_preview,
    parse_path,
    upgrade_problem,
    use_hardlinks,
)
from movies.models.library import system_folder_problem  # noqa: E402
from movies.quality import QUALITIES  # noqa: E402

__all__ += [
    "COPY",
    "HARDLINK",
    "MOVE",
    "QUALITIES",
    "ImportFailed",
    "empty_recycle_bin",
    "import_movie_file",
    "is_upgrade",
    "movie_folder_path",
    "naming_choices",
    "naming_facts",
    "naming_preview",
    "parse_path",
    "system_folder_problem",
    "upgrade_problem",
    "use_hardlinks",
]
