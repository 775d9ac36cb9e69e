"""Movie metadata from TMDB: the configured client, one movie's refresh, the daily batch.

Also keeps TMDB's image configuration (where posters live) in the cache, refreshed in the
background, so that rendering a page never waits on TMDB for it. movies.services
re-exports the public names; other apps keep calling services.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from movies.clients.tmdb import (
    DEFAULT_IMAGE_BASE,
    IMAGE_BASE_TTL,
    IMAGE_FALLBACK_TTL,
    IMDB_ID,
    MovieDetails,
    TmdbClient,
)
from movies.models import Movie
from radarr_site import progress
from radarr_site.http import (
    AuthError,
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
)
from radarr_site.models import SiteSettings
from radarr_site.providers import ProviderDisabled, tracked

log = logging.getLogger(__name__)

TMDB_KEY, TMDB_LABEL = "tmdb", "TMDB"
REFRESH_TASK = "Refresh metadata"
T = TypeVar("T")

# A person waits on these calls (search as you type, add, refresh, Test): give up early
# rather than hold a page for a minute. A read timeout is not retried, so a TMDB that stops
# answering costs one 8 s wait, not two; refused connections and 5xx still get one retry.
# The background refresh keeps the toolkit's longer budget (5 s to connect, 30 s to read,
# 3 retries of every kind, 60 s for a rate-limit token).
INTERACTIVE_HTTP: dict[str, Any] = {
    "timeout": (3.0, 8.0),
    "retries": 1,
    "retry_read": False,
    "rate_max_wait": 5.0,
}
BACKGROUND_HTTP: dict[str, Any] = {}


class TmdbNotConfigured(IntegrationError):
    """No TMDB API key is set anywhere, so TMDB cannot be asked."""

    retryable = False


class RefreshStopped(Exception):
    """The metadata batch stopped early because TMDB as a whole failed; `counts` says how far
    it got. Raised by the task so that System → Tasks shows a failure with the reason."""

    def __init__(self, message: str, counts: dict[str, int | bool]) -> None:
        super().__init__(message)
        self.counts = counts


# Failures that say TMDB as a whole is not answering us: the batch stops and waits for
# its next run. A malformed answer or a 404 is about one movie and the batch goes on.
SERVICE_WIDE = (Unavailable, RateLimited, AuthError, ProviderDisabled, TmdbNotConfigured)


def tmdb_client(*, background: bool = False) -> TmdbClient:
    """A TMDB client with the key from Settings → General, else the TMDB_API_KEY setting.

    Interactive (short timeouts, one retry) unless `background`; TMDB_HTTP_OPTIONS, when
    set, overrides either (tests shorten timeouts and retries with it).
    """
    site = SiteSettings.load()
    key = site.tmdb_api_key.strip() or (settings.TMDB_API_KEY or "").strip()
    if not key:
        raise TmdbNotConfigured(
            "No TMDB API key is set. An admin can enter a TMDB API key or read access token "
            "on Settings → General."
        )
    options = {
        **(BACKGROUND_HTTP if background else INTERACTIVE_HTTP),
        **getattr(settings, "TMDB_HTTP_OPTIONS", {}),
    }
    return TmdbClient(key, settings.TMDB_BASE_URL, site.tmdb_language or "en-US", **options)


def ask(call: Callable[[], T], *, respect_hold: bool = False, missing_is_answer: bool = False) -> T:
    """Run one TMDB call on the provider status.

    With `missing_is_answer` a 404 is TMDB saying it has no such movie: it passes through
    without counting as a failure. Elsewhere (search, find, configuration) a 404 means a
    wrong base URL, which the Health page must show.
    """
    missing: NotFound | None = None
    with tracked(TMDB_KEY, TMDB_LABEL, respect_hold=respect_hold):
        try:
            return call()
        except NotFound as exc:
            if not missing_is_answer:
                raise
            missing = exc
    raise missing


# Image configuration -------------------------------------------------------------------


def _image_cache_key() -> str:
    return TmdbClient.image_cache_key(settings.TMDB_BASE_URL)


def cached_image_base() -> str | None:
    """The image base URL TMDB gave us last, if this process still has it cached."""
    return cache.get(_image_cache_key())


def image_base() -> str:
    """Where posters live: the cached answer, else TMDB's usual image host. No network."""
    return cached_image_base() or DEFAULT_IMAGE_BASE


def refresh_image_configuration(
    client: TmdbClient | None = None, *, respect_hold: bool = False
) -> str:
    """Ask TMDB's /configuration for the image base URL and cache it for a day.

    Recorded on TMDB's provider status. On failure the error is raised, and TMDB's usual
    image host is cached for a few minutes when nothing better is known, so that callers
    on a page do not ask a failing TMDB again at once.
    """
    key = _image_cache_key()
    try:
        client = client or tmdb_client(background=True)
        config = ask(client.configuration, respect_hold=respect_hold)
    except IntegrationError:
        if cache.get(key) is None:
            cache.set(key, DEFAULT_IMAGE_BASE, IMAGE_FALLBACK_TTL)
        raise
    cache.set(key, config["image_base_url"], IMAGE_BASE_TTL)
    return config["image_base_url"]


# One movie -----------------------------------------------------------------------------


def _clip(name: str, value: Any) -> Any:
    limit = Movie._meta.get_field(name).max_length
    return value[:limit] if limit and isinstance(value, str) else value


