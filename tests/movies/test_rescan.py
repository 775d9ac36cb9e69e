"""Rescan of a movie's folder (Refresh & Scan): hand-placed videos are recorded with their
quality, vanished files are forgotten, and nothing on disk is touched."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from django.urls import reverse

from movies import services
from movies.file_import import movie_lock
from movies.models import Movie, MovieFile
from movies.rescan import rescan_library, rescan_movie_folder
from radarr_site import events
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db

NEW_FILE = "Heat.1995.1080p.BluRay.x264-FGT.mkv"


@pytest.fixture
def heat(root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    os.makedirs(movie.path)
    return movie


def place(folder: str, name: str, size: int = 1000) -> str:
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(b"x" * size)
    return path


def fresh(movie: Movie) -> Movie:
    return Movie.objects.get(pk=movie.pk)


def test_a_hand_placed_video_is_recorded_with_the_quality_its_name_says(heat):
    place(heat.path, NEW_FILE)

    result = rescan_movie_folder(heat)

    assert result.added == [NEW_FILE] and result.removed == [] and result.scanned
    row = MovieFile.objects.get(movie=heat)
    assert row.relative_path == NEW_FILE
    assert row.quality_id == 7  # Bluray-1080p
    assert row.release_group == "FGT"
    assert row.size == 1000
    assert row.media_info.get("video_codec") == "x264"


def test_a_found_file_sets_has_file_and_the_size_on_disk(heat):
    place(heat.path, NEW_FILE, size=2048)

    rescan_movie_folder(heat)

    movie = fresh(heat)
    assert movie.has_file is True
    assert movie.size_on_disk == 2048


def test_a_file_gone_from_disk_loses_its_row_and_the_movie_its_file(heat):
    MovieFile.objects.create(movie=heat, relative_path="Heat.1995.720p.mkv", size=500)
    assert fresh(heat).has_file

    result = rescan_movie_folder(heat)

    assert result.removed == ["Heat.1995.720p.mkv"]
    assert not MovieFile.objects.filter(movie=heat).exists()
    movie = fresh(heat)
    assert (movie.has_file, movie.size_on_disk) == (False, 0)


def test_a_removed_row_sends_no_file_deleted_event(heat):
    MovieFile.objects.create(movie=heat, relative_path="gone.mkv", size=500)
    sent = []

    def listener(**kwargs):
        sent.append(kwargs)

    events.movie_file_deleted.connect(listener)
    try:
        rescan_movie_folder(heat)
    finally:
        events.movie_file_deleted.disconnect(listener)

    assert sent == []


def test_a_file_already_recorded_is_kept_as_it_is(heat):
    place(heat.path, NEW_FILE)
    MovieFile.objects.create(movie=heat, relative_path=NEW_FILE, size=1000, quality_id=3)

    result = rescan_movie_folder(heat)

    assert (result.added, result.removed) == ([], [])
    assert MovieFile.objects.get(movie=heat).quality_id == 3


def test_a_sample_is_not_recorded(heat):
    place(heat.path, "Heat.1995.1080p.BluRay.x264-FGT-sample.mkv")
    place(heat.path, "Sample/heat.mkv")

    result = rescan_movie_folder(heat)

    assert result.added == []
    assert not MovieFile.objects.filter(movie=heat).exists()


def test_a_symlink_leading_outside_the_root_folder_is_skipped(heat, tmp_path):
    outside = place(str(tmp_path / "elsewhere"), "Other.Movie.2001.1080p.mkv")
    os.symlink(outside, os.path.join(heat.path, "Heat.1995.1080p.mkv"))

    result = rescan_movie_folder(heat)

    assert result.added == []
    assert any("links outside the root folder" in p for p in result.problems)
    assert not MovieFile.objects.filter(movie=heat).exists()


def test_a_missing_folder_changes_nothing_and_says_so(heat):
    os.rmdir(heat.path)
    MovieFile.objects.create(movie=heat, relative_path="Heat.mkv", size=500)

    result = rescan_movie_folder(heat)

    assert result.problems == [f"The folder {heat.path} does not exist."]
    assert (result.added, result.removed, result.scanned) == ([], [], False)
    assert MovieFile.objects.filter(movie=heat).count() == 1
    assert fresh(heat).has_file


def test_a_row_whose_file_cannot_be_checked_is_kept(heat, monkeypatch):
    MovieFile.objects.create(movie=heat, relative_path="Heat.mkv", size=500)
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path).endswith("Heat.mkv"):
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)

    result = rescan_movie_folder(heat)

    assert result.removed == []
    assert MovieFile.objects.filter(movie=heat).exists()
    assert result.problems == ["Cannot tell whether Heat.mkv is still there; kept."]


def test_the_scan_never_changes_the_files_on_disk(heat):
    place(heat.path, NEW_FILE)
    place(heat.path, "notes.txt")
    before = sorted(os.listdir(heat.path))

    rescan_movie_folder(heat)

    assert sorted(os.listdir(heat.path)) == before


def test_an_import_holding_the_movie_lock_makes_the_scan_wait_then_say_so(heat):
    place(heat.path, NEW_FILE)
    held, release = threading.Event(), threading.Event()

    def import_elsewhere() -> None:
        # Another worker's import: its own thread and database connection (PostgreSQL's
        # advisory lock is re-entrant within one session, so the test's own would not do).
        try:
            with movie_lock(heat.pk):
                held.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=import_elsewhere)
    worker.start()
    assert held.wait(10)
    try:
        result = rescan_movie_folder(heat, wait=0.1)
    finally:
        release.set()
        worker.join()

    assert result.added == [] and not result.scanned
    assert result.problems == ["An import of this movie is running; scan again when it ends."]
    assert not MovieFile.objects.filter(movie=heat).exists()


def test_the_library_rescan_skips_movies_on_an_unreachable_root_folder(heat, root_folder):
    from movies.models import RootFolder

    place(heat.path, NEW_FILE)
    gone_root = RootFolder.objects.create(path=os.path.join(root_folder.path, "..", "unmounted"))
    stranded = make_movie(gone_root, title="Alien", year=1979)
    MovieFile.objects.create(movie=stranded, relative_path="Alien.mkv", size=500)

    tally = rescan_library()

    assert (tally.scanned, tally.added, tally.removed) == (1, 1, 0)
    assert MovieFile.objects.filter(movie=stranded).exists()
    assert tally.summary() == "found 1 new file, 0 missing"


# --- The movie page's Refresh & scan button ---


def test_the_movie_page_offers_refresh_and_scan_to_admins(admin_client, heat):
    content = admin_client.get(reverse("movies:detail", args=[heat.pk])).content.decode()

    assert "Refresh &amp; scan" in content
    assert reverse("movies:refresh", args=[heat.pk]) in content


def test_refresh_and_scan_records_a_hand_placed_file_and_says_what_it_found(
    admin_client, heat, monkeypatch
):
    monkeypatch.setattr(services, "refresh_movie", lambda movie: movie)
    place(heat.path, NEW_FILE)

    response = admin_client.post(reverse("movies:refresh", args=[heat.pk]), follow=True)

    assert "Scanned the folder: found 1 new file, 0 missing." in response.content.decode()
    assert fresh(heat).has_file


def test_refresh_and_scan_still_scans_when_tmdb_fails(admin_client, heat, monkeypatch):
    from radarr_site.http import Unavailable

    def refresh_movie(movie):
        raise Unavailable("TMDB did not answer in time.")

    monkeypatch.setattr(services, "refresh_movie", refresh_movie)
    place(heat.path, NEW_FILE)

    response = admin_client.post(reverse("movies:refresh", args=[heat.pk]), follow=True)

    content = response.content.decode()
    assert "TMDB did not answer in time" in content
    assert "found 1 new file" in content
    assert fresh(heat).has_file


def test_refresh_and_scan_names_a_missing_folder(admin_client, heat, monkeypatch):
    monkeypatch.setattr(services, "refresh_movie", lambda movie: movie)
    os.rmdir(heat.path)

    response = admin_client.post(reverse("movies:refresh", args=[heat.pk]), follow=True)

    assert f"The folder {heat.path} does not exist." in response.content.decode()
