"""API v3 activity resources: Radarr's queue, history and blocklist records.

Schemas carry Radarr's camelCase names; the builders turn the downloads app's rows
(read through downloads.services) into plain dicts of those names. Queue figures are the
last poll's, so a request never calls a download client.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.utils import timezone
from ninja import Schema

from movies.services import (
    LANGUAGES,
    QUALITIES_BY_ID,
    library_movies,
    parse_release,
    parser_language,
)
from radarr_site.api.resources.movie import MovieResource, ResourceContext, movie_resources

# --- shared pieces -------------------------------------------------------------------


class LanguageResource(Schema):
    id: int
    name: str


class QualityInfo(Schema):
    id: int
    name: str
    source: str
    resolution: int
    modifier: str


class Revision(Schema):
    version: int
    real: int
    isRepack: bool


class QualityResource(Schema):
    quality: QualityInfo
    revision: Revision


_LANGUAGE_IDS = {name: number for number, (name, _label) in LANGUAGES.items()}


def iso(value: datetime | None) -> str | None:
    """Radarr's dates: UTC, ISO-8601 with a Z."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def quality_resource(quality_id: int, version: int = 1) -> dict[str, Any]:
    quality = QUALITIES_BY_ID.get(quality_id) or QUALITIES_BY_ID[0]
    return {
        "quality": {
            "id": quality.id,
            "name": quality.name,
            "source": quality.source,
            "resolution": quality.resolution,
            "modifier": quality.modifier or "none",
        },
        "revision": {"version": version, "real": 0, "isRepack": False},
    }


@lru_cache(maxsize=4096)
def _parsed(title: str) -> tuple[str | None, tuple[str, ...]]:
    """(release group, language names) of a release title; titles repeat across rows and
    requests, and parsing is the costly part of a long page."""
    parsed = parse_release(title)
    return parsed.release_group, tuple(parsed.languages)


def languages(title: str, movie) -> list[dict[str, Any]]:
    """The release's languages as parsed from its title, else the movie's original
    language (Radarr does the same), else Unknown."""
    names = list(_parsed(title)[1])
    if not names and movie is not None:
        original = parser_language(movie.original_language)
        names = [original] if original else []
    found = [
        {"id": _LANGUAGE_IDS[name], "name": LANGUAGES[_LANGUAGE_IDS[name]][1]}
        for name in names
        if name in _LANGUAGE_IDS
    ]
    return found or [{"id": 0, "name": "Unknown"}]


def movie_blocks(rows) -> dict[int, dict[str, Any]]:
    """{movie id: MovieResource dict} for the movies these rows name, built in one batch
    (a fixed number of queries however many rows): includeMovie=true."""
    ids = {row.movie_id for row in rows if row.movie_id}
    if not ids:
        return {}
    movies = list(library_movies().filter(pk__in=ids))
    return {movie.pk: block for movie, block in zip(movies, movie_resources(movies), strict=True)}


def _with_movie(record: dict[str, Any], movie_id: int | None, movies) -> dict[str, Any]:
    """Add `movie` when asked for (movies not None); unset otherwise, so it is left out."""
    if movies is not None:
        record["movie"] = movies.get(movie_id)
    return record


# --- queue ---------------------------------------------------------------------------


class StatusMessage(Schema):
    title: str
    messages: list[str]


class QueueResource(Schema):
    id: int
    movieId: int | None = None
    movie: MovieResource | None = None
    languages: list[LanguageResource]
    quality: QualityResource
    customFormats: list[dict[str, Any]]
    customFormatScore: int
    size: int
    title: str
    sizeleft: int
    timeleft: str | None = None
    estimatedCompletionTime: str | None = None
    added: str | None = None
    status: str
    trackedDownloadStatus: str
    trackedDownloadState: str
    statusMessages: list[StatusMessage]
    errorMessage: str | None = None
    downloadId: str
    protocol: str
    downloadClient: str | None = None
    downloadClientHasPostImportCategory: bool
    indexer: str | None = None
    outputPath: str | None = None


