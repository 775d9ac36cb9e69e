"""File paths: which of the file name and its folders names the movie."""

from __future__ import annotations

from movies.parser import parse_path


def test_a_yearless_file_name_naming_the_folders_movie_takes_the_folder():
    parsed = parse_path("/downloads/The.Matrix.1999.1080p.BluRay.x264-GRP/grp-thematrix-1080p.mkv")
    assert (parsed.title, parsed.year, parsed.release_group) == ("The Matrix", 1999, "GRP")
    assert parsed.quality.quality.name == "Bluray-1080p"


def test_a_yearless_file_name_in_a_folder_of_its_title_and_year_takes_the_year():
    parsed = parse_path("/movies/Heat (1995)/Heat.mkv")
    assert (parsed.title, parsed.year) == ("Heat", 1995)


def test_a_yearless_file_name_keeps_its_title_in_a_folder_of_another_movie():
    parsed = parse_path("/movies/Collection 2019/Heat.1080p.BluRay.x264-GRP.mkv")
    assert (parsed.title, parsed.year, parsed.release_group) == ("Heat", None, "GRP")


def test_a_file_name_that_names_its_source_keeps_its_own_quality():
    parsed = parse_path(
        "/dl/Movie.Title.2018.720p.HDTV.x264-GRP/0e895c37245186812cb08aab1529cf8e.720p.WEB-DL.mkv"
    )
    assert parsed.title == "Movie Title"
    assert parsed.quality.quality.name == "WEBDL-720p"


def test_a_windows_path_splits_on_backslashes():
    parsed = parse_path("C:\\Movies\\Movie.Title.2018.720p.HDTV.x264-GRP\\abcdefghij.mkv")
    assert (parsed.title, parsed.release_group) == ("Movie Title", "GRP")


def test_the_original_is_the_whole_path():
    path = "/downloads/Movie.Title.2018.720p.HDTV.x264-GRP/abcdefghij.mkv"
    assert parse_path(path).original == path


def test_an_empty_path_names_nothing():
    assert parse_path("").title is None
    assert parse_path("///").title is None
