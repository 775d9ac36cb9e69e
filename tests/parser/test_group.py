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