class QueuePage(Schema):
    page: int
    pageSize: int
    sortKey: str
    sortDirection: str
    totalRecords: int
    records: list[QueueResource]


class QueueStatus(Schema):
    totalCount: int
    count: int
    unknownCount: int
    errors: bool
    warnings: bool
    unknownErrors: bool
    unknownWarnings: bool


# Our download states → Radarr's (status, trackedDownloadState). A blocked import waits
# for the user: Radarr shows it as importPending with a warning.
_QUEUE_STATES = {
    "queued": ("queued", "downloading"),
    "downloading": ("downloading", "downloading"),
    "paused": ("paused", "downloading"),
    "completed": ("completed", "importPending"),
    "importing": ("completed", "importing"),
    "import_blocked": ("completed", "importPending"),
    "imported": ("completed", "imported"),
    "failed": ("failed", "failed"),
    "removed": ("completed", "imported"),
}


def timeleft(seconds: int | None) -> str | None:
    """Radarr's TimeSpan text: "HH:MM:SS", with "D." in front past a day; None unknown."""
    if seconds is None:
        return None
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days}.{text}" if days else text


def tracked_status(download) -> str:
    """ok, warning (client warnings, a blocked import) or error (failed)."""
    if download.state == "failed":
        return "error"
    if download.warnings or download.state == "import_blocked":
        return "warning"
    return "ok"


def queue_resource(download, movies: dict[int, Any] | None = None) -> dict[str, Any]:
    """One queue record from a Download (its movie and client selected with it);
    `movies` from movie_blocks() adds the movie block."""
    status, state = _QUEUE_STATES.get(download.state, ("queued", "downloading"))
    messages = [str(w) for w in download.warnings or []]
    if download.state == "import_blocked" and download.status_message:
        messages.insert(0, download.status_message)
    eta = download.eta_seconds
    # Radarr's estimate is now + time left; ours counts from the poll that measured it.
    since = download.polled_at or timezone.now()
    record = {
        "id": download.pk,
        "movieId": download.movie_id,
        "languages": languages(download.source_title, download.movie),
        "quality": quality_resource(download.quality_id, download.quality_version),
        "customFormats": [],
        "customFormatScore": download.format_score,
        "size": download.size,
        "title": download.source_title,
        # Never polled yet: nothing is downloaded (Overseerr works progress out of these).
        "sizeleft": download.size if download.polled_at is None else download.size_left,
        "timeleft": timeleft(eta),
        "estimatedCompletionTime": iso(since + timedelta(seconds=eta)) if eta else None,
        "added": iso(download.grabbed_at),
        "status": status,
        "trackedDownloadStatus": tracked_status(download),
        "trackedDownloadState": state,
        "statusMessages": (
            [{"title": download.source_title, "messages": messages}] if messages else []
        ),
        "errorMessage": download.status_message or None,
        "downloadId": download.download_id,
        "protocol": download.protocol,
        "downloadClient": download.client.name if download.client_id else None,
        "downloadClientHasPostImportCategory": False,
        "indexer": download.indexer or None,
        "outputPath": download.output_path or None,
    }
    return _with_movie(record, download.movie_id, movies)


# --- history -------------------------------------------------------------------------

