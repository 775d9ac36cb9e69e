"""The disk walk: which folders and files a library scan sees (real folders, no database)."""

from __future__ import annotations

import os

from movies.imports.scan import LOOSE_FILE_REASON, is_sample, scan_root_folder
from tests.imports.conftest import GB, MB, make_file


def folder_named(result, name):
    return next(f for f in result.folders if f.name == name)


def test_lists_each_immediate_sub_folder_as_a_movie_folder(root_dir):
    for name in ("The Matrix (1999)", "Heat (1995) {tmdb-949}", "Heat.1995.1080p.BluRay-GRP"):
        make_file(root_dir / name / "movie.mkv", GB)

    names = [f.name for f in scan_root_folder(str(root_dir)).folders]

    assert names == ["Heat (1995) {tmdb-949}", "Heat.1995.1080p.BluRay-GRP", "The Matrix (1999)"]


def test_the_largest_video_is_the_main_file(root_dir):
    make_file(root_dir / "Alien (1979)" / "Alien.1979.720p.mkv", 2 * GB)
    make_file(root_dir / "Alien (1979)" / "Alien.1979.1080p.mkv", 5 * GB)

    folder = folder_named(scan_root_folder(str(root_dir)), "Alien (1979)")

    assert folder.main_file.relative_path == "Alien.1979.1080p.mkv"
    assert len(folder.videos) == 2 and folder.size == 7 * GB


def test_ignores_files_that_are_not_videos(root_dir):
    folder = root_dir / "Up (2009)"
    for name in ("Up.2009.nfo", "poster.jpg", "Up.2009.en.srt", "Up.2009.mkv.part"):
        make_file(folder / name, 10 * MB)

    assert folder_named(scan_root_folder(str(root_dir)), "Up (2009)").videos == []


def test_finds_radarr_video_extensions_in_any_case(root_dir):
    for name in ("a.MKV", "b.mp4", "c.avi", "d.m2ts", "e.iso", "f.webm", "g.ts"):
        make_file(root_dir / "Up (2009)" / name, MB)

    videos = folder_named(scan_root_folder(str(root_dir)), "Up (2009)").videos

    assert len(videos) == 7


def test_ignores_extras_folders_inside_a_movie_folder(root_dir):
    movie = root_dir / "Inception (2010)"
    make_file(movie / "Inception.2010.mkv", 4 * GB)
    for extras in ("Extras", "Featurettes", "Behind The Scenes", "Deleted Scenes", "Trailers"):
        make_file(movie / extras / "big.mkv", 8 * GB)

    folder = folder_named(scan_root_folder(str(root_dir)), "Inception (2010)")

    assert [v.relative_path for v in folder.videos] == ["Inception.2010.mkv"]


def test_keeps_videos_in_an_ordinary_sub_folder(root_dir):
    make_file(root_dir / "Inception (2010)" / "CD1" / "Inception.cd1.avi", GB)

    folder = folder_named(scan_root_folder(str(root_dir)), "Inception (2010)")

    assert folder.main_file.relative_path == os.path.join("CD1", "Inception.cd1.avi")


def test_ignores_small_samples(root_dir):
    movie = root_dir / "Heat (1995)"
    make_file(movie / "Heat.1995.1080p.BluRay.x264-GRP.mkv", 8 * GB)
    make_file(movie / "heat.1995.1080p.bluray.x264-grp-sample.mkv", 60 * MB)
    make_file(movie / "Sample" / "heat-sample.mkv", 60 * MB)

    folder = folder_named(scan_root_folder(str(root_dir)), "Heat (1995)")

    assert [v.relative_path for v in folder.videos] == ["Heat.1995.1080p.BluRay.x264-GRP.mkv"]


def test_sample_is_a_word_and_small():
    assert is_sample("movie-sample.mkv", 50 * MB)
    assert not is_sample("movie-sample.mkv", 4 * GB)  # too big to be a sample
    assert not is_sample("Samples.of.Life.2010.mkv", 50 * MB)  # part of another word


