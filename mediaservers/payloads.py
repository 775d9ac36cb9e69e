"""Radarr's webhook payloads, one function per event, built from our objects.

The JSON has Radarr's shape and camelCase names (Notifications/Webhook/*Payload.cs), so
tools written for Radarr's webhook (Notifiarr, Overseerr-style scripts…) work unchanged.
Every payload carries `eventType`, `instanceName` and `applicationUrl`. The functions
only read (the movie's tags, the release's custom formats, the site name) and return
plain JSON-serialisable dicts, stored as they are in the Delivery outbox.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from mediaservers.payload_parts import (
    download_client_fields,
    file_facts,
    iso_datetime,
    language,
    languages,
    movie_file_object,
    movie_object,
    quality_name,
    remote_movie,
)

DEFAULT_INSTANCE_NAME = "Radarr Site"
TEST, GRAB, DOWNLOAD, RENAME = "Test", "Grab", "Download", "Rename"
MOVIE_DELETE, MOVIE_FILE_DELETE = "MovieDelete", "MovieFileDelete"
HEALTH, HEALTH_RESTORED = "Health", "HealthRestored"


def instance_name() -> str:
    """The site's name (SiteSettings.instance_name once it exists), else "Radarr Site"."""
    from radarr_site.models import SiteSettings

    return getattr(SiteSettings.load(), "instance_name", "") or DEFAULT_INSTANCE_NAME


def _envelope(event_type: str) -> dict[str, Any]:
    return {
        "eventType": event_type,
        "instanceName": instance_name(),
        "applicationUrl": getattr(settings, "APP_URL", "") or "",
    }


def _custom_formats(download: Any) -> list[dict[str, Any]]:
    """The custom formats the grabbed release matches today ({id, name}); the score is
    the one stored at the grab."""
    from movies.services import custom_format_matcher, parse_release

    movie = download.movie
    matched = custom_format_matcher().matching(
        parse_release(download.source_title),
        download.size or None,
        0,
        movie.original_language if movie else None,
    )
    return [{"id": f.id, "name": f.name} for f in matched]


def _release_languages(parsed: Any, movie: Any) -> list[str]:
    """The release's languages; one that names none is in the movie's original language,
    as Radarr takes it."""
    named = [name for name in parsed.languages if name not in ("unknown", "original")]
    if named:
        return named
    return [movie.original_language] if movie and movie.original_language else []


def test_payload() -> dict[str, Any]:
    """What the Test button sends: Radarr's test Grab, with its sample values."""
    return {
        **_envelope(TEST),
        "movie": {
            "id": 1,
            "title": "Test Title",
            "year": 1970,
            "filePath": None,
            "releaseDate": "1970-01-01",
            "folderPath": "C:\\testpath",
            "tmdbId": 0,
            "imdbId": None,
            "overview": None,
            "genres": [],
            "images": [],
            "tags": ["test-tag"],
            "originalLanguage": language("english"),
        },
        "remoteMovie": {"tmdbId": 1234, "imdbId": "5678", "title": "Test title", "year": 1970},
        "release": {
            "quality": "Test Quality",
            "qualityVersion": 1,
            "releaseGroup": "Test Group",
            "releaseTitle": "Test Title",
            "indexer": "Test Indexer",
            "size": 9999999,
            "customFormatScore": 0,
            "customFormats": [],
            "languages": [],
            "indexerFlags": [],
        },
    }


# Not a test, whatever pytest thinks of the name when a test module imports it.
test_payload.__test__ = False  # type: ignore[attr-defined]


def grab_payload(download: Any) -> dict[str, Any]:
    """Grab: a release was sent to a download client (downloads.Download)."""
    from movies.services import parse_release

    movie = download.movie
    parsed = parse_release(download.source_title)
    formats = _custom_formats(download)
    return {
        **_envelope(GRAB),
        "movie": movie_object(movie),
        "remoteMovie": remote_movie(movie),
        "release": {
            "quality": quality_name(download.quality_id),
            "qualityVersion": download.quality_version,
            "releaseGroup": parsed.release_group or "",
            "releaseTitle": download.source_title,
            "indexer": download.indexer,
            "size": download.size,
            "customFormatScore": download.format_score,
            "customFormats": [f["name"] for f in formats],
            "languages": languages(_release_languages(parsed, movie)),
            "indexerFlags": [],
        },
        **download_client_fields(download),
        "customFormatInfo": {"customFormats": formats, "customFormatScore": download.format_score},
    }


def _grabbed_release(download: Any) -> dict[str, Any] | None:
    """The Download event's `release`: what was grabbed (None for a manual import)."""
    if download is None:
        return None
    return {
        "releaseTitle": download.source_title,
        "indexer": download.indexer,
        "size": download.size,
        "indexerFlags": [],
    }


