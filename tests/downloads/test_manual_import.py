"""Activity → Manual Import: files of a blocked download or a typed folder, imported by hand."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from downloads.models import Download, DownloadClient, History
from tests.movies.factories import make_movie

URL = reverse("activity:manual_import")
S = Download.State


@pytest.fixture
def complete(tmp_path):
    folder = tmp_path / "complete"
    folder.mkdir()
    return folder


@pytest.fixture
def client_row(db, complete):
    return DownloadClient.objects.create(
        kind="transmission",
        name="Transmission",
        base_url="http://127.0.0.1:1",
        options={"download_dir": str(complete)},
    )


@pytest.fixture
def heat(root_folder):
    return make_movie(root_folder, title="Heat", year=1995, tmdb_id=949)


@pytest.fixture
def blocked(client_row, complete):
    release = complete / "Hea7.1995.1080p.BluRay-GRP"
    release.mkdir()
    (release / "hea7.1995.1080p.bluray-grp.mkv").write_bytes(b"v" * 2048)
    return Download.objects.create(
        client=client_row,
        protocol="torrent",
        download_id="abc",
        source_title=release.name,
        quality_id=7,
        state=S.IMPORT_BLOCKED,
        status_message="Not matched to a movie: choose one in Manual Import.",
        output_path=str(release),
    )


def _file(blocked) -> str:
    return os.path.join(blocked.output_path, "hea7.1995.1080p.bluray-grp.mkv")


def test_page_lists_the_blocked_download_and_its_files(admin_client, blocked):
    response = admin_client.get(URL, {"download": blocked.pk})
    page = response.content.decode()
    assert "Not matched to a movie" in page
    assert "hea7.1995.1080p.bluray-grp.mkv" in page


def test_members_cannot_import(member_client, blocked):
    assert member_client.get(URL).status_code == 403


def test_importing_with_the_chosen_movie_and_quality(admin_client, blocked, heat):
    response = admin_client.post(
        URL, {"download": blocked.pk, "file": _file(blocked), "movie": heat.pk, "quality": "3"}
    )
    assert response.status_code == 302
    blocked.refresh_from_db()
    assert (blocked.state, blocked.movie_id) == (S.IMPORTED, heat.pk)
    file = heat.files.get()
    assert file.quality_id == 3
    assert os.path.isfile(os.path.join(heat.path, "Heat (1995) WEBDL-1080p.mkv"))
    assert History.objects.filter(download=blocked, event="imported").get().user is not None


def test_movie_can_be_given_by_tmdb_id(admin_client, blocked, heat):
    admin_client.post(
        URL, {"download": blocked.pk, "file": _file(blocked), "tmdb_id": "949", "quality": "7"}
    )
    assert heat.files.count() == 1


def test_a_file_not_in_the_listing_is_refused(admin_client, blocked, heat, tmp_path):
    other = tmp_path / "secret.mkv"
    other.write_bytes(b"s")
    response = admin_client.post(
        URL,
        {"download": blocked.pk, "file": str(other), "movie": heat.pk, "quality": "7"},
        follow=True,
    )
    assert "not in the listing" in response.content.decode()
    assert not heat.files.exists()


def test_missing_movie_is_asked_for(admin_client, blocked):
    response = admin_client.post(
        URL, {"download": blocked.pk, "file": _file(blocked), "quality": "7"}, follow=True
    )
    assert "Choose the movie and the quality" in response.content.decode()
    blocked.refresh_from_db()
    assert blocked.state == S.IMPORT_BLOCKED


def test_a_typed_folder_inside_a_download_folder_is_listed(admin_client, blocked):
    response = admin_client.get(URL, {"path": blocked.output_path})
    assert "hea7.1995.1080p.bluray-grp.mkv" in response.content.decode()


def test_a_typed_folder_outside_the_download_folders_is_refused(admin_client, client_row, tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "movie.mkv").write_bytes(b"x")
    response = admin_client.get(URL, {"path": str(outside)})
    assert "is not inside a download folder" in response.content.decode()
    assert "movie.mkv" not in response.content.decode()


def test_a_typed_path_climbing_out_is_refused(admin_client, client_row, complete):
    response = admin_client.get(URL, {"path": f"{complete}/../private"})
    assert "Enter an absolute path inside a download folder" in response.content.decode()


def test_importing_from_a_typed_folder(admin_client, blocked, heat):
    response = admin_client.post(
        URL,
        {"path": blocked.output_path, "file": _file(blocked), "movie": heat.pk, "quality": "7"},
    )
    assert response.status_code == 302
    assert heat.files.get().quality_id == 7
    blocked.refresh_from_db()
    assert blocked.state == S.IMPORT_BLOCKED  # the download itself was not named


def test_a_loose_file_imported_by_hand_is_recorded_in_history(admin_client, blocked, heat):
    admin_client.post(
        URL,
        {"path": blocked.output_path, "file": _file(blocked), "movie": heat.pk, "quality": "7"},
    )
    event = History.objects.get(event=History.Event.IMPORTED)
    assert (event.movie_id, event.download_id, event.quality_id) == (heat.pk, None, 7)
    assert event.source_title == "hea7.1995.1080p.bluray-grp.mkv"
    assert event.user is not None and event.message.startswith("Imported to ")


def test_a_download_already_imported_is_not_imported_again(admin_client, blocked, heat):
    Download.objects.filter(pk=blocked.pk).update(state=S.IMPORTED)
    response = admin_client.post(
        URL,
        {"download": blocked.pk, "file": _file(blocked), "movie": heat.pk, "quality": "7"},
        follow=True,
    )
    assert "not waiting for an import" in response.content.decode()
    assert not heat.files.exists()


def test_a_download_whose_import_died_can_be_imported_by_hand(admin_client, blocked, heat):
    from datetime import timedelta

    from django.utils import timezone

    Download.objects.filter(pk=blocked.pk).update(
        state=S.IMPORTING, import_started_at=timezone.now() - timedelta(hours=2)
    )
    admin_client.post(
        URL, {"download": blocked.pk, "file": _file(blocked), "movie": heat.pk, "quality": "3"}
    )
    blocked.refresh_from_db()
    assert blocked.state == S.IMPORTED


def test_a_download_being_imported_now_is_not_taken_by_manual_import(admin_client, blocked, heat):
    from django.utils import timezone

    Download.objects.filter(pk=blocked.pk).update(
        state=S.IMPORTING, import_started_at=timezone.now()
    )
    admin_client.post(
        URL, {"download": blocked.pk, "file": _file(blocked), "movie": heat.pk, "quality": "3"}
    )
    blocked.refresh_from_db()
    assert blocked.state == S.IMPORTING


def test_the_retry_address_of_a_typed_path_is_urlencoded(admin_client, blocked):
    path = os.path.join(os.path.dirname(blocked.output_path), "a&b=c #1")
    os.makedirs(path)
    response = admin_client.post(URL, {"path": path, "file": "/nope"})
    assert response.status_code == 302
    assert "a%26b%3Dc+%231" in response["Location"]


def _existing_bluray(heat):
    os.makedirs(heat.path)
    with open(os.path.join(heat.path, "Heat (1995) Bluray-1080p.mkv"), "wb") as old:
        old.write(b"o")
    return heat.files.create(relative_path="Heat (1995) Bluray-1080p.mkv", quality_id=7, size=1)


def test_a_worse_file_asks_for_confirmation_naming_the_replaced_file(admin_client, blocked, heat):
    _existing_bluray(heat)
    data = {"download": blocked.pk, "file": _file(blocked), "movie": heat.pk, "quality": "3"}

    response = admin_client.post(URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not an upgrade" in page
    assert "Import anyway (replaces the existing Bluray-1080p file)" in page
    assert heat.files.get().quality_id == 7
    blocked.refresh_from_db()
    assert blocked.state == S.IMPORT_BLOCKED


def test_a_confirmed_replacement_imports_and_records_the_replaced_file(admin_client, blocked, heat):
    _existing_bluray(heat)
    data = {"download": blocked.pk, "file": _file(blocked), "movie": heat.pk, "quality": "3"}

    response = admin_client.post(URL, data | {"replace": "1"})

    assert response.status_code == 302
    assert heat.files.get().quality_id == 3
    event = History.objects.get(event=History.Event.FILE_DELETED)
    assert "Bluray-1080p" in event.message and event.user is not None
