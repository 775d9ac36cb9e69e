"""The objects inside Radarr's webhook payloads (movie, remoteMovie, release, movieFile…),
built from our rows with Radarr's camelCase field names, so a tool written for Radarr's
webhook reads ours unchanged. Field names follow Radarr's Notifications/Webhook/*.cs;
see mediaservers.payloads for the events that carry them.

Everything returned is plain JSON: dates are ISO 8601 in UTC with a Z, languages are
Radarr's {id, name} objects.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, date, datetime
from typing import Any

from movies.services import LANGUAGES, parser_language
from movies.services import QUALITIES_BY_ID as QUALITIES

TMDB_IMAGES = "https://image.tmdb.org/t/p/original"
# Radarr writes a movie file's IndexerFlags enum with ToString(): "0" when it has none.
NO_INDEXER_FLAGS = "0"
# Our parser's language name → Radarr's Language id.
_LANGUAGE_IDS = {name: number for number, (name, _) in LANGUAGES.items() if number >= 0}


def iso_datetime(value: datetime | None) -> str | None:
    """2026-11-29T23:03:26Z (UTC); None stays None."""
    if value is None:
        return None
    if value.tzinfo is None:  # naive values in this project are UTC (USE_TZ)
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def quality_name(quality_id: int) -> str:
    quality = QUALITIES.get(quality_id)
    return quality.name if quality else "Unknown"


def language(name: str | None) -> dict[str, Any]:
    """A language as Radarr sends it: {"id": 1, "name": "English"}; 'en', 'english' and
    'English' are all understood; an unknown one is Radarr's Unknown (id 0)."""
    key = parser_language(name) or "unknown"
    number = _LANGUAGE_IDS.get(key, 0)
    return {"id": number, "name": LANGUAGES[number][1]}


def languages(names: list[str] | None) -> list[dict[str, Any]]:
    return [language(name) for name in names or []]


def images(movie: Any) -> list[dict[str, str]]:
    """Poster and fanart as Radarr lists them (coverType, url, remoteUrl), from TMDB."""
    found = []
    for cover_type, path in (("poster", movie.poster_path), ("fanart", movie.backdrop_path)):
        if path:
            url = path if path.startswith("http") else f"{TMDB_IMAGES}/{path.lstrip('/')}"
            found.append({"coverType": cover_type, "url": url, "remoteUrl": url})
    return found


def release_date(movie: Any) -> str | None:
    """Radarr's webhook date: the physical release, else digital, else in cinemas."""
    return iso_date(movie.physical_release or movie.digital_release or movie.in_cinemas)


def movie_object(movie: Any, file_relative_path: str | None = None) -> dict[str, Any]:
    """Radarr's WebhookMovie. `filePath` is set when the event concerns one file."""
    return {
        "id": movie.pk,
        "title": movie.title,
        "year": movie.year or 0,
        "filePath": posixpath.join(movie.path, file_relative_path) if file_relative_path else None,
        "releaseDate": release_date(movie),
        "folderPath": movie.path,
        "tmdbId": movie.tmdb_id,
        "imdbId": movie.imdb_id or None,
        "overview": movie.overview,
        "genres": list(movie.genres or []),
        "images": images(movie),
        "tags": sorted(movie.tags.values_list("label", flat=True)) if movie.pk else [],
        "originalLanguage": language(movie.original_language),
    }


def remote_movie(movie: Any) -> dict[str, Any]:
    """Radarr's WebhookRemoteMovie: what the release was matched to."""
    return {
        "tmdbId": movie.tmdb_id,
        "imdbId": movie.imdb_id or None,
        "title": movie.title,
        "year": movie.year or 0,
    }


def file_facts(movie_file: Any) -> dict[str, Any]:
    """A MovieFile row, or the dict the events carry for a file that is gone
    (relative_path, path, quality_id, …), as one dict of our field names."""
    if isinstance(movie_file, dict):
        return dict(movie_file)
    return {
        "id": movie_file.pk,
        "relative_path": movie_file.relative_path,
        "path": posixpath.join(movie_file.movie.path, movie_file.relative_path),
        "quality_id": movie_file.quality_id,
        "quality_version": movie_file.quality_version,
        "release_group": movie_file.release_group,
        "scene_name": movie_file.scene_name,
        "size": movie_file.size,
        "date_added": movie_file.date_added,
        "languages": movie_file.languages,
        "media_info": movie_file.media_info,
    }


def media_info(info: dict[str, Any] | None) -> dict[str, Any]:
    """Radarr's WebhookMovieFileMediaInfo from what the import recorded (codecs and HDR
    from the name; no probe of the file, so channels and size are 0 when unknown)."""
    info = info or {}
    hdr = [str(x) for x in info.get("hdr") or []]
    return {
        "audioChannels": info.get("audio_channels", 0),
        "audioCodec": info.get("audio_codec", ""),
        "audioLanguages": list(info.get("audio_languages", [])),
        "height": info.get("height", 0),
        "width": info.get("width", 0),
        "subtitles": list(info.get("subtitles", [])),
        "videoCodec": info.get("video_codec", ""),
        "videoDynamicRange": "HDR" if hdr else "",
        "videoDynamicRangeType": " ".join(hdr),
    }


def movie_file_object(
    movie_file: Any, *, source_path: str | None = None, recycle_bin_path: str | None = None
) -> dict[str, Any]:
    """Radarr's WebhookMovieFile."""
    facts = file_facts(movie_file)
    date_added = facts.get("date_added")
    if isinstance(date_added, str):  # a dict from an event may carry it as text already
        date_added = datetime.fromisoformat(date_added.replace("Z", "+00:00"))
    return {
        "id": facts.get("id") or 0,
        "relativePath": facts.get("relative_path", ""),
        "path": facts.get("path", ""),
        "quality": quality_name(facts.get("quality_id", 0)),
        "qualityVersion": facts.get("quality_version", 1),
        "releaseGroup": facts.get("release_group") or "",
        "sceneName": facts.get("scene_name") or "",
        "indexerFlags": NO_INDEXER_FLAGS,
        "size": facts.get("size", 0),
        "dateAdded": iso_datetime(date_added),
        "languages": languages(facts.get("languages")),
        "mediaInfo": media_info(facts.get("media_info")),
        "sourcePath": source_path,
        "recycleBinPath": recycle_bin_path or facts.get("recycle_bin_path"),
    }


def download_client_fields(download: Any) -> dict[str, Any]:
    """downloadClient, downloadClientType and downloadId, as on Grab and Download."""
    if download is None:
        return {"downloadClient": None, "downloadClientType": None, "downloadId": None}
    client = download.client
    download_id = download.download_id
    if download.protocol == "torrent":
        download_id = download_id.upper()  # Radarr's torrent ids are upper-case info hashes
    return {
        "downloadClient": client.name if client else None,
        "downloadClientType": client.kind_label if client else None,
        "downloadId": download_id,
    }
