"""Rename files (movies.renaming and the movie page): preview, apply, the refusals and the
failures half-way, the files_renamed signal and its History row."""

from __future__ import annotations

import os

import pytest
from django.db import DatabaseError
from django.urls import reverse

from downloads.models import History
from movies import renaming
from movies.file_import import ImportFailed
from movies.models import MediaManagement, MovieFile
from movies.renaming import rename_files, rename_preview
from radarr_site import events
from tests.movies.factories import make_movie


@pytest.fixture
def movie(root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    os.makedirs(movie.path)
    return movie


def make_file(movie, relative: str, quality_id: int = 7, **fields) -> MovieFile:
    path = os.path.join(movie.path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(relative.encode())
    return MovieFile.objects.create(
        movie=movie, relative_path=relative, quality_id=quality_id, size=len(relative), **fields
    )


def on_disk(movie) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(top, name), movie.path)
        for top, _dirs, names in os.walk(movie.path)
        for name in names
    )


@pytest.fixture
def sent():
    """Every files_renamed signal sent during the test, as its keyword arguments."""
    calls: list[dict] = []

    def listen(sender, **kwargs):
        calls.append(kwargs)

    events.files_renamed.connect(listen, dispatch_uid="test_files_renamed")
    yield calls
    events.files_renamed.disconnect(dispatch_uid="test_files_renamed")


def test_preview_names_each_file_by_the_file_format(movie):
    row = make_file(movie, "heat.1995.1080p.bluray-sparks.mkv", release_group="SPARKS")
    plans = rename_preview(movie)
    assert [(p.file_id, p.current, p.new, p.problem) for p in plans] == [
        (row.pk, "heat.1995.1080p.bluray-sparks.mkv", "Heat (1995) Bluray-1080p.mkv", "")
    ]


def test_preview_uses_the_settings_file_format_and_the_rows_facts(movie):
    settings_row = MediaManagement.load()
    settings_row.standard_movie_format = (
        "{Movie.Title}.{Release Year}.{Quality Title}-{Release Group}"
    )
    settings_row.save()
    make_file(movie, "x.MKV", quality_id=3, release_group="NTb")
    assert [p.new for p in rename_preview(movie)] == ["Heat.1995.WEBDL-1080p-NTb.mkv"]


def test_preview_leaves_out_a_file_already_named_right(movie):
    make_file(movie, "Heat (1995) Bluray-1080p.mkv")
    assert rename_preview(movie) == []


def test_apply_renames_the_file_on_disk_and_its_row(movie):
    row = make_file(movie, "heat.1995.1080p.bluray-sparks.mkv")
    result = rename_files(movie)
    assert result.renamed == [("heat.1995.1080p.bluray-sparks.mkv", "Heat (1995) Bluray-1080p.mkv")]
    assert result.problems == []
    assert on_disk(movie) == ["Heat (1995) Bluray-1080p.mkv"]
    row.refresh_from_db()
    assert row.relative_path == "Heat (1995) Bluray-1080p.mkv"


def test_apply_keeps_the_content_of_the_renamed_file(movie):
    make_file(movie, "old.mkv")
    rename_files(movie)
    with open(os.path.join(movie.path, "Heat (1995) Bluray-1080p.mkv"), "rb") as handle:
        assert handle.read() == b"old.mkv"


def test_a_file_named_right_is_left_alone_and_nothing_is_sent(movie, sent):
    make_file(movie, "Heat (1995) Bluray-1080p.mkv")
    result = rename_files(movie)
    assert (result.renamed, result.problems) == ([], [])
    assert sent == []
    assert History.objects.count() == 0


def test_refuses_to_overwrite_another_file_in_the_folder(movie):
    row = make_file(movie, "old.mkv")
    with open(os.path.join(movie.path, "Heat (1995) Bluray-1080p.mkv"), "wb") as handle:
        handle.write(b"someone else's")
    plans = rename_preview(movie)
    assert "already in the movie folder" in plans[0].problem
    result = rename_files(movie)
    assert result.renamed == []
    assert "Heat (1995) Bluray-1080p.mkv is already in the movie folder" in result.problems[0]
    with open(os.path.join(movie.path, "Heat (1995) Bluray-1080p.mkv"), "rb") as handle:
        assert handle.read() == b"someone else's"
    row.refresh_from_db()
    assert row.relative_path == "old.mkv"


def test_two_files_that_would_take_one_name_rename_only_the_first(movie):
    make_file(movie, "a.mkv")
    second = make_file(movie, "b.mkv")
    result = rename_files(movie)
    assert result.renamed == [("a.mkv", "Heat (1995) Bluray-1080p.mkv")]
    assert result.problems == [
        "b.mkv: Another file of this movie would also be named Heat (1995) Bluray-1080p.mkv."
    ]
    second.refresh_from_db()
    assert second.relative_path == "b.mkv"
    assert on_disk(movie) == ["Heat (1995) Bluray-1080p.mkv", "b.mkv"]


