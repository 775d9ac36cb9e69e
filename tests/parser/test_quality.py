"""Quality parsing: the corpus's ParseQuality / ParseMoviePath records and our own cases."""

from __future__ import annotations

import json

import pytest

from movies.parser.quality import parse_quality, quality_for
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "radarr-parser-dev.jsonl"
FIELDS = (
    "source",
    "resolution",
    "modifier",
    "version",
    "real",
    "repack",
    "source_detection",
    "resolution_detection",
    "quality",
)


def _records() -> list[dict]:
    if not CORPUS.exists():
        return []
    with CORPUS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [
        r
        for r in records
        if r["call"] in ("ParseQuality", "ParseMoviePath") and set(r["expect"] or {}) & set(FIELDS)
    ]


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.parametrize("record", _records(), ids=lambda r: r["id"])
def test_corpus_quality_fields(record):
    parsed = parse_quality(record["title"])
    got = {
        "source": parsed.source,
        "resolution": parsed.resolution,
        "modifier": parsed.modifier,
        "version": parsed.version,
        "real": parsed.real,
        "repack": parsed.repack,
        "source_detection": parsed.source_detection,
        "resolution_detection": parsed.resolution_detection,
        "quality": parsed.quality.name,
    }
    want = {k: v for k, v in record["expect"].items() if k in FIELDS}
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(
    ("name", "quality"),
    [
        ("Movie.2019.1080p.WEB-DL.DDP5.1.H.264-GRP", "WEBDL-1080p"),
        ("Movie.2019.2160p.WEBRip.x265-GRP", "WEBRip-2160p"),
        ("Movie.2019.720p.BluRay.x264-GRP", "Bluray-720p"),
        ("Movie.2019.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP", "Remux-1080p"),
        ("Movie.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC-GRP", "Remux-2160p"),
        ("Movie.2019.COMPLETE.BLURAY-GRP", "BR-DISK"),
        ("Movie.2019.1080i.HDTV.MPEG2-GRP", "Raw-HD"),
        ("Movie.2019.DVDRip.XviD-GRP", "DVD"),
        ("Movie.2019.DVDSCR.XviD-GRP", "DVDSCR"),
        ("Movie.2019.R5.XviD-GRP", "REGIONAL"),
        ("Movie.2019.HDCAM.x264-GRP", "CAM"),
        ("Movie.2019.TELESYNC.x264-GRP", "TELESYNC"),
        ("Movie.2019.TC.x264-GRP", "TELECINE"),
        ("Movie.2019.WORKPRINT.XviD-GRP", "WORKPRINT"),
        ("Movie.2019.PDTV.XviD-GRP", "SDTV"),
        ("Movie.2019.720p.HDTV.x264-GRP", "HDTV-720p"),
        ("Movie.2019.DVD9.NTSC-GRP", "DVD-R"),
        ("Movie.2019.576p.BluRay.x264-GRP", "Bluray-576p"),
        ("Movie.2019.BluRay.XviD-GRP", "Bluray-480p"),
        ("Movie.2019.480p.WEBRip.x264-GRP", "WEBRip-480p"),
        ("Movie.2019.1920x800.BluRay.x264-GRP", "Bluray-1080p"),
        ("Movie.2019.FHD.WEB-DL-GRP", "WEBDL-1080p"),
        ("Movie (2019) [1080p / WEB / x264 / AAC / 2.0]", "WEBDL-1080p"),
        ("Movie.2009.Full.BluRay.1080p-GRP", "BR-DISK"),
        ("Movie.2019.1080p.BluRay.AVC.DTS-HD.MA-GRP", "BR-DISK"),
        ("Movie.2019.1080p.BluRay.AVC.DTS-HD.MA-GRP.mkv", "Bluray-1080p"),
    ],
)
def test_maps_release_names_to_radarr_qualities(name, quality):
    assert parse_quality(name).quality.name == quality


def test_quality_for_maps_every_radarr_quality_triple():
    assert quality_for("webdl", 1080, None) == 3
    assert quality_for("bluray", 1080, "remux") == 30
    assert quality_for("bluray", 2160, "remux") == 31
    assert quality_for("dvd", None, None) == 2
    assert quality_for("tv", 480, None) == 1
    assert quality_for("bluray", 1080, "brdisk") == 22
    assert quality_for("tv", 1080, "rawhd") == 10
    assert quality_for("dvd", 480, "screener") == 28
    assert quality_for("dvd", 480, "regional") == 29
    assert quality_for("cam", None, None) == 25
    assert quality_for("dvd", 480, "remux") == 23
    assert quality_for(None, 1080, None) == 0


