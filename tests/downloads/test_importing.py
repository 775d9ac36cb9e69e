"""Completed download handling (downloads.importing.import_completed) on real files."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from downloads import importing
from downloads.importing import download_folders, import_completed, import_manual
from downloads.models import Download, DownloadClient, History, RemotePathMapping
from movies.models import MediaManagement
from movies.services import ImportFailed
from tests.movies.factories import make_movie

S = Download.State


@pytest.fixture
def client_row(db):
    return DownloadClient.objects.create(
        kind="qbittorrent", name="qBit", base_url="http://127.0.0.1:1"
    )


@pytest.fixture
def heat(root_folder):
    return make_movie(root_folder, title="Heat", year=1995, tmdb_id=949)


@pytest.fixture
def complete(tmp_path):
    folder = tmp_path / "complete"
    folder.mkdir()
    return folder


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def _release(complete, name="Heat.1995.1080p.BluRay.x264-GRP", files=None):
    folder = complete / name
    for relative, size in (files or {f"{name}.mkv": 4096}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(b"v" * size)
    return folder


def _download(client_row, movie, output, protocol="torrent", title=None, save_path=None, **fields):
    """A download claimed for import; its folder in the client is the one holding the
    output unless the test says otherwise."""
    values = {
        "movie": movie,
        "client": client_row,
        "protocol": protocol,
        "download_id": f"id-{output}",
        "source_title": title or os.path.basename(str(output)),
        "quality_id": 7,
        "state": S.IMPORTING,
        "output_path": str(output),
        "save_path": os.path.dirname(str(output)) if save_path is None else save_path,
    }
    return Download.objects.create(**(values | fields))


def test_completed_torrent_is_hardlinked_renamed_and_recorded(client_row, heat, complete):
    release = _release(complete)
    download = _download(client_row, heat, release)

    result = import_completed(download)

    assert result.imported, result.reason
    target = os.path.join(heat.path, "Heat (1995) Bluray-1080p.mkv")
    assert result.paths == [target]
    source = release / "Heat.1995.1080p.BluRay.x264-GRP.mkv"
    assert os.stat(target).st_ino == os.stat(source).st_ino
    download.refresh_from_db()
    assert download.state == S.IMPORTED and download.imported_at is not None
    file = heat.files.get()
    assert (file.quality_id, file.release_group, file.scene_name) == (7, "GRP", release.name)
    assert History.objects.filter(download=download, event=History.Event.IMPORTED).exists()


def test_torrent_is_copied_when_hardlinks_are_off(client_row, heat, complete):
    MediaManagement.objects.update_or_create(pk=1, defaults={"use_hardlinks": False})
    release = _release(complete)
    import_completed(_download(client_row, heat, release))
    target = os.path.join(heat.path, "Heat (1995) Bluray-1080p.mkv")
    assert os.stat(target).st_ino != os.stat(release / f"{release.name}.mkv").st_ino


def test_usenet_download_is_moved(client_row, heat, complete):
    release = _release(complete)
    import_completed(_download(client_row, heat, release, protocol="usenet"))
    assert not (release / f"{release.name}.mkv").exists()
    assert heat.files.count() == 1


def test_file_is_named_with_the_users_format(client_row, heat, complete):
    MediaManagement.objects.update_or_create(
        pk=1, defaults={"standard_movie_format": "{Movie.Title}.{Release.Year}-{Release Group}"}
    )
    result = import_completed(_download(client_row, heat, _release(complete)))
    assert os.path.basename(result.paths[0]) == "Heat.1995-GRP.mkv"


def test_original_name_is_kept_when_renaming_is_off(client_row, heat, complete):
    MediaManagement.objects.update_or_create(pk=1, defaults={"rename_movies": False})
    result = import_completed(_download(client_row, heat, _release(complete)))
    assert os.path.basename(result.paths[0]) == "Heat.1995.1080p.BluRay.x264-GRP.mkv"


def test_remote_path_mapping_finds_the_file(client_row, heat, complete):
    RemotePathMapping.objects.create(
        client=client_row, remote_path="/downloads/complete", local_path=str(complete)
    )
    _release(complete)
    download = _download(client_row, heat, "/downloads/complete/Heat.1995.1080p.BluRay.x264-GRP")
    assert import_completed(download).imported


def test_file_of_another_movie_is_blocked_with_the_reason(client_row, heat, complete):
    release = _release(complete, "Ronin.1998.1080p.BluRay.x264-GRP")
    download = _download(client_row, heat, release)
    result = import_completed(download)
    assert not result.imported and "names another movie" in result.reason
    download.refresh_from_db()
    assert download.state == S.IMPORT_BLOCKED and "Ronin" in download.status_message
    assert not heat.files.exists()
    assert History.objects.filter(download=download, event=History.Event.IMPORT_FAILED).exists()


def test_obfuscated_file_name_is_trusted_by_its_release_title(client_row, heat, complete):
    release = _release(complete, "Heat.1995.1080p.BluRay.x264-GRP", {"a1b2c3d4e5f6.mkv": 4096})
    assert import_completed(_download(client_row, heat, release)).imported


def test_only_a_sample_is_blocked(client_row, heat, complete):
    release = _release(complete, files={"heat-sample.mkv": 100, "heat.nfo": 10})
    result = import_completed(_download(client_row, heat, release))
    assert not result.imported and "Only samples" in result.reason


def test_no_video_file_is_blocked(client_row, heat, complete):
    release = _release(complete, files={"heat.rar": 100})
    result = import_completed(_download(client_row, heat, release))
    assert "No video file" in result.reason


def test_not_an_upgrade_is_blocked(client_row, heat, complete):
    os.makedirs(heat.path)
    (open(os.path.join(heat.path, "Heat.mkv"), "wb")).close()
    heat.files.create(relative_path="Heat.mkv", quality_id=31, size=0)  # Remux-2160p
    result = import_completed(_download(client_row, heat, _release(complete)))
    assert not result.imported and result.reason.startswith("Not an upgrade")
    assert heat.files.get().quality_id == 31


def test_better_quality_replaces_the_existing_file(client_row, heat, complete):
    os.makedirs(heat.path)
    with open(os.path.join(heat.path, "Heat WEBDL.mkv"), "wb") as old:
        old.write(b"o")
    heat.files.create(relative_path="Heat WEBDL.mkv", quality_id=5, size=1)  # WEBDL-720p
    assert import_completed(_download(client_row, heat, _release(complete))).imported
    assert list(heat.files.values_list("quality_id", flat=True)) == [7]
    assert os.listdir(heat.path) == ["Heat (1995) Bluray-1080p.mkv"]


def test_output_path_climbing_out_is_refused(client_row, heat, complete):
    download = _download(client_row, heat, f"{complete}/../../etc/passwd")
    result = import_completed(download)
    assert not result.imported and result.reason.startswith("Refused:")
    assert not heat.files.exists()


def test_absolute_torrent_name_outside_the_client_folder_is_refused(
    client_row, heat, complete, tmp_path
):
    client_row.options = {"download_dir": str(complete)}
    client_row.save()
    elsewhere = _release(tmp_path / "outside", "Heat.1995.1080p.BluRay.x264-GRP")
    result = import_completed(_download(client_row, heat, elsewhere, save_path=""))
    assert "outside the download folder" in result.reason


def test_symlink_out_of_the_download_folder_is_refused(client_row, heat, complete, tmp_path):
    secret = tmp_path / "secret.mkv"
    secret.write_bytes(b"s" * 4096)
    release = complete / "Heat.1995.1080p.BluRay.x264-GRP"
    release.mkdir()
    os.symlink(secret, release / "Heat.1995.1080p.BluRay.x264-GRP.mkv")
    result = import_completed(_download(client_row, heat, release))
    assert "outside the download folder" in result.reason
    assert not heat.files.exists()


def test_download_without_a_movie_is_blocked(client_row, complete):
    download = _download(client_row, None, _release(complete))
    assert "Not matched to a movie" in import_completed(download).reason


def test_importing_again_after_a_crash_imports_once(client_row, heat, complete):
    release = _release(complete)
    download = _download(client_row, heat, release)
    import_completed(download)
    Download.objects.filter(pk=download.pk).update(state=S.IMPORTING)  # as if the worker died
    download.refresh_from_db()
    result = import_completed(download)
    assert result.imported, result.reason
    assert heat.files.count() == 1
    assert os.listdir(heat.path) == ["Heat (1995) Bluray-1080p.mkv"]


def test_a_proper_of_the_same_quality_replaces_the_file(client_row, heat, complete):
    os.makedirs(heat.path)
    with open(os.path.join(heat.path, "Heat.mkv"), "wb") as old:
        old.write(b"o")
    heat.files.create(relative_path="Heat.mkv", quality_id=7, size=1)
    release = _release(complete, "Heat.1995.PROPER.1080p.BluRay.x264-GRP")
    assert import_completed(_download(client_row, heat, release)).imported
    assert heat.files.get().quality_version == 2


def test_the_same_quality_and_revision_is_not_an_upgrade(client_row, heat, complete):
    os.makedirs(heat.path)
    with open(os.path.join(heat.path, "Heat.mkv"), "wb") as old:
        old.write(b"o")
    heat.files.create(relative_path="Heat.mkv", quality_id=7, size=1)
    result = import_completed(_download(client_row, heat, _release(complete)))
    assert "format score" in result.reason


# --- the download folder that bounds an import ---


def test_a_download_whose_client_named_no_folder_is_refused(client_row, heat, complete):
    download = _download(client_row, heat, _release(complete), save_path="")
    result = import_completed(download)
    assert not result.imported
    assert "did not say where it downloads; set Directory on the client" in result.reason
    download.refresh_from_db()
    assert download.state == S.IMPORT_BLOCKED and "set Directory" in download.status_message
    assert not heat.files.exists()


def test_an_absolute_output_outside_the_items_save_path_is_refused(
    client_row, heat, complete, outside
):
    elsewhere = _release(outside)  # a torrent named with an absolute path
    result = import_completed(_download(client_row, heat, elsewhere, save_path=str(complete)))
    assert not result.imported and "outside the download folder" in result.reason
    assert not heat.files.exists()


def test_the_items_save_path_is_mapped_through_remote_path_mappings(client_row, heat, complete):
    RemotePathMapping.objects.create(
        client=client_row, remote_path="/downloads/complete", local_path=str(complete)
    )
    _release(complete)
    download = _download(
        client_row,
        heat,
        "/downloads/complete/Heat.1995.1080p.BluRay.x264-GRP",
        save_path="/downloads/complete",
    )
    assert import_completed(download).imported


def test_the_clients_directory_bounds_an_item_without_a_save_path(client_row, heat, complete):
    client_row.options = {"download_dir": str(complete)}
    client_row.save()
    download = _download(client_row, heat, _release(complete), save_path="")
    assert import_completed(download).imported


def test_an_output_path_that_is_the_download_folder_itself_is_refused(client_row, heat, complete):
    _release(complete)  # every download in the folder would be a candidate
    result = import_completed(_download(client_row, heat, complete, save_path=str(complete)))
    assert not result.imported and "download folder" in result.reason
    assert not heat.files.exists()


def test_manual_import_browses_only_the_folders_that_bound_imports(
    client_row, heat, complete, outside
):
    RemotePathMapping.objects.create(
        client=client_row, remote_path="/remote/all", local_path=str(outside)
    )
    _download(client_row, heat, _release(outside), save_path="", state=S.IMPORT_BLOCKED)
    held = complete / "held"
    _download(client_row, None, _release(held), save_path=str(held), download_id="second")
    assert download_folders() == [str(held)]


def test_a_manual_import_claim_records_when_the_import_started(client_row, heat, complete):
    download = _download(client_row, heat, _release(complete), state=S.IMPORT_BLOCKED)
    seen = {}

    def spy(*args, **kwargs):
        seen["started"] = Download.objects.get(pk=download.pk).import_started_at
        raise ImportFailed("stop here")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("downloads.importing.import_path", spy)
        import_manual(download, heat, "/x.mkv", 7)
    assert seen["started"] is not None  # the poller takes a claim without one for dead


def test_import_handling_reaches_the_movies_app_through_its_services_only():
    source = Path(importing.__file__).read_text()
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {m for m in imported if m.startswith("movies.") and m != "movies.services"}


def test_a_regrab_of_an_imported_release_at_equal_quality_is_not_an_upgrade(
    client_row, heat, complete
):
    release = _release(complete)
    assert import_completed(_download(client_row, heat, release)).imported
    again = _download(client_row, heat, release, download_id="second-grab")

    result = import_completed(again)

    assert not result.imported and result.reason.startswith("Not an upgrade")
    assert again.state == S.IMPORT_BLOCKED


def test_replacing_a_file_records_a_file_deleted_event_naming_it(client_row, heat, complete):
    os.makedirs(heat.path)
    with open(os.path.join(heat.path, "Heat WEBDL.mkv"), "wb") as old:
        old.write(b"o")
    heat.files.create(relative_path="Heat WEBDL.mkv", quality_id=5, size=1)  # WEBDL-720p

    assert import_completed(_download(client_row, heat, _release(complete))).imported

    event = History.objects.get(event=History.Event.FILE_DELETED)
    assert "Heat WEBDL.mkv" in event.message and "WEBDL-720p" in event.message


def test_a_usenet_move_removes_the_emptied_job_folder(client_row, heat, complete):
    release = _release(complete)
    import_completed(_download(client_row, heat, release, protocol="usenet"))
    assert not release.exists()
    assert complete.exists()


def test_a_usenet_move_keeps_a_job_folder_that_still_holds_files(client_row, heat, complete):
    release = _release(complete)
    (release / "readme.nfo").write_text("x")
    import_completed(_download(client_row, heat, release, protocol="usenet"))
    assert (release / "readme.nfo").exists()
