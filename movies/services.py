"""The movies app's public face: look movies up on TMDB, add them, keep their metadata fresh.

Other apps and the views call only these functions (the refresh lives in movies.metadata,
adding a movie in movies.adding; both are re-exported here). Every TMDB call goes through
movies.metadata.ask, so failures show on System → Health; a 404 for one movie is an answer
about that movie, not a failing service, so it does not open the circuit.
"""

from __future__ import annotations

import logging

from movies.clients.tmdb import MovieDetails, SearchResult
from movies.folders import movie_folder_name
from movies.metadata import (
    REFRESH_TASK,
    RefreshStopped,
    TmdbNotConfigured,
    ask,
    cached_image_base,
    image_base,
    refresh_image_configuration,
    refresh_metadata,
    refresh_movie,
    tmdb_client,
)
from movies.models import Movie
from movies.parser.types import ParsedRelease, QualityParse
from movies.quality import BY_ID as QUALITIES_BY_ID
from movies.quality import Quality
from movies.titles import clean_title
from radarr_site.http import IntegrationError, NotFound

log = logging.getLogger(__name__)

# The add-movie search (title, 'Heat 1995', tmdb:, imdb:) lives in movies.lookup.
from movies.lookup import Lookup, LookupPage, search_movies, split_year  # noqa: E402


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
    "cached_image_base",
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
from movies.decision_reads import QualitySizes, movie_files, quality_size_limits  # noqa: E402

__all__ += ["QualitySizes", "movie_files", "quality_size_limits"]


# --- Adding a movie (movies.adding calls lookup_movie through this module) ---
from movies.adding import MovieExists, add_movie  # noqa: E402

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

# --- Wanted: missing and cutoff-unmet movies (the Wanted pages and the wanted search) ---
from movies.wanted import wanted_movies  # noqa: E402

__all__ += ["wanted_movies"]

# --- The movie page's file actions: rename to the naming settings, delete one file ---
from movies.file_delete import (  # noqa: E402
    FileDeleted,
    FileDeleteFailed,
    delete_movie_file,
    recycle_bin_folder,
)
from movies.renaming import Rename, RenameResult, rename_files, rename_preview  # noqa: E402

__all__ += [
    "FileDeleteFailed",
    "FileDeleted",
    "Rename",
    "RenameResult",
    "delete_movie_file",
    "recycle_bin_folder",
    "rename_files",
    "rename_preview",
]


# --- Root folders, for other apps' pages ---
def first_root_folder() -> str | None:
    """The path of the first root folder added, or None when there is none."""
    from movies.models import RootFolder

    return RootFolder.objects.order_by("pk").values_list("path", flat=True).first()


__all__ += ["first_root_folder"]


# --- Languages, for other apps' payloads (mediaservers webhooks) ---
from movies.formats.enums import LANGUAGES, parser_language  # noqa: E402

__all__ += ["LANGUAGES", "parser_language"]


# --- issue 8: the library as the API v3 reads and changes it (radarr_site/api) ---
from movies.folders import UnsafePath  # noqa: E402
from movies.library_api import (  # noqa: E402
    cutoff_met_ids,
    delete_movies,
    edit_movie,
    library_movies,
)
from movies.models import QualityProfile, RootFolder, Tag  # noqa: E402
from movies.titles import sort_title  # noqa: E402

__all__ += [
    "Movie",
    "QualityProfile",
    "RootFolder",
    "Tag",
    "UnsafePath",
    "cutoff_met_ids",
    "delete_movies",
    "edit_movie",
    "image_base",
    "library_movies",
    "sort_title",
]


# --- issue 8: requests (movies.requesting) ---
from movies.requesting.lifecycle import (  # noqa: E402
    BulkResult,
    approve_request,
    approve_requests,
    decline_request,
    decline_requests,
    request_defaults,
    request_movie,
)
from movies.requesting.quota import Quota, quota_for  # noqa: E402
from movies.requesting.refusals import (  # noqa: E402
    AlreadyInLibrary,
    AlreadyRequested,
    OverQuota,
    RequestRefused,
)
from movies.requesting.state import (  # noqa: E402
    RequestState,
    mark_seen,
    request_states,
    requests_visible_to,
    unseen_changes,
)

__all__ += [
    "AlreadyInLibrary",
    "AlreadyRequested",
    "BulkResult",
    "OverQuota",
    "Quota",
    "RequestRefused",
    "RequestState",
    "approve_request",
    "approve_requests",
    "decline_request",
    "decline_requests",
    "mark_seen",
    "quota_for",
    "request_defaults",
    "request_movie",
    "request_states",
    "requests_visible_to",
    "unseen_changes",
]


# --- issue 8: requests — monitoring a library movie an approved request asks for ---
def set_monitored(movie: Movie, monitored: bool) -> None:
    """Switch the movie's monitoring; only that column is written."""
    movie.monitored = monitored
    movie.save(update_fields=["monitored"])


__all__ += ["requests_defaults", "set_monitored"]
from movies.requesting.lifecycle import requests_defaults  # noqa: E402

# --- issue 8: rescan ---
from movies.rescan import (  # noqa: E402
    RescanResult,
    RescanTally,
    rescan_library,
    rescan_movie_folder,
)

__all__ += ["RescanResult", "RescanTally", "rescan_library", "rescan_movie_folder"]