def test_a_file_in_a_release_folder_takes_the_folder_quality():
    parsed = parse_quality("/movies/Movie.2018.1080p.BluRay.x264-GRP/a1b2c3d4e5.mkv")
    assert (parsed.quality.name, parsed.source_detection) == ("Bluray-1080p", "name")


def test_a_file_name_with_a_resolution_fills_only_the_source_from_its_folder():
    parsed = parse_quality("/movies/Movie.2018.WEB-DL-GRP/movie-2160p.mkv")
    assert parsed.quality.name == "WEBDL-2160p"


def test_a_bare_file_falls_back_on_its_extension():
    parsed = parse_quality("Movie Title.m2ts")
    assert (parsed.quality.name, parsed.source_detection) == ("Bluray-720p", "extension")


def test_a_disc_image_file_counts_as_dvd():
    assert parse_quality("movie.iso").quality.name == "DVD"


def test_a_name_without_any_quality_is_unknown():
    parsed = parse_quality("Some Movie Title")
    assert (parsed.quality_id, parsed.source, parsed.source_detection) == (0, None, "unknown")


def test_lower_case_real_is_not_a_real_tag():
    assert parse_quality("Movie.Real.Steel.2011.PROPER.720p.BluRay").real == 0


def test_repack_number_raises_the_version():
    parsed = parse_quality("Movie.2018.REPACK3.1080p.WEB-DL")
    assert (parsed.version, parsed.repack) == (4, True)


@pytest.mark.parametrize("name", ["", "   ", "/", "\\\\", "[]", "\x00", "🎬" * 10])
def test_odd_names_are_unknown(name):
    assert parse_quality(name).quality_id == 0


def test_non_strings_give_an_empty_parse():
    assert parse_quality(None).quality_id == 0  # type: ignore[arg-type]


# Hostile 10,000-character strings: their speed is measured in tests/bench/parser.py;
# here they must give the answer a sane parser gives.
@pytest.mark.parametrize(
    ("name", "quality"),
    [
        ("a." * 5000, "Unknown"),
        ("[" * 10000, "Unknown"),
        ("-" * 10000, "Unknown"),
        ("a/" * 5000, "Unknown"),
        ("1080p" * 2000, "Unknown"),  # one 10,000-character word is no tag
        ("WEB-" * 2500, "WEBDL-480p"),
        ("".join(chr(0x4E00 + i % 500) for i in range(10000)), "Unknown"),
    ],
)
def test_hostile_long_strings_give_a_plain_answer(name, quality):
    assert parse_quality(name).quality.name == quality


def test_a_long_string_of_anime_versions_counts_one_version():
    assert parse_quality("1 v2 " * 2000).version == 2


@pytest.mark.parametrize(
    ("name", "quality"),
    [
        ("[SubsPlease] Movie Title (1080p) [AB649D32].mkv", "WEBDL-1080p"),
        ("Movie.Name.2019.720p.mkv", "WEBDL-720p"),
        ("Movie Title.mkv", "WEBDL-720p"),
        ("Movie Title.avi", "SDTV"),
        ("Movie Title.ts", "SDTV"),
    ],
)
def test_matroska_is_radarrs_web_dl_and_other_containers_sdtv(name, quality):
    parsed = parse_quality(name)
    assert (parsed.quality.name, parsed.source_detection) == (quality, "extension")


def test_a_group_name_alone_says_nothing_about_the_source():
    # Radarr has no list of web-only groups: a resolution without a source is HDTV.
    assert parse_quality("[SubsPlease] Movie Title (1080p) [AB649D32]").quality.name == (
        "HDTV-1080p"
    )


@pytest.mark.parametrize(
    ("name", "resolution"),
    [
        ("Movie.2019.576p.WEB-DL.x264-GRP", 480),
        ("Movie.2019.576p.HDTV.x264-GRP", 480),
        ("Movie.2019.576p.BluRay.x264-GRP", 576),
    ],
)
def test_576p_is_a_blu_ray_resolution_only(name, resolution):
    assert parse_quality(name).resolution == resolution


