"""Guide-style formats pasted in, then matched against real release titles through the
parser (integration of import, parse_release and the matcher)."""

from __future__ import annotations

import json

import pytest

from movies.formats.matcher import FormatMatcher
from movies.formats.transfer import import_formats
from movies.models import ProfileFormatScore, QualityProfile
from movies.services import parse_release

pytestmark = pytest.mark.django_db


def condition(name, implementation, value, *, negate=False, required=False):
    return {
        "name": name,
        "implementation": implementation,
        "negate": negate,
        "required": required,
        "fields": {"value": value},
    }


PASTE = [
    {
        "name": "x265 (HD)",
        "includeCustomFormatWhenRenaming": False,
        "specifications": [
            condition("x265", "ReleaseTitleSpecification", r"[xh][ ._-]?265|\bHEVC(\b|\d)",
                      required=True),
            condition("Not 2160p", "ResolutionSpecification", 2160, negate=True, required=True),
        ],
    },
    {
        "name": "Remux",
        "specifications": [condition("Remux", "QualityModifierSpecification", 5, required=True)],
    },
    {
        "name": "Not English",
        "specifications": [
            condition("Not English", "LanguageSpecification", 1, negate=True, required=True)
        ],
    },
    {
        "name": "Streaming WEB",
        "specifications": [
            condition("WEBDL", "SourceSpecification", 7),
            condition("WEBRip", "SourceSpecification", 8),
            condition("AMZN", "ReleaseTitleSpecification", r"\b(amzn|amazon)\b", required=True),
        ],
    },
]  # fmt: skip


@pytest.fixture
def matcher():
    import_formats(json.dumps(PASTE))
    return FormatMatcher.from_db()


def names(matcher, title, **kw) -> list[str]:
    return sorted(m.name for m in matcher.matching(parse_release(title), **kw))


def test_x265_hd_matches_a_1080p_hevc_release(matcher):
    assert "x265 (HD)" in names(matcher, "Movie.Title.2019.1080p.BluRay.x265-GRP")


def test_x265_hd_does_not_match_a_2160p_hevc_release(matcher):
    assert "x265 (HD)" not in names(matcher, "Movie.Title.2019.2160p.UHD.BluRay.x265-GRP")


def test_remux_matches_a_remux_only(matcher):
    assert "Remux" in names(matcher, "Movie.Title.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT")
    assert "Remux" not in names(matcher, "Movie.Title.2016.1080p.BluRay.x264-GRP")


def test_not_english_matches_a_french_release_and_not_an_english_one(matcher):
    assert "Not English" in names(matcher, "Movie.Title.2016.FRENCH.1080p.BluRay.x264-GRP")
    assert "Not English" not in names(
        matcher, "Movie.Title.2016.1080p.BluRay.x264-GRP", original_language="english"
    )


def test_streaming_web_needs_the_service_and_a_web_source(matcher):
    assert "Streaming WEB" in names(matcher, "Movie.Title.2020.1080p.AMZN.WEB-DL.DDP5.1.H.264-GRP")
    assert "Streaming WEB" not in names(matcher, "Movie.Title.2020.1080p.NF.WEB-DL.DDP5.1-GRP")


def test_profile_score_adds_up_the_matched_formats(matcher):
    profile = QualityProfile.objects.get(name="HD-1080p")
    scores = {"x265 (HD)": -1000, "Remux": 1500}
    for custom_format in import_formats(json.dumps(PASTE)):
        if custom_format.name in scores:
            ProfileFormatScore.objects.create(
                profile=profile, custom_format=custom_format, score=scores[custom_format.name]
            )
    matcher = FormatMatcher.from_db()
    parsed = parse_release("Movie.Title.2016.REMUX.1080p.BluRay.HEVC.DTS-HD.MA.5.1-GRP")
    assert matcher.score(profile.pk, matcher.matching(parsed)) == 500