def test_a_file_missing_from_disk_is_reported_and_its_row_kept(movie):
    row = make_file(movie, "gone.mkv")
    os.unlink(os.path.join(movie.path, "gone.mkv"))
    assert rename_preview(movie)[0].problem == f"Not on disk: {movie.path}/gone.mkv."
    result = rename_files(movie)
    assert result.renamed == []
    assert result.problems == [f"gone.mkv: Not on disk: {movie.path}/gone.mkv."]
    row.refresh_from_db()
    assert row.relative_path == "gone.mkv"


def test_a_rename_failing_on_the_second_file_leaves_disk_and_rows_in_step(movie, monkeypatch):
    make_file(movie, "a.mkv", quality_id=7)
    make_file(movie, "b.mkv", quality_id=3)
    real_rename, calls = os.rename, []

    def rename(old, new):
        calls.append(old)
        if len(calls) == 2:
            raise OSError(30, "Read-only file system")
        real_rename(old, new)

    monkeypatch.setattr(renaming.os, "rename", rename)
    result = rename_files(movie)
    assert result.renamed == [("a.mkv", "Heat (1995) Bluray-1080p.mkv")]
    assert result.problems == [
        "b.mkv: could not rename to Heat (1995) WEBDL-1080p.mkv: Read-only file system"
    ]
    rows = sorted(MovieFile.objects.filter(movie=movie).values_list("relative_path", flat=True))
    assert rows == on_disk(movie) == ["Heat (1995) Bluray-1080p.mkv", "b.mkv"]


def test_a_rename_the_library_cannot_record_is_put_back(movie, monkeypatch):
    row = make_file(movie, "old.mkv")

    def fail(plan):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(renaming, "_record", fail)
    result = rename_files(movie)
    assert result.renamed == []
    assert result.problems == ["old.mkv: not renamed, the library could not record it."]
    assert on_disk(movie) == ["old.mkv"]
    row.refresh_from_db()
    assert row.relative_path == "old.mkv"


def test_a_file_in_a_subfolder_moves_to_the_movie_folder_and_the_empty_subfolder_goes(movie):
    make_file(movie, "Heat.1995.1080p.BluRay-SPARKS/heat.mkv")
    rename_files(movie)
    assert sorted(os.listdir(movie.path)) == ["Heat (1995) Bluray-1080p.mkv"]


def test_only_the_files_asked_for_are_renamed(movie):
    make_file(movie, "a.mkv", quality_id=7)
    second = make_file(movie, "b.mkv", quality_id=3)
    result = rename_files(movie, {second.pk})
    assert result.renamed == [("b.mkv", "Heat (1995) WEBDL-1080p.mkv")]
    assert on_disk(movie) == ["Heat (1995) WEBDL-1080p.mkv", "a.mkv"]


def test_with_renaming_off_the_name_comes_from_the_imported_file(movie):
    MediaManagement.objects.update_or_create(pk=1, defaults={"rename_movies": False})
    make_file(movie, "Heat (1995) Bluray-1080p.mkv", original_path="/dl/Heat: 1995 x.MKV")
    assert [p.new for p in rename_preview(movie)] == ["Heat - 1995 x.mkv"]


def test_sends_files_renamed_with_the_movie_and_the_renamed_paths(movie, sent, admin_user):
    make_file(movie, "old.mkv")
    rename_files(movie, user=admin_user)
    assert sent == [
        {
            "signal": events.files_renamed,
            "movie": movie,
            "renamed": [("old.mkv", "Heat (1995) Bluray-1080p.mkv")],
            "user": admin_user,
        }
    ]


@pytest.fixture
def listener():
    """Connects one more files_renamed listener for the test."""

    def connect(function):
        events.files_renamed.connect(function, dispatch_uid="test_failing_listener")

    yield connect
    events.files_renamed.disconnect(dispatch_uid="test_failing_listener")


