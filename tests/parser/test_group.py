"""Release groups: where they sit in a name and what is not a group."""

from __future__ import annotations

import pytest

from movies.parser import is_scene_title, parse_release, scene_title
from movies.parser.group import parse_group


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Movie.2009.1080p.BluRay.x264-SPARKS", "SPARKS"),
        ("Movie.2009.1080p.BluRay.x264-SPARKS.mkv", "SPARKS"),
        ("[SubsGroup] Anime Movie (2016) [1080p].mkv", "SubsGroup"),
        ("SomeMovie.1080p.BluRay.DTS.x264.-D-Z0N3.mkv", "D-Z0N3"),
        ("Movie.2022.1080p.BluRay.x264-[YTS.AG]", "YTS.AG"),
        ("Movie (2019) (1080p BluRay x265 HEVC 10bit AAC 7.1 Tigole)", "Tigole"),
        ("Movie (2011) [BluRay] [1080p] [YTS.MX] [YIFY]", "YIFY"),
        ("Movie (2001) 1080p NF WEB-DL DDP2.0 x264-E.N.D", "E.N.D"),
        ("Movie.2005.2160p.UHD.BluRay.x265 - HQMUX", "HQMUX"),
        ("Movie.2018.720p.HDTV.x264-NZBgeek", "NZBgeek"),
        ("Movie.2020.1080p.WEB-DL.x264-GRP.nfo", "GRP"),
    ],
)
def test_group_is_found_where_release_names_put_it(name, group):
    assert parse_group(name) == group


@pytest.mark.parametrize(
    "junk", ["postbot", "Obfuscated", "RP", "1", "sample", "Rakuvfinhel", "AsRequested"]
)
def test_repost_junk_after_the_group_is_dropped(junk):
    assert parse_group(f"Movie.2019.1080p.BDRip.X264.AC3-EVO-{junk}") == "EVO"


@pytest.mark.parametrize(
    "name",
    [
        "Movie 2009 English HDTV XviD LOL",
        "Movie.Name.2002.720p.WEB-DL.DD5.1.H.264.mkv",
        "Movie.2013.1080p.BluRay.REMUX.AVC.DTS-X.MA.5.1",
        "Movie (2009) (2160p BluRay x265 10bit HDR)",
        "Movie.Name- 2014-06-02 - Some Movie.mkv",
        "Anime.Title.2020.480p.x264-iKaos [v3] [6AFFEF6B]",
        "Movie Title 2023 English HDTV XviD LOL[www.site.org]",
    ],
)
def test_names_without_a_group_give_none(name):
    assert parse_group(name) is None


def test_site_and_tracker_brackets_are_not_the_group():
    assert parse_group("Movie.S02E09.HDTV.x264-2HD [eztv]-[rarbg.com]") == "2HD"


def test_group_reaches_the_parsed_release():
    assert parse_release("Heat.1995.1080p.BluRay.x264-AMIABLE").release_group == "AMIABLE"


def test_scene_names_need_dots_a_title_a_quality_and_a_group():
    assert is_scene_title("Some.Movie.2013.German.DTS.DL.720p.BluRay.x264-Pate")
    assert not is_scene_title("Some Movie 2013 720p BluRay x264-Pate")
    assert not is_scene_title("Some.Movie.2013.German.DTS.DL.720p.BluRay.x264-")
    assert not is_scene_title("2013.German.DTS.DL.BluRay.x264-Pate")


def test_scene_title_drops_the_extension_and_full_width_brackets():
    name = "Some.Movie.2013.German.DL.\u3010720p\u3011.BluRay.x264-Pate.nzb"
    assert scene_title(name) == "Some.Movie.2013.German.DL.[720p].BluRay.x264-Pate"
    assert scene_title("Something") is None