# Radarr's MovieHistoryEventType numbers and names.
EVENT_TYPES = {
    0: "unknown",
    1: "grabbed",
    3: "downloadFolderImported",
    4: "downloadFailed",
    6: "movieFileDeleted",
    7: "movieFolderImported",
    8: "movieFileRenamed",
    9: "downloadIgnored",
}
# Our History.Event values under each Radarr event. Import failures have no Radarr event
# (Radarr keeps them on the queue item); an item removed from its client is an ignored
# download to Radarr's readers.
OUR_EVENTS = {
    "grabbed": ["grabbed"],
    "downloadFolderImported": ["imported"],
    "downloadFailed": ["failed"],
    "movieFileDeleted": ["file_deleted"],
    "movieFileRenamed": ["file_renamed"],
    "downloadIgnored": ["ignored", "removed"],
    "movieFolderImported": [],
    "unknown": ["import_failed"],
}
RADARR_EVENT = {ours: name for name, events in OUR_EVENTS.items() for ours in events}
# Radarr's DownloadProtocol numbers, as its history data writes them.
_PROTOCOL_NUMBER = {"usenet": "1", "torrent": "2"}


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def history_data(row) -> dict[str, str]:
    """Radarr's `data`: every value a string; our snake_case details in camelCase."""
    data = {_camel(str(k)): str(v) for k, v in (row.data or {}).items() if v is not None}
    group = _parsed(row.source_title)[0]
    extra = {
        "indexer": row.indexer,
        "downloadClient": row.client_name,
        "downloadClientName": row.client_name,
        "releaseGroup": group or "",
        "protocol": _PROTOCOL_NUMBER.get(row.protocol, ""),
        "message": row.message,
    }
    if row.download_id is not None:
        extra["size"] = str(row.download.size)
        extra["downloadId"] = row.download.download_id
    data.update({key: value for key, value in extra.items() if value})
    return data


class HistoryResource(Schema):
    id: int
    movieId: int | None = None
    movie: MovieResource | None = None
    sourceTitle: str
    languages: list[LanguageResource]
    quality: QualityResource
    customFormats: list[dict[str, Any]]
    customFormatScore: int
    qualityCutoffNotMet: bool
    date: str
    downloadId: str | None = None
    eventType: str
    data: dict[str, str]


class HistoryPage(Schema):
    page: int
    pageSize: int
    sortKey: str
    sortDirection: str
    totalRecords: int
    records: list[HistoryResource]


def history_resource(
    row, context: ResourceContext, movies: dict[int, Any] | None = None
) -> dict[str, Any]:
    """One history record from a History row (its movie and download selected); one
    context per request works out each quality profile's cutoff once."""
    download_id = row.download.download_id if row.download_id is not None else None
    record = {
        "id": row.pk,
        "movieId": row.movie_id,
        "sourceTitle": row.source_title,
        "languages": languages(row.source_title, row.movie),
        "quality": quality_resource(row.quality_id, row.quality_version),
        "customFormats": [],
        "customFormatScore": row.format_score,
        # Radarr compares with the movie's profile as it is now, not as it was then.
        "qualityCutoffNotMet": (
            row.movie is not None and not context.cutoff_met(row.movie, row.quality_id)
        ),
        "date": iso(row.date),
        "downloadId": download_id or (row.data or {}).get("download_id"),
        "eventType": RADARR_EVENT.get(row.event, "unknown"),
        "data": history_data(row),
    }
    return _with_movie(record, row.movie_id, movies)


# --- blocklist -----------------------------------------------------------------------


class BlocklistResource(Schema):
    id: int
    movieId: int
    movie: MovieResource | None = None
    sourceTitle: str
    languages: list[LanguageResource]
    quality: QualityResource
    customFormats: list[dict[str, Any]]
    date: str
    protocol: str | None = None
    indexer: str | None = None
    message: str | None = None


class BlocklistPage(Schema):
    page: int
    pageSize: int
    sortKey: str
    sortDirection: str
    totalRecords: int
    records: list[BlocklistResource]


class BlocklistBulk(Schema):
    ids: list[int]


def blocklist_resource(row, movies: dict[int, Any] | None = None) -> dict[str, Any]:
    """One blocklist record from a Blocklist row (its movie selected)."""
    record = {
        "id": row.pk,
        "movieId": row.movie_id,
        "sourceTitle": row.source_title,
        "languages": languages(row.source_title, row.movie),
        "quality": quality_resource(row.quality_id),
        "customFormats": [],
        "date": iso(row.date),
        "protocol": row.protocol or None,
        "indexer": row.indexer or None,
        "message": row.message or None,
    }
    return _with_movie(record, row.movie_id, movies)