@pytest.mark.parametrize(
    "name",
    ["Movie.2019.3xDVD9.PAL-GRP", "Movie.2019.DVD-5-GRP", "Movie.2019.MDVD9-GRP", "Movie.DVDR-GRP"],
)
def test_dvd_images_of_any_count_are_dvd_r(name):
    assert parse_quality(name).quality.name == "DVD-R"


@pytest.mark.parametrize(
    ("name", "quality"),
    [
        ("Movie.2019.1080p.AmazonSD.x264", "WEBDL-1080p"),
        ("Movie.2019.1080p.HBOMaxHD.x264", "WEBDL-1080p"),
        ("Movie.2019.1080p.DisneyHD.x264", "WEBDL-1080p"),
        ("Movie.2019.1080p.DP.WEB.H264-GRP", "WEBDL-1080p"),
        ("Movie.2019.1080p.Hybrid.WEB.H264-GRP", "WEBDL-1080p"),
        ("Movie.2019.BDLight.1080p-GRP", "Bluray-1080p"),
        ("Movie.2019.NEWCAM.x264-GRP", "CAM"),
        ("[Grp] Movie Title [WEB x264]", "WEBDL-720p"),
        ("[Grp] Movie Title - 01 [BD480p][ABCDEF12]", "DVD"),
        ("Movie.2019.1080p.BluRay.AVC.DTS-HD.MA.5.1-d3g", "Bluray-1080p"),
    ],
)
def test_less_common_source_tags(name, quality):
    assert parse_quality(name).quality.name == quality


@pytest.mark.parametrize(
    ("name", "resolution"),
    [
        ("Movie.2019.4K.HEVC.WEB-DL-GRP", 2160),
        ("[GRP] Movie 2019 [HEVC][4K]", 2160),
        ("Movie.Title.2023.4K.WEB-DL.x265-GRP", 2160),
        ("Movie.2019.4K.Remastered.1080p.WEB-DL-GRP", 1080),
    ],
)
def test_4k_means_2160p_unless_a_resolution_tag_says_otherwise(name, resolution):
    assert parse_quality(name).resolution == resolution


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("[Grp] Anime Title - 01v2 (1080p) [B1F227CF]", 2),
        ("[Grp] Anime Title - 01.v3.1080p", 3),
        ("[Grp] Anime Title - 07 [v2][848x480]", 2),
        ("[Grp] Anime Title - 01v2", 1),
        ("[MTBB] Perfect Blue (1997) v2 [ABCDEF12].mkv", 1),
    ],
)
def test_an_anime_version_follows_an_episode_number_or_stands_in_brackets(name, version):
    assert parse_quality(name).version == version


@pytest.mark.parametrize(
    ("name", "quality"),
    [
        ("Movie.2019.German.1080p.BluRay.AVC-GRP", "Remux-1080p"),
        ("Movie.2019.German.DL.1080p.BluRay.AVC-GRP", "Remux-1080p"),
        ("Movie.2019.GERMAN.2160p.UHD.BluRay.HEVC-GRP", "Remux-2160p"),
        ("Movie.2019.German.DL.1080p.BluRay.x264-GRP", "Bluray-1080p"),
        ("Movie.2019.German.DL.COMPLETE.BLURAY-GRP", "Bluray-720p"),
    ],
)
def test_a_german_blu_ray_with_the_discs_own_codec_is_a_remux_never_a_disc(name, quality):
    assert parse_quality(name).quality.name == quality


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("[Grp] Anime Title - 01v2 REPACK (1080p)", 3),
        ("Movie.2018.PROPER2.1080p.WEB-DL", 1),
        ("Movie.2018.RERIP.1080p.WEB-DL", 2),
    ],
)
def test_a_proper_or_repack_adds_one_to_the_first_version_number(name, version):
    assert parse_quality(name).version == version


def test_full_width_names_read_as_plain_ones():
    name = "".join(chr(ord(c) + 0xFEE0) for c in "Movie.2019.1080p.BluRay.x264")
    assert parse_quality(name).quality.name == "Bluray-1080p"


def test_a_zero_width_space_inside_a_tag_is_ignored():
    assert parse_quality("Movie.2019.1080p.Blu\u200bRay.x264").quality.name == "Bluray-1080p"
