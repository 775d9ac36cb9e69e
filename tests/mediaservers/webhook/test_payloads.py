"""Radarr's webhook payloads, field by field, built from rows a real grab and import leave.

The key sets are Radarr's (Notifications/Webhook/*.cs, listed in the reference's
"Radarr webhook payload" section): a tool written for Radarr finds every field it reads.
"""

from __future__ import annotations

import json

import pytest

from mediaservers import payloads
from tests.mediaservers.webhook.conftest import HASH, TITLE

ENVELOPE = {"eventType", "instanceName", "applicationUrl"}
MOVIE_KEYS = {
    "id",
    "title",
    "year",
    "filePath",
    "releaseDate",
    "folderPath",
    "tmdbId",
    "imdbId",
    "overview",
    "genres",
    "images",
    "tags",
    "originalLanguage",
}
RELEASE_KEYS = {
    "quality",
    "qualityVersion",
    "releaseGroup",
    "releaseTitle",
    "indexer",
    "size",
    "customFormatScore",
    "customFormats",
    "languages",
    "indexerFlags",
}
MOVIE_FILE_KEYS = {
    "id",
    "relativePath",
    "path",
    "quality",
    "qualityVersion",
    "releaseGroup",
    "sceneName",
    "indexerFlags",
    "size",
    "dateAdded",
    "languages",
    "mediaInfo",
    "sourcePath",
    "recycleBinPath",
}
ENGLISH = {"id": 1, "name": "English"}


def round_trip(payload: dict) -> dict:
    return json.loads(json.dumps(payload))


def check_movie(obj: dict, movie, file_path: str | None = None) -> None:
    assert set(obj) == MOVIE_KEYS
    assert obj["id"] == movie.pk
    assert obj["title"] == "Heat"
    assert obj["year"] == 1995
    assert obj["filePath"] == file_path
    assert obj["releaseDate"] == "1996-06-04"  # the physical release, as Radarr sends
    assert obj["folderPath"] == movie.path
    assert obj["tmdbId"] == 949
    assert obj["imdbId"] == "tt0113277"
    assert obj["overview"].startswith("Obsessive master thief")
    assert obj["genres"] == ["Action", "Crime", "Drama"]
    assert obj["images"] == [
        {
            "coverType": "poster",
            "url": "https://image.tmdb.org/t/p/original/umSVjVdbVwtx5ryCA2QXL44Durm.jpg",
            "remoteUrl": "https://image.tmdb.org/t/p/original/umSVjVdbVwtx5ryCA2QXL44Durm.jpg",
        },
        {
            "coverType": "fanart",
            "url": "https://image.tmdb.org/t/p/original/rfEXNlql4CafRmpFRbW8tYgtr7B.jpg",
            "remoteUrl": "https://image.tmdb.org/t/p/original/rfEXNlql4CafRmpFRbW8tYgtr7B.jpg",
        },
    ]
    assert obj["tags"] == ["4k", "kids"]  # labels, sorted as Radarr sorts them
    assert obj["originalLanguage"] == ENGLISH


def check_imported_file(obj: dict, movie) -> None:
    assert set(obj) >= MOVIE_FILE_KEYS
    assert obj["relativePath"] == "Heat (1995) Bluray-1080p.mkv"
    assert obj["path"] == f"{movie.path}/Heat (1995) Bluray-1080p.mkv"
    assert obj["quality"] == "Bluray-1080p"
    assert obj["qualityVersion"] == 2
    assert obj["releaseGroup"] == "FGT"
    assert obj["sceneName"] == TITLE
    assert obj["indexerFlags"] == "0"
    assert obj["size"] == 12_884_901_888
    assert obj["dateAdded"] == "2026-11-29T21:30:05Z"
    assert obj["languages"] == [ENGLISH]
    assert obj["mediaInfo"]["videoCodec"] == "x264"
    assert obj["mediaInfo"]["audioCodec"] == "DTS"
    assert obj["mediaInfo"]["videoDynamicRange"] == ""


def test_every_payload_names_the_event_the_instance_and_its_address(movie):
    payload = payloads.movie_delete_payload(movie, files_deleted=False)
    assert {k: payload[k] for k in ENVELOPE} == {
        "eventType": "MovieDelete",
        "instanceName": "Radarr Site",
        "applicationUrl": "",
    }


def test_application_url_comes_from_the_app_url_setting(movie, settings):
    settings.APP_URL = "https://movies.example.org"
    assert payloads.movie_delete_payload(movie, False)["applicationUrl"] == (
        "https://movies.example.org"
    )


