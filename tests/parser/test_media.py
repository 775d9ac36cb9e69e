"""Media facts of release names (codec, bit depth, audio, HDR, 3D); the corpus has none."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from movies.parser.media import parse_media
from movies.parser.types import MediaParse

CASES = [
    (
        "Movie.Title.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT",
        {"video_codec": "AVC", "audio_codec": "DTS-HD MA", "audio_channels": 5.1},
    ),
    (
        "Movie Name 2020 WEB-DL 4K H265 10bit HDR DDP5.1 Atmos-PTerWEB",
        {
            "video_codec": "HEVC",
            "bit_depth": 10,
            "audio_codec": "EAC3",
            "audio_channels": 5.1,
            "atmos": True,
            "hdr": ["HDR10"],
        },
    ),
    (
        "Movie.Name.2024.German.EAC3D.DL.2160p.Hybrid.WEB.DV.HDR10Plus.HEVC-GROUP",
        {"video_codec": "HEVC", "audio_codec": "EAC3", "hdr": ["DV", "HDR10+"]},
    ),
    (
        "Movie Name (2021) [Remux-2160p x265 HDR 10-BIT DTS-HD MA 7.1]-FraMeSToR.mkv",
        {
            "video_codec": "x265",
            "bit_depth": 10,
            "audio_codec": "DTS-HD MA",
            "audio_channels": 7.1,
            "hdr": ["HDR10"],
        },
    ),
    (
        "Movie.Title.2019.2160p.WEB-DL.DDP5.1.DoVi.HDR10+.H.265-GRP",
        {
            "video_codec": "HEVC",
            "audio_codec": "EAC3",
            "audio_channels": 5.1,
            "hdr": ["DV", "HDR10+"],
        },
    ),
    (
        "Movie.Title.2010.1080p.3D.HSBS.BluRay.x264.DTS-X.7.1-GRP",
        {"video_codec": "x264", "audio_codec": "DTS-X", "audio_channels": 7.1, "is_3d": True},
    ),
    (
        "Movie.Title.2010.1080p.BluRay.Half-OU.x264.AC3-GRP",
        {"video_codec": "x264", "audio_codec": "AC3", "is_3d": True},
    ),
    (
        "Movie Name 2005 1080p UHD BluRay DD+7.1 x264-LoRD.mkv",
        {"video_codec": "x264", "audio_codec": "EAC3", "audio_channels": 7.1},
    ),
    (
        "Movie.Title.2018.2160p.UHD.BluRay.TrueHD.7.1.Atmos.HLG.x265-GRP",
        {
            "video_codec": "x265",
            "audio_codec": "TrueHD",
            "audio_channels": 7.1,
            "atmos": True,
            "hdr": ["HLG"],
        },
    ),
    (
        "Movie.S01.1080p.WEB-DL.AAC2.0.H.264-GRP",
        {"video_codec": "AVC", "audio_codec": "AAC", "audio_channels": 2.0},
    ),
    (
        "Movie.Title.2008.1080i.Blu-ray.MPEG-2.LPCM2.0.ISO",
        {"video_codec": "MPEG2", "audio_codec": "PCM", "audio_channels": 2.0},
    ),
    (
        "Movie Title 2004 1080p FRA Blu-ray VC-1 TrueHD 5.1-HDBEE",
        {"video_codec": "VC-1", "audio_codec": "TrueHD", "audio_channels": 5.1},
    ),
    (
        "Movie.Title.2020.DV.HDR10.2160p.WEB.AV1.Opus.5.1-GRP",
        {
            "video_codec": "AV1",
            "audio_codec": "Opus",
            "audio_channels": 5.1,
            "hdr": ["DV", "HDR10"],
        },
    ),
    (
        "Movie.Title.2001.DVDRip.XviD.MP3.2ch-GRP",
        {"video_codec": "XviD", "audio_codec": "MP3", "audio_channels": 2.0},
    ),
    (
        "Movie.Title.2012.1080p.Hi10P.BluRay.FLAC.2.0-GRP",
        {"bit_depth": 10, "audio_codec": "FLAC", "audio_channels": 2.0},
    ),
    ("Movie Title 2.0 2019 1080p", {}),
]


@pytest.mark.parametrize(("name", "facts"), CASES)
def test_reads_media_facts_from_release_names(name, facts):
    """Every field not listed in `facts` must keep its empty default."""
    media = parse_media(name)
    want = {**asdict(MediaParse()), **facts}
    assert asdict(media) == want


def test_channels_may_follow_the_atmos_tag():
    media = parse_media("Movie.2019.2160p.BluRay.TrueHD.Atmos.7.1.HEVC-GRP")
    assert (media.audio_codec, media.atmos, media.audio_channels) == ("TrueHD", True, 7.1)


def test_an_encoder_tag_wins_over_the_format_it_encodes():
    assert parse_media("Movie.2019.2160p.HEVC.WEB-DL.x265-GRP").video_codec == "x265"


def test_channels_need_an_audio_tag_beside_them():
    assert parse_media("Movie.5.1.Story.2019.1080p.WEB-DL-GRP").audio_channels is None


def test_each_hdr_format_is_listed_once():
    assert parse_media("Movie.2019.HDR.HDR10.2160p.WEB-DL-GRP").hdr == ["HDR10"]


@pytest.mark.parametrize("name", ["", "[", "HDR10+" * 3, None, "\x00"])
def test_odd_names_parse_without_error(name):
    assert parse_media(name).hdr is not None


# Hostile 10,000-character strings: their speed is measured in tests/bench/parser.py.
@pytest.mark.parametrize(
    ("name", "facts"),
    [
        ("a." * 5000, {}),
        ("DTS-HD.MA." * 1000, {"audio_codec": "DTS-HD MA"}),
        ("HDR 10-" * 1500, {"hdr": ["HDR10"]}),
        ("5.1." * 2500, {}),
    ],
)
def test_hostile_long_strings_give_a_plain_answer(name, facts):
    assert asdict(parse_media(name)) == {**asdict(MediaParse()), **facts}


def test_dts_x_may_be_written_with_a_colon():
    media = parse_media("Movie.2019.2160p.UHD.BluRay.DTS:X.7.1.HEVC-GRP")
    assert (media.audio_codec, media.audio_channels) == ("DTS-X", 7.1)


def test_a_colon_in_the_title_glues_nothing():
    assert parse_media("Movie: X 2019 1080p WEB-DL-GRP").audio_codec is None