def download_payload(
    movie: Any,
    movie_file: Any,
    download: Any = None,
    is_upgrade: bool = False,
    deleted_files: list[dict[str, Any]] | None = None,
    source_path: str | None = None,
) -> dict[str, Any]:
    """Download: a file was imported (an upgrade when it replaced `deleted_files`)."""
    relative = file_facts(movie_file)["relative_path"]
    formats = _custom_formats(download) if download is not None else []
    score = download.format_score if download is not None else 0
    return {
        **_envelope(DOWNLOAD),
        "movie": movie_object(movie, relative),
        "remoteMovie": remote_movie(movie),
        "movieFile": movie_file_object(movie_file, source_path=source_path),
        "release": _grabbed_release(download),
        "isUpgrade": bool(is_upgrade),
        **download_client_fields(download),
        "deletedFiles": [movie_file_object(old) for old in deleted_files or []],
        "customFormatInfo": {"customFormats": formats, "customFormatScore": score},
    }


def rename_payload(movie: Any, renamed: list[tuple[str, str]]) -> dict[str, Any]:
    """Rename: the movie's files got new names; each as its file now is, with where it was."""
    # Read from the database: a prefetched movie.files.all() still holds the old names.
    new_names = [new for _, new in renamed]
    by_path = {f.relative_path: f for f in movie.files.filter(relative_path__in=new_names)}
    files = []
    for old_relative, new_relative in renamed:
        current = by_path.get(new_relative)
        entry = movie_file_object(
            current if current is not None else {"relative_path": new_relative, "path": ""}
        )
        if current is None:  # gone since: still say where it went
            entry["path"] = f"{movie.path.rstrip('/')}/{new_relative}"
        entry["previousRelativePath"] = old_relative
        entry["previousPath"] = f"{movie.path.rstrip('/')}/{old_relative}"
        files.append(entry)
    return {**_envelope(RENAME), "movie": movie_object(movie), "renamedMovieFiles": files}


def movie_delete_payload(movie: Any, files_deleted: bool) -> dict[str, Any]:
    """MovieDelete: the movie left the library (with its files when `files_deleted`)."""
    payload = {
        **_envelope(MOVIE_DELETE),
        "movie": movie_object(movie),
        "deletedFiles": bool(files_deleted),
    }
    if files_deleted:
        payload["movieFolderSize"] = movie.size_on_disk
    return payload


def movie_file_delete_payload(movie: Any, movie_file: Any, reason: str) -> dict[str, Any]:
    """MovieFileDelete: one file was deleted; `reason` is Radarr's deleteReason
    (manual, upgrade, missingFromDisk, manualOverride)."""
    relative = file_facts(movie_file)["relative_path"]
    return {
        **_envelope(MOVIE_FILE_DELETE),
        "movie": movie_object(movie, relative),
        "movieFile": movie_file_object(movie_file),
        "deleteReason": reason,
    }


def health_payload(issue: Any, restored: bool = False) -> dict[str, Any]:
    """Health (a problem found) or HealthRestored (it is gone), from a HealthIssue."""
    payload = _envelope(HEALTH_RESTORED if restored else HEALTH)
    return {
        **payload,
        "level": issue.level,
        "message": issue.message,
        "type": issue.source,
        "wikiUrl": issue.link or None,
    }


# --- issue 8: household requests ---
REQUEST_AVAILABLE, REQUEST_FAILED = "RequestAvailable", "RequestFailed"


def _requested_movie(request: Any) -> dict[str, Any]:
    """The movie block: the library's movie once added; before that (a failed add) the
    same keys from what the request knows."""
    movie = request.movie
    if movie is not None:
        newest = movie.files.order_by("-date_added", "-pk").first()  # the file that arrived
        return movie_object(movie, newest.relative_path if newest else None)
    return {
        "id": None,
        "title": request.title,
        "year": request.year or 0,
        "filePath": None,
        "releaseDate": None,
        "folderPath": None,
        "tmdbId": request.tmdb_id,
        "imdbId": None,
        "overview": "",
        "genres": [],
        "images": [],
        "tags": [],
        "originalLanguage": language(None),
    }


def request_payload(request: Any, status: str) -> dict[str, Any]:
    """RequestAvailable / RequestFailed: a household request's movie is in the library,
    or could not be added (`failureReason` says why). Not a Radarr event: Radarr has no
    requests; the shape follows its other payloads."""
    event = REQUEST_AVAILABLE if status == "available" else REQUEST_FAILED
    return {
        **_envelope(event),
        "request": {
            "id": request.pk,
            "requestedBy": request.requested_by.get_username(),
            "requestedAt": iso_datetime(request.requested_at),
            "note": request.note,
            "status": status,
            "failureReason": request.failure_reason or None,
        },
        "movie": _requested_movie(request),
    }