def test_test_payload_is_radarrs_sample_grab(db):
    payload = round_trip(payloads.test_payload())
    assert payload["eventType"] == "Test"
    assert payload["instanceName"] == "Radarr Site"
    assert set(payload["movie"]) == MOVIE_KEYS
    assert payload["movie"]["title"] == "Test Title"
    assert payload["movie"]["tags"] == ["test-tag"]
    assert payload["remoteMovie"] == {
        "tmdbId": 1234,
        "imdbId": "5678",
        "title": "Test title",
        "year": 1970,
    }
    assert set(payload["release"]) == RELEASE_KEYS
    assert payload["release"]["indexer"] == "Test Indexer"


def test_grab_payload_carries_the_movie_the_release_and_the_client(movie, download):
    from movies.models import CustomFormat

    CustomFormat.objects.create(
        name="x264",
        specifications=[
            {
                "name": "x264",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": r"\bx264\b"},
            }
        ],
    )
    x265 = [{"name": "x265", "implementation": "ReleaseTitleSpecification", "negate": False}]
    CustomFormat.objects.create(
        name="x265", specifications=[{**x265[0], "required": True, "fields": {"value": "x265"}}]
    )
    payload = round_trip(payloads.grab_payload(download))

    assert set(payload) == ENVELOPE | {
        "movie",
        "remoteMovie",
        "release",
        "downloadClient",
        "downloadClientType",
        "downloadId",
        "customFormatInfo",
    }
    assert payload["eventType"] == "Grab"
    check_movie(payload["movie"], movie)
    assert payload["remoteMovie"] == {
        "tmdbId": 949,
        "imdbId": "tt0113277",
        "title": "Heat",
        "year": 1995,
    }
    assert payload["release"] == {
        "quality": "Bluray-1080p",
        "qualityVersion": 1,
        "releaseGroup": "FGT",
        "releaseTitle": TITLE,
        "indexer": "Torznab Local",
        "size": 12_884_901_888,
        "customFormatScore": 25,
        "customFormats": ["x264"],
        "languages": [ENGLISH],
        "indexerFlags": [],
    }
    assert payload["downloadClient"] == "qBit downstairs"
    assert payload["downloadClientType"] == "qBittorrent"
    assert payload["downloadId"] == HASH.upper()
    x264_id = CustomFormat.objects.get(name="x264").pk
    assert payload["customFormatInfo"] == {
        "customFormats": [{"id": x264_id, "name": "x264"}],
        "customFormatScore": 25,
    }


def test_download_payload_carries_the_imported_file_and_what_it_replaced(
    movie, movie_file, download
):
    replaced = {
        "relative_path": "Heat.1995.720p.BluRay.x264-OLD.mkv",
        "path": f"{movie.path}/Heat.1995.720p.BluRay.x264-OLD.mkv",
        "quality_id": 6,
        "quality_version": 1,
        "size": 4_000_000_000,
        "release_group": "OLD",
        "scene_name": "Heat.1995.720p.BluRay.x264-OLD",
        "date_added": "2024-01-02T03:04:05+00:00",
        "recycle_bin_path": "/recycle/Heat (1995)/Heat.1995.720p.BluRay.x264-OLD.mkv",
    }
    payload = round_trip(
        payloads.download_payload(
            movie,
            movie_file,
            download,
            is_upgrade=True,
            deleted_files=[replaced],
            source_path=f"/downloads/{TITLE}/{TITLE}.mkv",
        )
    )

    assert payload["eventType"] == "Download"
    check_movie(payload["movie"], movie, f"{movie.path}/Heat (1995) Bluray-1080p.mkv")
    assert set(payload["movieFile"]) == MOVIE_FILE_KEYS
    check_imported_file(payload["movieFile"], movie)
    assert payload["movieFile"]["id"] == movie_file.pk
    assert payload["movieFile"]["sourcePath"] == f"/downloads/{TITLE}/{TITLE}.mkv"
    assert payload["movieFile"]["recycleBinPath"] is None
    assert payload["release"] == {
        "releaseTitle": TITLE,
        "indexer": "Torznab Local",
        "size": 12_884_901_888,
        "indexerFlags": [],
    }
    assert payload["isUpgrade"] is True
    assert payload["downloadClient"] == "qBit downstairs"
    assert payload["downloadClientType"] == "qBittorrent"
    assert payload["downloadId"] == HASH.upper()
    assert payload["customFormatInfo"] == {"customFormats": [], "customFormatScore": 25}
    [old] = payload["deletedFiles"]
    assert set(old) == MOVIE_FILE_KEYS
    assert old["relativePath"] == "Heat.1995.720p.BluRay.x264-OLD.mkv"
    assert old["quality"] == "Bluray-720p"
    assert old["releaseGroup"] == "OLD"
    assert old["dateAdded"] == "2024-01-02T03:04:05Z"
    assert old["recycleBinPath"] == "/recycle/Heat (1995)/Heat.1995.720p.BluRay.x264-OLD.mkv"


