"""Rows as a real grab and import leave them: a tagged movie with TMDB metadata, its
imported file, the qBittorrent client and the Download that brought it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.movies.factories import make_movie

HASH = "0123456789abcdef0123456789abcdef01234567"
TITLE = "Heat.1995.1080p.BluRay.DTS.x264-FGT"


@pytest.fixture
def movie(seeded_qualities, root_folder):
    from movies.models import Tag

    return make_movie(
        root_folder,
        title="Heat",
        year=1995,
        tmdb_id=949,
        imdb_id="tt0113277",
        overview="Obsessive master thief Neil McCauley leads a top-notch crew.",
        genres=["Action", "Crime", "Drama"],
        original_language="en",
        in_cinemas=date(1995, 12, 15),
        digital_release=date(1999, 7, 27),
        physical_release=date(1996, 6, 4),
        poster_path="/umSVjVdbVwtx5ryCA2QXL44Durm.jpg",
        backdrop_path="/rfEXNlql4CafRmpFRbW8tYgtr7B.jpg",
        tags=[Tag.objects.create(label="kids"), Tag.objects.create(label="4k")],
        path=f"{root_folder.path}/Heat (1995)",
    )


@pytest.fixture
def movie_file(movie):
    from movies.models import MovieFile

    return MovieFile.objects.create(
        movie=movie,
        relative_path="Heat (1995) Bluray-1080p.mkv",
        size=12_884_901_888,
        quality_id=7,
        quality_version=2,
        release_group="FGT",
        scene_name=TITLE,
        languages=["english"],
        media_info={"video_codec": "x264", "audio_codec": "DTS", "hdr": []},
        date_added=datetime(2026, 11, 29, 21, 30, 5, tzinfo=UTC),
    )


@pytest.fixture
def download_client(db):
    from downloads.models import DownloadClient

    return DownloadClient.objects.create(
        kind="qbittorrent", name="qBit downstairs", base_url="http://127.0.0.1:8080"
    )


@pytest.fixture
def download(movie, download_client):
    from downloads.models import Download

    return Download.objects.create(
        movie=movie,
        client=download_client,
        protocol="torrent",
        download_id=HASH,
        source_title=TITLE,
        indexer="Torznab Local",
        quality_id=7,
        quality_version=1,
        format_score=25,
        size=12_884_901_888,
    )
