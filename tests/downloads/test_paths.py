"""Client paths (downloads.paths): remote mappings, and hostile names refused."""

from __future__ import annotations

import os

import pytest

from downloads.paths import (
    Mapping,
    UnsafePath,
    check_client_path,
    download_folder,
    inside,
    map_remote_path,
    video_files,
)


def _write(path, size: int = 1000) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return str(path)


def test_mapping_turns_a_remote_path_into_a_local_one():
    mappings = [Mapping("/downloads", "/mnt/nas/downloads")]
    assert (
        map_remote_path("/downloads/Heat/heat.mkv", mappings) == "/mnt/nas/downloads/Heat/heat.mkv"
    )


def test_longest_remote_prefix_wins():
    mappings = [Mapping("/data", "/a"), Mapping("/data/movies", "/b")]
    assert map_remote_path("/data/movies/Heat", mappings) == "/b/Heat"


def test_mapping_matches_whole_folder_names_only():
    assert map_remote_path("/downloads2/Heat", [Mapping("/downloads", "/x")]) == "/downloads2/Heat"


def test_windows_client_paths_are_mapped():
    mappings = [Mapping("D:\\Torrents", "/mnt/torrents")]
    assert (
        map_remote_path("D:\\Torrents\\Heat\\heat.mkv", mappings) == "/mnt/torrents/Heat/heat.mkv"
    )


def test_output_path_that_climbs_with_dot_dot_is_refused():
    with pytest.raises(UnsafePath, match=r"climbs out"):
        check_client_path("/downloads/complete/../../etc/passwd")


def test_relative_output_path_is_refused():
    with pytest.raises(UnsafePath, match="not absolute"):
        check_client_path("etc/passwd")


def test_an_absolute_name_outside_the_save_path_is_refused(tmp_path):
    save = tmp_path / "complete"
    save.mkdir()
    outside = _write(tmp_path / "etc" / "passwd.mkv")
    with pytest.raises(UnsafePath, match="outside the download folder"):
        video_files(download_folder(str(save)), outside)


def test_the_filesystem_root_cannot_be_the_download_folder():
    with pytest.raises(UnsafePath, match="cannot be a download folder"):
        download_folder("/")


def test_no_download_folder_is_refused_rather_than_guessed():
    with pytest.raises(UnsafePath, match="set Directory on the client"):
        download_folder("")


def test_a_system_folder_cannot_be_the_download_folder():
    with pytest.raises(UnsafePath, match="system folder"):
        download_folder("/etc/passwd")


def test_a_symlinked_file_leading_out_is_refused(tmp_path):
    secret = _write(tmp_path / "secret" / "movie.mkv")
    release = tmp_path / "complete" / "Heat.1995"
    release.mkdir(parents=True)
    os.symlink(secret, release / "heat.mkv")
    with pytest.raises(UnsafePath, match="outside the download folder"):
        video_files(str(tmp_path / "complete"), str(release))


def test_a_symlinked_folder_leading_out_is_refused(tmp_path):
    (tmp_path / "secret").mkdir()
    release = tmp_path / "complete" / "Heat.1995"
    _write(release / "heat.mkv")
    os.symlink(tmp_path / "secret", release / "extras-link")
    with pytest.raises(UnsafePath, match="outside the download folder"):
        video_files(str(tmp_path / "complete"), str(release))


def test_a_symlinked_output_folder_leading_out_is_refused(tmp_path):
    _write(tmp_path / "secret" / "movie.mkv")
    (tmp_path / "complete").mkdir()
    os.symlink(tmp_path / "secret", tmp_path / "complete" / "Heat.1995")
    with pytest.raises(UnsafePath):
        video_files(str(tmp_path / "complete"), str(tmp_path / "complete" / "Heat.1995"))


def test_a_symlink_inside_the_download_folder_is_followed(tmp_path):
    real = _write(tmp_path / "complete" / "store" / "heat.mkv")
    release = tmp_path / "complete" / "Heat.1995"
    release.mkdir()
    os.symlink(real, release / "heat.mkv")
    assert video_files(str(tmp_path / "complete"), str(release)).videos == [
        str(release / "heat.mkv")
    ]


def test_inside_returns_the_resolved_path(tmp_path):
    path = _write(tmp_path / "a" / "b.mkv")
    assert inside(str(tmp_path), str(tmp_path / "a" / ".." / "a" / "b.mkv")) == os.path.realpath(
        path
    )


def test_samples_and_extras_are_set_aside_and_the_movie_found(tmp_path):
    release = tmp_path / "Heat.1995.1080p.BluRay-GRP"
    _write(release / "heat.1995.1080p.bluray-grp.mkv", 5000)
    _write(release / "heat.1995.1080p.bluray-grp-sample.mkv", 100)
    _write(release / "Sample" / "heat.mkv", 100)
    _write(release / "Featurettes" / "making of.mkv", 3000)
    _write(release / "heat-trailer.mp4", 200)
    _write(release / "heat.nfo", 10)
    found = video_files(str(tmp_path), str(release))
    assert [os.path.basename(v) for v in found.videos] == ["heat.1995.1080p.bluray-grp.mkv"]
    assert len(found.skipped) == 4


def test_largest_video_comes_first(tmp_path):
    release = tmp_path / "Heat"
    _write(release / "a.mkv", 10)
    _write(release / "b.mkv", 20)
    assert [os.path.basename(v) for v in video_files(str(tmp_path), str(release)).videos] == [
        "b.mkv",
        "a.mkv",
    ]


def test_a_single_sample_file_is_skipped(tmp_path):
    path = _write(tmp_path / "heat.sample.mkv")
    found = video_files(str(tmp_path), path)
    assert (found.videos, found.skipped) == ([], ["heat.sample.mkv"])


def test_a_missing_output_path_is_reported(tmp_path):
    with pytest.raises(UnsafePath, match="does not exist"):
        video_files(str(tmp_path), str(tmp_path / "gone"))