def test_manual_import_payload_has_no_release_and_no_client(movie, movie_file):
    payload = round_trip(payloads.download_payload(movie, movie_file))
    assert payload["release"] is None
    assert payload["isUpgrade"] is False
    assert payload["deletedFiles"] == []
    assert (payload["downloadClient"], payload["downloadClientType"], payload["downloadId"]) == (
        None,
        None,
        None,
    )


def test_rename_payload_lists_each_file_with_its_previous_path(movie, movie_file):
    old = "Heat.1995.1080p.BluRay.x264.DTS-FGT.mkv"
    payload = round_trip(payloads.rename_payload(movie, [(old, "Heat (1995) Bluray-1080p.mkv")]))
    assert payload["eventType"] == "Rename"
    assert set(payload) == ENVELOPE | {"movie", "renamedMovieFiles"}
    check_movie(payload["movie"], movie)
    [renamed] = payload["renamedMovieFiles"]
    assert set(renamed) == MOVIE_FILE_KEYS | {"previousRelativePath", "previousPath"}
    check_imported_file(renamed, movie)
    assert renamed["previousRelativePath"] == old
    assert renamed["previousPath"] == f"{movie.path}/{old}"


def test_rename_payload_reads_the_new_names_even_from_a_prefetched_movie(movie, movie_file):
    from movies.models import Movie, MovieFile

    old = "Heat (1995) Bluray-1080p.mkv"
    prefetched = Movie.objects.prefetch_related("files").get(pk=movie.pk)
    list(prefetched.files.all())  # the prefetch holds the name before the rename
    MovieFile.objects.filter(pk=movie_file.pk).update(relative_path="Heat (1995).mkv")
    payload = payloads.rename_payload(prefetched, [(old, "Heat (1995).mkv")])
    [renamed] = payload["renamedMovieFiles"]
    assert renamed["id"] == movie_file.pk
    assert renamed["size"] == movie_file.size


def test_movie_delete_payload_says_whether_files_went_and_their_size(movie):
    movie.size_on_disk = 12_884_901_888
    with_files = round_trip(payloads.movie_delete_payload(movie, files_deleted=True))
    without = round_trip(payloads.movie_delete_payload(movie, files_deleted=False))

    assert with_files["eventType"] == "MovieDelete"
    check_movie(with_files["movie"], movie)
    assert with_files["deletedFiles"] is True
    assert with_files["movieFolderSize"] == 12_884_901_888
    assert without["deletedFiles"] is False
    assert "movieFolderSize" not in without


def test_movie_file_delete_payload_carries_the_gone_file_and_the_reason(movie):
    gone = {
        "relative_path": "Heat (1995) Bluray-1080p.mkv",
        "path": f"{movie.path}/Heat (1995) Bluray-1080p.mkv",
        "quality_id": 7,
        "quality_version": 2,
        "size": 12_884_901_888,
        "release_group": "FGT",
        "scene_name": TITLE,
        "date_added": "2026-11-29T21:30:05+00:00",
    }
    payload = round_trip(payloads.movie_file_delete_payload(movie, gone, "manual"))
    assert payload["eventType"] == "MovieFileDelete"
    assert set(payload) == ENVELOPE | {"movie", "movieFile", "deleteReason"}
    check_movie(payload["movie"], movie, f"{movie.path}/Heat (1995) Bluray-1080p.mkv")
    assert set(payload["movieFile"]) == MOVIE_FILE_KEYS
    assert payload["movieFile"]["quality"] == "Bluray-1080p"
    assert payload["movieFile"]["dateAdded"] == "2026-11-29T21:30:05Z"
    assert payload["deleteReason"] == "manual"


@pytest.mark.parametrize("restored, event", [(False, "Health"), (True, "HealthRestored")])
def test_health_payload_says_level_message_source_and_link(db, restored, event):
    from radarr_site.health import HealthIssue

    issue = HealthIssue(
        source="IndexerStatusCheck",
        level="error",
        message="Indexers unavailable due to failures: Torznab Local",
        link="/system/status/",
    )
    payload = round_trip(payloads.health_payload(issue, restored=restored))
    assert payload == {
        "eventType": event,
        "instanceName": "Radarr Site",
        "applicationUrl": "",
        "level": "error",
        "message": "Indexers unavailable due to failures: Torznab Local",
        "type": "IndexerStatusCheck",
        "wikiUrl": "/system/status/",
    }


def test_a_naive_datetime_is_taken_as_utc():
    from datetime import datetime

    from mediaservers.payload_parts import iso_datetime

    assert iso_datetime(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05Z"


def test_an_unknown_language_is_radarrs_unknown():
    from mediaservers.payload_parts import language

    assert language("klingon") == {"id": 0, "name": "Unknown"}
    assert language("fr") == {"id": 2, "name": "French"}