def test_a_folder_with_only_a_sample_has_no_video(root_dir):
    make_file(root_dir / "Heat (1995)" / "sample.mkv", 30 * MB)

    assert folder_named(scan_root_folder(str(root_dir)), "Heat (1995)").main_file is None


def test_loose_videos_in_the_root_folder_are_listed_apart(root_dir):
    make_file(root_dir / "The.Matrix.1999.1080p.mkv", 3 * GB)
    make_file(root_dir / "notes.txt", 10)

    result = scan_root_folder(str(root_dir))

    assert [f.relative_path for f in result.loose_files] == ["The.Matrix.1999.1080p.mkv"]
    assert result.folders == []
    assert "move each into its own folder" in LOOSE_FILE_REASON


def test_skips_hidden_and_system_folders_at_the_top(root_dir):
    for name in (".grab", "@eaDir", "lost+found", "$RECYCLE.BIN", "Extras"):
        make_file(root_dir / name / "x.mkv", GB)
    make_file(root_dir / "Up (2009)" / "Up.mkv", GB)

    assert [f.name for f in scan_root_folder(str(root_dir)).folders] == ["Up (2009)"]


def test_does_not_follow_a_link_inside_a_movie_folder(root_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    make_file(elsewhere / "huge.mkv", 50 * GB)
    make_file(root_dir / "Up (2009)" / "Up.mkv", GB)
    os.symlink(elsewhere, root_dir / "Up (2009)" / "linked")

    folder = folder_named(scan_root_folder(str(root_dir)), "Up (2009)")

    assert [v.relative_path for v in folder.videos] == ["Up.mkv"]


def test_a_linked_video_leading_outside_the_root_is_left_out_with_a_note(root_dir, tmp_path):
    make_file(tmp_path / "elsewhere" / "huge.mkv", 50 * GB)
    make_file(root_dir / "Up (2009)" / "Up.mkv", GB)
    os.symlink(tmp_path / "elsewhere" / "huge.mkv", root_dir / "Up (2009)" / "Up.2009.mkv")

    folder = folder_named(scan_root_folder(str(root_dir)), "Up (2009)")

    assert [v.relative_path for v in folder.videos] == ["Up.mkv"]
    assert folder.notes == ["Up.2009.mkv links outside the root folder; skipped"]


def test_a_linked_video_inside_the_root_counts(root_dir):
    make_file(root_dir / "Up (2009)" / "Up.mkv", GB)
    os.symlink(root_dir / "Up (2009)" / "Up.mkv", root_dir / "Up (2009)" / "Up.copy.mkv")

    folder = folder_named(scan_root_folder(str(root_dir)), "Up (2009)")

    assert [v.relative_path for v in folder.videos] == ["Up.copy.mkv", "Up.mkv"]


def test_a_video_whose_size_cannot_be_read_is_left_out_with_a_note(root_dir, caplog):
    make_file(root_dir / "Up (2009)" / "Up.mkv", GB)
    os.symlink("loop.mkv", root_dir / "Up (2009)" / "loop.mkv")  # stat fails: ELOOP

    folder = folder_named(scan_root_folder(str(root_dir)), "Up (2009)")

    assert [v.relative_path for v in folder.videos] == ["Up.mkv"]
    assert folder.notes[0].startswith("Cannot read loop.mkv: Too many levels")
    assert "cannot read the size" in caplog.text


def test_an_unreadable_sub_folder_is_logged_and_noted(root_dir, monkeypatch, caplog):
    make_file(root_dir / "Up (2009)" / "Up.mkv", GB)
    make_file(root_dir / "Up (2009)" / "CD2" / "Up.cd2.mkv", GB)
    real = os.scandir

    def refuses_cd2(path):
        if str(path).endswith("CD2"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuses_cd2)

    folder = folder_named(scan_root_folder(str(root_dir)), "Up (2009)")

    assert [v.relative_path for v in folder.videos] == ["Up.mkv"]
    assert folder.notes == ["Cannot read CD2: Permission denied"]
    assert "cannot read" in caplog.text and "CD2" in caplog.text
