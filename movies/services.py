"""The movies app's public face: look movies up on TMDB, add them, keep their metadata fresh.

Other apps and the views call only these functions. Every TMDB call goes through
radarr_site.providers.tracked("tmdb") so failures show on System → Health; a 404 for one
movie is an answer about that movie, not a failing service, so it does not open the circuit.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from movies.clients.tmdb import (
    DEFAULT_IMAGE_BASE,
    IMDB_ID,
    MovieDetails,
    SearchResult,
    TmdbClient,
)
from movies.models import Movie, QualityProfile, RootFolder, Tag
from movies.models.movie import MinimumAvailability
from radarr_site import progress
from radarr_site.http import IntegrationError, NotFound
from radarr_site.models import SiteSettings
from radarr_site.providers import ProviderDisabled, tracked

log = logging.getLogger(__name__)

TMDB_KEY, TMDB_LABEL = "tmdb", "TMDB"
REFRESH_TASK = "Refresh metadata"
T = TypeVar("T")

_INVALID_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_TRAILING_YEAR = re.compile(r"^(?P<title>.+?)\s+\(?(?P<year>(?:18|19|20)\d\d)\)?$")


class TmdbNotConfigured(IntegrationError):
    """No TMDB API key is set anywhere, so TMDB cannot be asked."""

    retryable = False


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


def tmdb_client() -> TmdbClient:
    """A TMDB client with the key from Settings → General, else the TMDB_API_KEY setting."""
    site = SiteSettings.load()
    key = site.tmdb_api_key.strip() or (settings.TMDB_API_KEY or "").strip()
    if not key:
        raise TmdbNotConfigured(
            "No TMDB API key is set. An admin can enter a TMDB API key or read access token "
            "on Settings → General."
        )
    # TMDB_HTTP_OPTIONS (optional) lets tests shorten timeouts and retries.
    options = dict(getattr(settings, "TMDB_HTTP_OPTIONS", {}))
    return TmdbClient(key, settings.TMDB_BASE_URL, site.tmdb_language or "en-US", **options)


def _ask(call: Callable[[], T], *, respect_hold: bool = False) -> T:
    """Run one TMDB call on the provider status; NotFound passes through without counting."""
    missing: NotFound | None = None
    with tracked(TMDB_KEY, TMDB_LABEL, respect_hold=respect_hold):
        try:
            return call()
        except NotFound as exc:
            missing = exc
    raise missing


def _image_base(client: TmdbClient) -> str:
    return cache.get(TmdbClient.image_cache_key(settings.TMDB_BASE_URL)) or client.image_base_url()


def poster_url(path: str, size: str = "w342") -> str:
    """The full URL of a TMDB image path; no network once the image configuration is cached."""
    if not path:
        return ""
    if path.startswith(("https://", "http://")):
        return path
    base = cache.get(TmdbClient.image_cache_key(settings.TMDB_BASE_URL))
    if not base:
        try:
            base = tmdb_client().image_base_url()
        except TmdbNotConfigured:
            # Remembered briefly so a page of posters does not read the settings per poster.
            base = DEFAULT_IMAGE_BASE
            cache.set(TmdbClient.image_cache_key(settings.TMDB_BASE_URL), base, 60)
    return f"{base}{size}/{path.lstrip('/')}"


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
            found = [_ask(lambda: client.movie(tmdb_id))]
        except NotFound:
            found = []
    elif lowered.startswith("imdb:") or IMDB_ID.match(lowered):
        imdb_id = _imdb_id_from(lowered.removeprefix("imdb:"))
        found = list(_ask(lambda: client.find_imdb(imdb_id)))
    else:
        title, year = split_year(text)
        result = _ask(lambda: client.search(title, year, page))
        if year and not result.total_results:
            # 'Wonder Woman 1984' is a title, not 'Wonder Woman' from 1984.
            result = _ask(lambda: client.search(text, None, page))
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
    base = _image_base(client) if any(item.poster_path for item in found) else ""
    results = [
        Lookup(
            tmdb_id=item.tmdb_id,
            title=item.title,
            year=item.year,
            overview=item.overview,
            poster_url=f"{base}w342/{item.poster_path.lstrip('/')}" if item.poster_path else "",
            in_library_id=in_library.get(item.tmdb_id),
        )
        for item in found
    ]
    return LookupPage(results, page, total_pages, total_results)


def lookup_movie(tmdb_id: int) -> MovieDetails:
    """Full TMDB details of one movie (the add form's preview); NotFound when TMDB has none."""
    client = tmdb_client()
    try:
        return _ask(lambda: client.movie(tmdb_id))
    except NotFound as exc:
        raise NotFound(f"TMDB has no movie with id {tmdb_id}.", status=404) from exc


def movie_folder_name(title: str, year: int | None) -> str:
    """'Title (Year)' as Radarr names movie folders, without characters file systems refuse."""
    name = f"{title} ({year})" if year else title
    name = _INVALID_IN_FILE_NAMES.sub("", name)
    name = " ".join(name.split()).rstrip(". ")
    return name or "Unknown movie"


def _clip(name: str, value: Any) -> Any:
    limit = Movie._meta.get_field(name).max_length
    return value[:limit] if limit and isinstance(value, str) else value


def _apply_details(movie: Movie, details: MovieDetails) -> list[str]:
    """Copy TMDB's fields onto the movie; returns their names (a refresh writes only these)."""
    values = {
        "imdb_id": details.imdb_id if IMDB_ID.match(details.imdb_id) else "",
        "title": details.title,
        "original_title": details.original_title,
        "original_language": details.original_language,
        "alternative_titles": list(details.alternative_titles),
        "year": details.year,
        "overview": details.overview,
        "runtime": max(details.runtime, 0),
        "genres": list(details.genres),
        "certification": details.certification,
        "studio": details.studio,
        "status": details.status,
        "in_cinemas": details.in_cinemas,
        "digital_release": details.digital_release,
        "physical_release": details.physical_release,
        "poster_path": details.poster_path,
        "backdrop_path": details.backdrop_path,
        "collection_tmdb_id": details.collection_tmdb_id,
        "collection_name": details.collection_name,
        "rating": details.rating,
        "votes": max(details.votes, 0),
        "popularity": details.popularity,
        "top_cast": [
            {"name": c.name, "character": c.character, "profile_path": c.profile_path}
            for c in details.top_cast
        ],
        "website": details.website if len(details.website) <= 500 else "",
    }
    for name, value in values.items():
        setattr(movie, name, _clip(name, value))
    return list(values)


def add_movie(
    tmdb_id: int,
    *,
    root_folder: RootFolder,
    quality_profile: QualityProfile,
    monitored: bool = True,
    minimum_availability: str = MinimumAvailability.RELEASED,
    tags: Iterable[Tag] = (),
    added_by: Any = None,
) -> Movie:
    """Add a movie from TMDB to the library (details fetched first: nothing saved if TMDB fails)."""
    if minimum_availability not in MinimumAvailability.values:
        raise ValueError(f"Unknown minimum availability {minimum_availability!r}.")
    existing = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if existing:
        raise MovieExists(existing)
    details = lookup_movie(tmdb_id)
    movie = Movie(
        tmdb_id=details.tmdb_id,
        monitored=monitored,
        minimum_availability=minimum_availability,
        quality_profile=quality_profile,
        root_folder=root_folder,
        path=os.path.join(root_folder.path, movie_folder_name(details.title, details.year)),
        added_by=added_by,
        metadata_refreshed_at=timezone.now(),
    )
    _apply_details(movie, details)
    try:
        with transaction.atomic():
            movie.save()
            movie.tags.set(list(tags))
    except IntegrityError:
        # Someone added the same movie between our check and our insert.
        existing = Movie.objects.filter(tmdb_id=details.tmdb_id).first()
        if existing is None:
            raise
        raise MovieExists(existing) from None
    log.info("Added %s (tmdb %s) to %s", movie, movie.tmdb_id, movie.path)
    return movie


def refresh_movie(
    movie: Movie, *, client: TmdbClient | None = None, respect_hold: bool = False
) -> Movie:
    """Update the movie's metadata from TMDB; on any failure the movie is left as it was."""
    client = client or tmdb_client()
    try:
        details = _ask(lambda: client.movie(movie.tmdb_id), respect_hold=respect_hold)
    except NotFound as exc:
        log.warning("TMDB no longer has %s (tmdb id %s); kept unchanged", movie, movie.tmdb_id)
        raise NotFound(
            f"TMDB no longer has a movie with id {movie.tmdb_id}; {movie} was kept as it was.",
            status=404,
        ) from exc
    fields = _apply_details(movie, details)
    movie.metadata_refreshed_at = timezone.now()
    # Only TMDB's fields are written, so a user's edit made meanwhile survives; clean_title
    # and sort_title follow the title in Movie.save().
    movie.save(update_fields=[*fields, "clean_title", "sort_title", "metadata_refreshed_at"])
    return movie


def refresh_metadata(batch: int | None = None) -> dict[str, int | bool]:
    """Refresh the stalest movies' metadata (never refreshed first), one batch per run.

    Stops early once TMDB's circuit opens: the rest waits for the next run instead of
    piling failures on a service that is down.
    """
    size = batch or SiteSettings.load().metadata_refresh_batch
    movies = list(
        Movie.objects.order_by(F("metadata_refreshed_at").asc(nulls_first=True), "pk")[:size]
    )
    counts: dict[str, int | bool] = {
        "refreshed": 0,
        "failed": 0,
        "missing": 0,
        "stopped_early": False,
    }
    progress.start(REFRESH_TASK, len(movies), "Refreshing metadata from TMDB")
    try:
        client = tmdb_client()
    except TmdbNotConfigured as exc:
        counts["stopped_early"] = bool(movies)
        progress.finish(REFRESH_TASK, str(exc), failed=True)
        return counts
    stop_reason = ""
    for movie in movies:
        try:
            refresh_movie(movie, client=client, respect_hold=True)
        except NotFound:
            counts["missing"] += 1
        except ProviderDisabled as exc:
            stop_reason = str(exc)
            break
        except IntegrationError as exc:
            counts["failed"] += 1
            log.warning("Could not refresh %s: %s", movie, exc)
        else:
            counts["refreshed"] += 1
        progress.advance(REFRESH_TASK, message=str(movie))
    counts["stopped_early"] = bool(stop_reason)
    summary = f"{counts['refreshed']} refreshed, {counts['failed']} failed"
    if counts["missing"]:
        summary += f", {counts['missing']} no longer on TMDB"
    if stop_reason:
        summary += f"; stopped early: {stop_reason}"
    progress.finish(REFRESH_TASK, summary, failed=bool(stop_reason))
    return counts


def check_tmdb() -> list[str]:
    """Readable problems with TMDB (for the Test button and the health check); empty when fine."""
    try:
        client = tmdb_client()
    except TmdbNotConfigured as exc:
        return [exc.message]
    try:
        with tracked(TMDB_KEY, TMDB_LABEL):
            client.configuration()
    except IntegrationError as exc:
        return [exc.message]
    return []