@pytest.mark.parametrize(
    "name",
    [
        "The Matrix (1999) {tmdb-603}",
        "The Matrix (1999) [imdbid-tt0133093]",
        "The Matrix (1999) {imdb-tt0133093}",
        "The Matrix (1999) [tt0133093]",
    ],
)
def test_ids_in_folder_names_are_not_a_group(name):
    assert parse_group(name) is None


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Movie Title (2018) (1080p BluRay x265 HEVC 10bit AAC 5.1 Anime Time)", "Anime Time"),
        ("Movie Title (2018) (1080p BluRay x265 HEVC 10bit AAC 5.1 Hakata Ramen)", "Hakata Ramen"),
        ("Movie Title (2019) (1080p BluRay x265 HEVC 10bit AAC 5.1 -ZR-)", "-ZR-"),
        ("Movie Name (2007) Open Matte (1080p AMZN WEB-DL x265 10bit MONOLITH)", "MONOLITH"),
        ("Movie.Should.Not.Use.Dots.2022.1080p.BluRay.x265.10bit.Tigole)", "Tigole"),
        ("Movie Title 2019 1080p BluRay x264 YIFY", "YIFY"),
        ("Movie.Title.2019.1080p.BluRay.x264-YTS.MX", "YTS.MX"),
        ("Movie.Name.2018.1080p.Blu-ray.Remux.AVC.DTS-HD.MA.5.1.KRaLiMaRKo", "KRaLiMaRKo"),
        ("Movie (2003) (2160p BluRay X265 HEVC 10bit HDR AAC 7.1 Tigole) [QxR]", "QxR"),
    ],
)
def test_groups_known_to_break_the_dash_convention_are_found(name, group):
    assert parse_group(name) == group


def test_a_leading_bracket_group_may_hold_spaces():
    name = "[Anime Time] Demon Slayer Mugen Train (2020) [BD 1080p][HEVC 10bit x265][AAC]"
    assert parse_group(name) == "Anime Time"


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Movie.Title.2019.1080p.BluRay.x264-D-Z0N3", "D-Z0N3"),
        ("Movie.Title.2019.1080p.BluRay.x264-Fight-BB", "Fight-BB"),
        ("Movie Name (2017) [2160p REMUX] [HEVC DV HDR10+ TrueHD 7 1]-Data-Lass", "Data-Lass"),
        ("Movie.Title.2019.1080p.WEB-DL-GRP", "GRP"),
        ("Movie.Title.2019.1080p.Blu-Ray-GRP", "GRP"),
        ("Movie.Title.2019.1080p.WEB-Rip-GRP", "GRP"),
    ],
)
def test_a_group_name_may_hold_one_dash_unless_the_dash_is_inside_a_tag(name, group):
    assert parse_group(name) == group


@pytest.mark.parametrize("junk", ["4P", "4Planet", "RePACKPOST", "NZBGeek", "Pre"])
def test_the_whole_family_of_repost_suffixes_is_dropped(junk):
    assert parse_group(f"Some.Movie.2019.1080p.BDRip.X264.AC3-EVO-{junk}") == "EVO"


@pytest.mark.parametrize(
    "name",
    [
        "Movie.Title.2019.1080p.BluRay.x264-GRP (1)",
        "Movie.Title.2019.1080p.BluRay.x264-GRP (1).nzb",
        "Movie.Title.2019.1080p.BluRay.x264-GRP[TGx]",
        "Movie.Title.2019.1080p.BluRay.x264-GRP.sample.mkv",
        "Movie.Title.2019.1080p.BluRay.x264-GRP.en.srt",
    ],
)
def test_trailing_copy_numbers_tracker_tags_and_file_parts_are_not_the_group(name):
    assert parse_group(name) == "GRP"


@pytest.mark.parametrize(
    "name",
    [
        "Movie.Title.2019.MULTi.1080p.BluRay.x264-FRA",
        "Movie.Title.2019.1080p.BluRay.x264-ITA",
        "Movie.Title.2019.1080p.BluRay.x264-123",
        "Movie.Title.2019.1080p.WEB-DL.x264-S01",
        "Movie.Title.2019.1080p.WEB-DL.x264-ABCDEF12",
    ],
)
def test_language_codes_numbers_and_hashes_after_the_dash_are_not_groups(name):
    assert parse_group(name) is None


@pytest.mark.parametrize("code", ["GER", "ENG", "ITA"])
def test_a_language_code_after_the_group_is_dropped(code):
    assert parse_group(f"Movie.Name.2020.German.DL.1080p.BluRay.x264-ASDF-{code}") == "ASDF"