def test_a_listener_that_raises_leaves_the_renames_and_is_logged(movie, listener, caplog):
    row = make_file(movie, "old.mkv")

    def broken(sender, **kwargs):
        raise RuntimeError("listener bug")

    listener(broken)
    result = rename_files(movie)
    assert result.renamed == [("old.mkv", "Heat (1995) Bluray-1080p.mkv")]
    row.refresh_from_db()
    assert row.relative_path == "Heat (1995) Bluray-1080p.mkv"
    assert any("listener bug" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_listener_that_raises_does_not_break_the_apply_view(admin_client, movie, listener):
    row = make_file(movie, "old.mkv")

    def broken(sender, **kwargs):
        raise RuntimeError("listener bug")

    listener(broken)
    url = reverse("movies:rename_apply", args=[movie.pk])
    response = admin_client.post(url, {"selection": "1", "file": [row.pk]}, follow=True)
    assert "Renamed 1 file of Heat (1995)." in response.content.decode()
    assert on_disk(movie) == ["Heat (1995) Bluray-1080p.mkv"]


def test_history_records_each_rename_old_to_new(movie, admin_user):
    make_file(movie, "old.mkv", scene_name="Heat.1995.1080p.BluRay-SPARKS")
    rename_files(movie, user=admin_user)
    event = History.objects.get(event=History.Event.FILE_RENAMED)
    assert event.movie == movie
    assert event.message == "old.mkv → Heat (1995) Bluray-1080p.mkv"
    assert (event.source_title, event.quality_id, event.user) == (
        "Heat.1995.1080p.BluRay-SPARKS",
        7,
        admin_user,
    )


def test_preview_page_lists_the_renames(admin_client, movie):
    make_file(movie, "old.mkv")
    response = admin_client.get(reverse("movies:rename_preview", args=[movie.pk]))
    assert response.status_code == 200
    assert b"old.mkv" in response.content
    assert "Heat (1995) Bluray-1080p.mkv" in response.content.decode()


def test_preview_fragment_says_nothing_to_rename(admin_client, movie):
    make_file(movie, "Heat (1995) Bluray-1080p.mkv")
    response = admin_client.get(
        reverse("movies:rename_preview", args=[movie.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Nothing to rename" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_apply_view_renames_and_returns_to_the_movie(admin_client, movie):
    row = make_file(movie, "old.mkv")
    url = reverse("movies:rename_apply", args=[movie.pk])
    response = admin_client.post(url, {"selection": "1", "file": [row.pk]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("movies:detail", args=[movie.pk])
    assert "Renamed 1 file of Heat (1995)." in response.content.decode()
    assert on_disk(movie) == ["Heat (1995) Bluray-1080p.mkv"]


def test_apply_view_with_no_file_ticked_renames_nothing(admin_client, movie):
    make_file(movie, "old.mkv")
    url = reverse("movies:rename_apply", args=[movie.pk])
    response = admin_client.post(url, {"selection": "1"}, follow=True)
    assert "No file was ticked; nothing was renamed." in response.content.decode()
    assert on_disk(movie) == ["old.mkv"]


def test_apply_view_says_when_the_files_are_already_named_right(admin_client, movie):
    make_file(movie, "Heat (1995) Bluray-1080p.mkv")
    url = reverse("movies:rename_apply", args=[movie.pk])
    response = admin_client.post(url, follow=True)
    assert "Nothing to rename: the files of Heat (1995) are named right." in (
        response.content.decode()
    )


def test_apply_view_shows_what_was_not_renamed(admin_client, movie):
    make_file(movie, "gone.mkv")
    os.unlink(os.path.join(movie.path, "gone.mkv"))
    url = reverse("movies:rename_apply", args=[movie.pk])
    response = admin_client.post(url, follow=True)
    assert f"Not renamed: gone.mkv: Not on disk: {movie.path}/gone.mkv." in (
        response.content.decode()
    )


def test_movie_page_offers_rename_and_delete_to_admins(admin_client, movie, posters):
    row = make_file(movie, "old.mkv")
    page = admin_client.get(reverse("movies:detail", args=[movie.pk])).content.decode()
    assert reverse("movies:rename_preview", args=[movie.pk]) in page
    assert reverse("movies:file_delete", args=[movie.pk, row.pk]) in page


def test_movie_page_hides_the_file_actions_from_members(member_client, movie, posters):
    make_file(movie, "old.mkv")
    page = member_client.get(reverse("movies:detail", args=[movie.pk])).content.decode()
    assert "Rename files" not in page
    assert "Delete file" not in page


@pytest.mark.parametrize("name", ["movies:rename_preview", "movies:rename_apply"])
def test_members_may_not_rename(member_client, movie, name):
    make_file(movie, "old.mkv")
    url = reverse(name, args=[movie.pk])
    response = member_client.post(url) if name.endswith("apply") else member_client.get(url)
    assert response.status_code == 403
    assert on_disk(movie) == ["old.mkv"]


def test_a_movie_busy_with_an_import_is_not_renamed(movie, monkeypatch):
    make_file(movie, "old.mkv")

    def busy(movie_id, wait=None):
        raise ImportFailed("Another import of this movie is still running; try again when it ends.")

    monkeypatch.setattr(renaming, "movie_lock", busy)
    result = rename_files(movie)
    assert result.renamed == []
    assert result.problems == [
        "Another import of this movie is still running; try again when it ends."
    ]
    assert on_disk(movie) == ["old.mkv"]