def apply_details(movie: Movie, details: MovieDetails) -> list[str]:
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


def refresh_movie(
    movie: Movie, *, client: TmdbClient | None = None, respect_hold: bool = False
) -> Movie:
    """Update the movie's metadata from TMDB; on any failure the movie is left as it was."""
    client = client or tmdb_client()
    try:
        details = ask(
            lambda: client.movie(movie.tmdb_id), respect_hold=respect_hold, missing_is_answer=True
        )
    except NotFound as exc:
        log.warning("TMDB no longer has %s (tmdb id %s); kept unchanged", movie, movie.tmdb_id)
        raise NotFound(
            f"TMDB no longer has a movie with id {movie.tmdb_id}; {movie} was kept as it was.",
            status=404,
        ) from exc
    fields = apply_details(movie, details)
    movie.metadata_refreshed_at = movie.metadata_checked_at = timezone.now()
    # Only TMDB's fields are written, so a user's edit made meanwhile survives; clean_title
    # and sort_title follow the title in Movie.save().
    movie.save(
        update_fields=[
            *fields,
            "clean_title",
            "sort_title",
            "metadata_refreshed_at",
            "metadata_checked_at",
        ]
    )
    return movie


# The daily batch -----------------------------------------------------------------------


def refresh_metadata(
    batch: int | None = None, *, raise_when_stopped: bool = False
) -> dict[str, int | bool]:
    """Refresh the movies least recently tried (never tried first), one batch per run.

    Every try is recorded on the movie, so a movie TMDB no longer has, or one whose answer
    is malformed, goes to the back of the queue instead of being picked first for ever.
    Stops early when TMDB as a whole fails (down, rate limiting, refusing the key, held
    off): the rest waits for the next run instead of piling failures on a failing service.
    With `raise_when_stopped` such a stop raises RefreshStopped (after progress is
    recorded) naming the reason, instead of returning counts that read like a success.
    """
    size = batch or SiteSettings.load().metadata_refresh_batch
    movies = list(
        Movie.objects.order_by(F("metadata_checked_at").asc(nulls_first=True), "pk")[:size]
    )
    progress.start(REFRESH_TASK, len(movies), "Refreshing metadata from TMDB")
    finished = False
    try:
        counts, summary, stop_reason = _refresh_batch(movies)
        progress.finish(REFRESH_TASK, summary, failed=bool(stop_reason))
        finished = True
    finally:
        if not finished:
            # Whatever broke (a bug, the database), the Tasks page must not say "running".
            error = sys.exc_info()[1]
            message = f"Stopped by an unexpected error: {type(error).__name__}: {error}"
            progress.finish(REFRESH_TASK, message, failed=True)
    if stop_reason and raise_when_stopped:
        tried = int(counts["refreshed"]) + int(counts["failed"]) + int(counts["missing"])
        raise RefreshStopped(f"Stopped after {tried} of {len(movies)}: {stop_reason}", counts)
    return counts


def _refresh_batch(movies: list[Movie]) -> tuple[dict[str, int | bool], str, str]:
    """Refresh `movies`; returns the counts, a summary for progress and why it stopped early
    ("" when it did not)."""
    counts: dict[str, int | bool] = {
        "refreshed": 0,
        "failed": 0,
        "missing": 0,
        "stopped_early": False,
    }
    try:
        client = tmdb_client(background=True)
    except TmdbNotConfigured as exc:
        counts["stopped_early"] = bool(movies)
        return counts, str(exc), str(exc)
    stop_reason = ""
    # A hold we caused ourselves with one movie's malformed answer must not stop the rest;
    # a hold set by anyone else (TMDB down, seen by another worker) is respected.
    hold_is_ours = False
    try:
        refresh_image_configuration(client, respect_hold=True)
    except SERVICE_WIDE as exc:
        stop_reason = str(exc)
    except IntegrationError as exc:
        hold_is_ours = True
        log.warning("Could not refresh TMDB's image configuration: %s", exc)
    for movie in [] if stop_reason else movies:
        try:
            refresh_movie(movie, client=client, respect_hold=not hold_is_ours)
        except ProviderDisabled as exc:
            stop_reason = str(exc)
            break
        except NotFound:
            counts["missing"] += 1
            _record_attempt(movie)
        except SERVICE_WIDE as exc:
            counts["failed"] += 1
            _record_attempt(movie)
            stop_reason = str(exc)
            progress.advance(REFRESH_TASK, message=str(movie))
            break
        except IntegrationError as exc:
            counts["failed"] += 1
            hold_is_ours = True
            _record_attempt(movie)
            log.warning("Could not refresh %s: %s", movie, exc)
        else:
            counts["refreshed"] += 1
            hold_is_ours = False
        progress.advance(REFRESH_TASK, message=str(movie))
    counts["stopped_early"] = bool(stop_reason)
    summary = f"{counts['refreshed']} refreshed, {counts['failed']} failed"
    if counts["missing"]:
        summary += f", {counts['missing']} no longer on TMDB"
    if stop_reason:
        summary += f"; stopped early: {stop_reason}"
    return counts, summary, stop_reason


def _record_attempt(movie: Movie) -> None:
    """Remember that TMDB was asked about this movie, even though nothing came of it."""
    Movie.objects.filter(pk=movie.pk).update(metadata_checked_at=timezone.now())
