"""Radarr's MovieResource: the schema classes and the builders that fill them.

`movie_resource(movie)` turns a library Movie (files and tags prefetched, as
movies.services.library_movies() gives them) into the dict Radarr v5 serves; the queue and
history resources embed the same dict as their `movie`. Lookups that are not in the library
are built in radarr_site.api.resources.movie_lookup, with id 0 and no path.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.utils import timezone
from ninja import Schema

from movies import services

# Radarr shows 0001-01-01 for dates a lookup does not have (added, for one).
NO_DATE = "0001-01-01T00:00:00Z"
_LANGUAGE_IDS = {name: number for number, (name, _) in services.LANGUAGES.items()}
# Radarr's rule for "released" when only the cinema date is known: 90 days after it.
_CINEMA_TO_RELEASE = dt.timedelta(days=90)


class Language(Schema):
    id: int
    name: str


class AlternateTitle(Schema):
    sourceType: str
    movieMetadataId: int
    title: str


class Image(Schema):
    coverType: str
    url: str
    remoteUrl: str


class Rating(Schema):
    votes: int
    value: float
    type: str


class Ratings(Schema):
    tmdb: Rating


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


class QualityModel(Schema):
    """Radarr's quality of a file or release: the quality and its revision."""

    quality: QualityInfo
    revision: Revision


class MediaInfo(Schema):
    audioCodec: str | None = None
    videoCodec: str | None = None
    videoDynamicRange: str | None = None
    videoDynamicRangeType: str | None = None


class MovieFileResource(Schema):
    """The movie's file, as Radarr nests it in the movie."""

    id: int
    movieId: int
    relativePath: str
    path: str
    size: int
    dateAdded: str
    sceneName: str | None = None
    releaseGroup: str | None = None
    edition: str | None = None
    languages: list[Language]
    quality: QualityModel
    mediaInfo: MediaInfo | None = None
    originalFilePath: str | None = None
    qualityCutoffNotMet: bool


class Collection(Schema):
    title: str
    tmdbId: int


class Statistics(Schema):
    movieFileCount: int
    sizeOnDisk: int
    releaseGroups: list[str]


class MovieResource(Schema):
    """Radarr v5's MovieResource with the fields Overseerr, Jellyseerr and pyarr read."""

    id: int
    title: str
    originalTitle: str | None = None
    originalLanguage: Language
    alternateTitles: list[AlternateTitle]
    sortTitle: str
    sizeOnDisk: int
    status: str
    overview: str | None = None
    inCinemas: str | None = None
    physicalRelease: str | None = None
    digitalRelease: str | None = None
    releaseDate: str | None = None
    images: list[Image]
    website: str | None = None
    year: int
    youTubeTrailerId: str | None = None
    studio: str | None = None
    path: str | None = None
    qualityProfileId: int
    hasFile: bool
    movieFileId: int
    monitored: bool
    minimumAvailability: str
    isAvailable: bool
    folderName: str | None = None
    runtime: int
    cleanTitle: str
    imdbId: str | None = None
    tmdbId: int
    titleSlug: str
    rootFolderPath: str | None = None
    certification: str | None = None
    genres: list[str]
    tags: list[int]
    added: str
    ratings: Ratings
    movieFile: MovieFileResource | None = None
    collection: Collection | None = None
    popularity: float
    statistics: Statistics


