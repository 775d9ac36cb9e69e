"""Delete file (movies.file_delete and the movie page): with and without the recycle bin,
a file missing from disk, a failing disk, the movie_file_deleted signal and its History."""

from __future__ import annotations

import os

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from downloads.models import History
from movies import file_delete
from movies.file_delete import FileDeleteFailed, delete_movie_file
from movies.file_import import ImportFailed
from movies.models import MediaManagement, MovieFile
from radarr_site import events
from tests.movies.factories import make_movie

NAME = "Heat (1995) Bluray-1080p.mkv"


@pytest.fixture
def movie(root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    os.makedirs(movie.path)
    return movie


@pytest.fixture
def movie_file(movie):
    with open(os.path.join(movie.path, NAME), "wb") as handle:
        handle.write(b"v" * 100)
    return MovieFile.objects.create(
        movie=movie,
        relative_path=NAME,
        size=100,
        quality_id=7,
        quality_version=2,
        release_group="SPARKS",
        scene_name="Heat.1995.1080p.BluRay.PROPER-SPARKS",
    )


@pytest.fixture
def recycle_bin(tmp_path):
    folder = tmp_path / "recycle"
    MediaManagement.objects.update_or_create(pk=1, defaults={"recycle_bin": str(folder)})
    return folder


@pytest.fixture
def sent():
    """Every movie_file_deleted signal sent during the test, as its keyword arguments."""
    calls: list[dict] = []

    def listen(sender, **kwargs):
        calls.append(kwargs)

    events.movie_file_deleted.connect(listen, dispatch_uid="test_movie_file_deleted")
    yield calls
    events.movie_file_deleted.disconnect(dispatch_uid="test_movie_file_deleted")


def test_without_a_recycle_bin_the_file_is_deleted_from_disk(movie, movie_file):
    done = delete_movie_file(movie_file)
    assert os.listdir(movie.path) == []
    assert (done.on_disk, done.recycled) == (True, False)
    assert not MovieFile.objects.filter(pk=movie_file.pk).exists()


def test_with_a_recycle_bin_the_file_moves_there_under_its_movie_folder(
    movie, movie_file, recycle_bin
):
    done = delete_movie_file(movie_file)
    assert os.listdir(movie.path) == []
    assert (recycle_bin / "Heat" / NAME).read_bytes() == b"v" * 100
    assert done.recycled


def test_the_movie_no_longer_has_a_file(movie, movie_file):
    delete_movie_file(movie_file)
    movie.refresh_from_db()
    assert (movie.has_file, movie.size_on_disk) == (False, 0)


def test_a_file_missing_from_disk_only_loses_its_row(movie, movie_file):
    os.unlink(os.path.join(movie.path, NAME))
    done = delete_movie_file(movie_file)
    assert not done.on_disk
    assert not MovieFile.objects.filter(pk=movie_file.pk).exists()


def test_a_disk_that_refuses_keeps_the_file_and_its_row(movie, movie_file, monkeypatch, sent):
    def refuse(path, recycle_bin, movie_folder, name=""):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(file_delete, "_recycle", refuse)
    with pytest.raises(FileDeleteFailed, match="Permission denied; nothing was deleted"):
        delete_movie_file(movie_file)
    assert MovieFile.objects.filter(pk=movie_file.pk).exists()
    assert os.listdir(movie.path) == [NAME]
    assert sent == []


def test_a_path_outside_the_movie_folder_is_refused(movie, movie_file, root_folder):
    outside = os.path.join(root_folder.path, "Other.mkv")
    with open(outside, "wb") as handle:
        handle.write(b"x")
    MovieFile.objects.filter(pk=movie_file.pk).update(relative_path="../Other.mkv")
    movie_file.refresh_from_db()
    with pytest.raises(FileDeleteFailed, match="outside the movie folder"):
        delete_movie_file(movie_file)
    assert os.path.isfile(outside)


def test_sends_movie_file_deleted_with_the_files_facts(movie, movie_file, sent, admin_user):
    delete_movie_file(movie_file, user=admin_user)
    assert len(sent) == 1
    assert sent[0]["movie"] == movie
    assert sent[0]["reason"] == "manual"
    assert sent[0]["user"] == admin_user
    assert sent[0]["movie_file"] == {
        "id": movie_file.pk,
        "relative_path": NAME,
        "path": os.path.join(movie.path, NAME),
        "quality_id": 7,
        "quality_version": 2,
        "size": 100,
        "release_group": "SPARKS",
        "scene_name": "Heat.1995.1080p.BluRay.PROPER-SPARKS",
        "date_added": movie_file.date_added,
        "languages": [],
        "media_info": {},
    }


def test_the_signal_sees_the_movie_without_its_file(movie, movie_file, sent):
    delete_movie_file(movie_file)
    assert sent[0]["movie"].has_file is False


@pytest.fixture
def listener():
    """Connects one more movie_file_deleted listener for the test."""

    def connect(function):
        events.movie_file_deleted.connect(function, dispatch_uid="test_failing_listener")

    yield connect
    events.movie_file_deleted.disconnect(dispatch_uid="test_failing_listener")


def test_a_listener_that_raises_leaves_the_file_deleted_and_is_logged(
    movie, movie_file, listener, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("listener bug")

    listener(broken)
    done = delete_movie_file(movie_file)
    assert done.on_disk and os.listdir(movie.path) == []
    assert not MovieFile.objects.filter(pk=movie_file.pk).exists()
    assert any("listener bug" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_listener_that_marks_the_transaction_for_rollback_keeps_the_row_deleted(
    movie, movie_file, listener
):
    def rolls_back(sender, **kwargs):
        transaction.set_rollback(True)

    listener(rolls_back)
    delete_movie_file(movie_file)
    assert not MovieFile.objects.filter(pk=movie_file.pk).exists()
    movie.refresh_from_db()
    assert movie.has_file is False


def test_a_listeners_database_error_breaking_its_savepoint_keeps_the_row_deleted(
    movie, movie_file, listener, monkeypatch, caplog
):
    real_commit = connection.savepoint_commit
    broken = []

    def fails_statement(sender, **kwargs):
        broken.append(True)  # the next savepoint release is the listeners' one

    def release(sid):
        # PostgreSQL refuses to release a savepoint after a failed statement in it.
        if broken and broken.pop():
            raise DatabaseError("current transaction is aborted")
        return real_commit(sid)

    listener(fails_statement)
    monkeypatch.setattr(connection, "savepoint_commit", release)
    delete_movie_file(movie_file)
    monkeypatch.undo()
    assert not MovieFile.objects.filter(pk=movie_file.pk).exists()
    assert "could not be kept" in caplog.text


def test_history_records_the_deleted_file_and_why(movie, movie_file, admin_user):
    delete_movie_file(movie_file, user=admin_user)
    event = History.objects.get(event=History.Event.FILE_DELETED)
    assert event.movie == movie
    assert event.message == f"Deleted by hand: {movie.path}/{NAME}"
    assert (event.source_title, event.quality_id, event.user) == (
        "Heat.1995.1080p.BluRay.PROPER-SPARKS",
        7,
        admin_user,
    )
    assert event.data["reason"] == "manual"


def test_confirm_page_says_where_the_file_goes(admin_client, movie, movie_file, recycle_bin):
    url = reverse("movies:file_delete", args=[movie.pk, movie_file.pk])
    page = admin_client.get(url).content.decode()
    assert f"It goes to the recycle bin <code>{recycle_bin}</code>" in page
    assert os.listdir(movie.path) == [NAME]


def test_delete_view_deletes_and_returns_to_the_movie(admin_client, movie, movie_file):
    url = reverse("movies:file_delete", args=[movie.pk, movie_file.pk])
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("movies:detail", args=[movie.pk])
    assert f"{NAME}: deleted from disk." in response.content.decode()
    assert os.listdir(movie.path) == []


def test_delete_view_shows_why_nothing_was_deleted(admin_client, movie, movie_file, monkeypatch):
    def refuse(path, recycle_bin, movie_folder, name=""):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(file_delete, "_recycle", refuse)
    url = reverse("movies:file_delete", args=[movie.pk, movie_file.pk])
    response = admin_client.post(url)
    assert response.status_code == 200
    assert "Permission denied; nothing was deleted" in response.content.decode()


def test_a_file_of_another_movie_is_not_found(admin_client, movie, movie_file, root_folder):
    other = make_movie(root_folder, title="Ronin", year=1998)
    url = reverse("movies:file_delete", args=[other.pk, movie_file.pk])
    assert admin_client.post(url).status_code == 404
    assert os.listdir(movie.path) == [NAME]


@pytest.mark.parametrize("method", ["get", "post"])
def test_members_may_not_delete_a_file(member_client, movie, movie_file, method):
    url = reverse("movies:file_delete", args=[movie.pk, movie_file.pk])
    assert getattr(member_client, method)(url).status_code == 403
    assert os.listdir(movie.path) == [NAME]
    assert MovieFile.objects.filter(pk=movie_file.pk).exists()


def test_a_movie_busy_with_an_import_keeps_its_file(movie, movie_file, monkeypatch):
    def busy(movie_id, wait=None):
        raise ImportFailed("Another import of this movie is still running; try again when it ends.")

    monkeypatch.setattr(file_delete, "movie_lock", busy)
    with pytest.raises(FileDeleteFailed, match="Another import of this movie is still running"):
        delete_movie_file(movie_file)
    assert os.listdir(movie.path) == [NAME]
    assert MovieFile.objects.filter(pk=movie_file.pk).exists()


def test_history_says_another_senders_reason_in_words(movie):
    facts = {"relative_path": NAME, "path": f"{movie.path}/{NAME}", "quality_id": 7}
    events.movie_file_deleted.send(
        sender=MovieFile, movie=movie, movie_file=facts, reason="missingFromDisk"
    )
    event = History.objects.get(event=History.Event.FILE_DELETED)
    assert event.message == f"Missing from disk: {movie.path}/{NAME}"
    assert event.source_title == NAME