def iso_datetime(value: dt.datetime | None) -> str | None:
    """'2025-01-02T03:04:05Z' (UTC, whole seconds) as Radarr writes times."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = value.astimezone(dt.UTC)
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def iso_date(value: dt.date | None) -> str | None:
    """A calendar date as Radarr writes it: midnight UTC."""
    return f"{value.isoformat()}T00:00:00Z" if value else None


def movie_status(movie: Any, today: dt.date) -> str:
    """Radarr's status from the release dates, then TMDB's status when no date says it."""
    home = [d for d in (movie.digital_release, movie.physical_release) if d]
    if any(d <= today for d in home):
        return "released"
    if movie.in_cinemas and movie.in_cinemas <= today:
        if not home and movie.in_cinemas <= today - _CINEMA_TO_RELEASE:
            return "released"
        return "inCinemas"
    if movie.status == "Released" and not movie.in_cinemas and not home:
        return "released"
    if movie.in_cinemas or home or movie.status in ("In Production", "Post Production"):
        return "announced"
    return "tba"


def release_date(movie: Any) -> dt.date | None:
    """The date the movie reaches its minimum availability (Radarr v5's releaseDate)."""
    home = [d for d in (movie.digital_release, movie.physical_release) if d]
    if movie.minimum_availability in ("announced", "inCinemas"):
        return movie.in_cinemas or (min(home) if home else None)
    if home:
        return min(home)
    return movie.in_cinemas + _CINEMA_TO_RELEASE if movie.in_cinemas else None


def language(code_or_name: str) -> dict[str, Any]:
    """{id, name} for an ISO code ('en') or a parser name ('english'); id 0 when unknown."""
    name = services.parser_language(code_or_name) or ""
    number = _LANGUAGE_IDS.get(name, 0)
    label = services.LANGUAGES.get(number, ("unknown", "Unknown"))[1]
    return {"id": number, "name": label}


def _images(movie: Any, base: str) -> list[dict[str, str]]:
    images = []
    for cover, path in (("poster", movie.poster_path), ("fanart", movie.backdrop_path)):
        if path:
            # No local media cover cache: both URLs point at TMDB's original image.
            url = services.poster_url(path, "original", base=base)
            images.append({"coverType": cover, "url": url, "remoteUrl": url})
    return images


def _quality(quality_id: int, version: int) -> dict[str, Any]:
    quality = services.QUALITIES_BY_ID.get(quality_id) or services.QUALITIES_BY_ID[0]
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


def _media_info(info: dict[str, Any]) -> dict[str, Any] | None:
    if not info:
        return None
    hdr = info.get("hdr") or []
    return {
        "audioCodec": info.get("audio_codec"),
        "videoCodec": info.get("video_codec"),
        "videoDynamicRange": "HDR" if hdr else "",
        "videoDynamicRangeType": " ".join(hdr),
    }


def movie_file_resource(movie: Any, file: Any, cutoff_met: bool) -> dict[str, Any]:
    """One MovieFile as Radarr's MovieFileResource."""
    return {
        "id": file.pk,
        "movieId": movie.pk,
        "relativePath": file.relative_path,
        "path": os.path.join(movie.path, file.relative_path),
        "size": file.size,
        "dateAdded": iso_datetime(file.date_added),
        "sceneName": file.scene_name or None,
        "releaseGroup": file.release_group or None,
        "edition": file.edition or None,
        "languages": [language(name) for name in file.languages] or [language("")],
        "quality": _quality(file.quality_id, file.quality_version),
        "mediaInfo": _media_info(file.media_info),
        "originalFilePath": file.original_path or None,
        "qualityCutoffNotMet": not cutoff_met,
    }


class ResourceContext:
    """What a batch of resources shares: today, the image base, each profile's cutoff."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.image_base = services.image_base()
        self._cutoffs: dict[int, set[int]] = {}

    def cutoff_met(self, movie: Any, quality_id: int) -> bool:
        profile_id = movie.quality_profile_id
        if profile_id not in self._cutoffs:
            self._cutoffs[profile_id] = services.cutoff_met_ids(movie.quality_profile)
        return quality_id in self._cutoffs[profile_id]


def _related(movie: Any, attr: str, name: str) -> list[Any]:
    """Rows prefetched into `attr` (library_movies does: no queryset per movie), else the
    relation's .all() (prefetched or not); none for an unsaved lookup movie."""
    if movie.pk is None:
        return []
    rows = getattr(movie, attr, None)
    return list(rows) if rows is not None else list(getattr(movie, name).all())


def movie_resource(movie: Any, context: ResourceContext | None = None) -> dict[str, Any]:
    """A library Movie (or an unsaved one built from TMDB) as Radarr's MovieResource dict.

    Reads movie.files and movie.tags (prefetch them for lists, as library_movies() does:
    into file_list and tag_list, or under their own names); pass one
    ResourceContext to a batch so the cutoffs and the image base are worked out once.
    """
    context = context or ResourceContext()
    saved = movie.pk is not None
    files = _related(movie, "file_list", "files")
    tags = [tag.pk for tag in _related(movie, "tag_list", "tags")]
    first = files[0] if files else None
    movie_file = (
        movie_file_resource(movie, first, context.cutoff_met(movie, first.quality_id))
        if first
        else None
    )
    root = movie.root_folder.path if saved and movie.root_folder_id else None
    groups = sorted({f.release_group for f in files if f.release_group})
    return {
        "id": movie.pk or 0,
        "title": movie.title,
        "originalTitle": movie.original_title or movie.title,
        "originalLanguage": language(movie.original_language),
        "alternateTitles": [
            {"sourceType": "tmdb", "movieMetadataId": movie.pk or 0, "title": title}
            for title in movie.alternative_titles
        ],
        "sortTitle": movie.sort_title or services.sort_title(movie.title),
        "sizeOnDisk": movie.size_on_disk,
        "status": movie_status(movie, context.today),
        "overview": movie.overview,
        "inCinemas": iso_date(movie.in_cinemas),
        "physicalRelease": iso_date(movie.physical_release),
        "digitalRelease": iso_date(movie.digital_release),
        "releaseDate": iso_date(release_date(movie)),
        "images": _images(movie, context.image_base),
        "website": movie.website,
        "year": movie.year or 0,
        "youTubeTrailerId": "",
        "studio": movie.studio,
        "path": movie.path or None,
        "qualityProfileId": movie.quality_profile_id or 0,
        "hasFile": bool(files) if saved else False,
        "movieFileId": first.pk if first else 0,
        "monitored": movie.monitored if saved else False,
        "minimumAvailability": movie.minimum_availability,
        "isAvailable": movie.is_available(context.today),
        "folderName": os.path.basename(movie.path) if movie.path else None,
        "runtime": movie.runtime,
        "cleanTitle": movie.clean_title or services.clean_title(movie.title),
        "imdbId": movie.imdb_id or None,
        "tmdbId": movie.tmdb_id,
        "titleSlug": str(movie.tmdb_id),
        "rootFolderPath": root,
        "certification": movie.certification or None,
        "genres": list(movie.genres),
        "tags": tags,
        "added": iso_datetime(movie.added_at) if saved else NO_DATE,
        "ratings": {"tmdb": {"votes": movie.votes, "value": movie.rating or 0.0, "type": "user"}},
        "movieFile": movie_file,
        "collection": (
            {"title": movie.collection_name, "tmdbId": movie.collection_tmdb_id}
            if movie.collection_tmdb_id
            else None
        ),
        "popularity": movie.popularity,
        "statistics": {
            "movieFileCount": len(files),
            "sizeOnDisk": movie.size_on_disk,
            "releaseGroups": groups,
        },
    }


def movie_resources(movies: Any) -> list[dict[str, Any]]:
    """Many movies (a prefetched queryset or list) with one shared context."""
    context = ResourceContext()
    return [movie_resource(movie, context) for movie in movies]
