"""FormatMatcher.from_db: two queries, compiled once, stored scores per profile."""

from __future__ import annotations

import pytest

from movies.formats.matcher import FormatMatcher
from movies.models import CustomFormat, ProfileFormatScore, QualityProfile
from movies.parser.types import ParsedRelease, QualityParse

pytestmark = pytest.mark.django_db

X264 = [
    {
        "name": "x264",
        "implementation": "ReleaseTitleSpecification",
        "negate": False,
        "required": False,
        "fields": {"value": "x264"},
    }
]


def parsed(title: str) -> ParsedRelease:
    return ParsedRelease(original=title, quality=QualityParse(source="bluray", resolution=1080))


def test_from_db_reads_formats_and_scores_in_two_queries(django_assert_num_queries):
    x264 = CustomFormat.objects.create(name="x264", specifications=X264)
    profile = QualityProfile.objects.first()
    ProfileFormatScore.objects.create(profile=profile, custom_format=x264, score=25)
    with django_assert_num_queries(2):
        matcher = FormatMatcher.from_db()
    matched = matcher.matching(parsed("Movie.2020.1080p.BluRay.x264-GRP"))
    assert [m.name for m in matched] == ["x264"]
    assert matcher.score(profile.pk, matched) == 25


def test_matching_many_releases_asks_the_database_nothing(django_assert_num_queries):
    CustomFormat.objects.create(name="x264", specifications=X264)
    matcher = FormatMatcher.from_db()
    with django_assert_num_queries(0):
        for n in range(100):
            matcher.matching(parsed(f"Movie.{n}.x264"))


def test_a_stored_format_that_no_longer_compiles_is_skipped():
    CustomFormat.objects.create(name="x264", specifications=X264)
    broken = [dict(X264[0], fields={"value": "("})]
    CustomFormat.objects.create(name="broken", specifications=broken)
    matcher = FormatMatcher.from_db()
    assert [f.name for f in matcher.formats] == ["x264"]


def test_deleting_a_format_deletes_its_scores():
    x264 = CustomFormat.objects.create(name="x264", specifications=X264)
    profile = QualityProfile.objects.first()
    ProfileFormatScore.objects.create(profile=profile, custom_format=x264, score=25)
    x264.delete()
    assert not ProfileFormatScore.objects.exists()


def test_scoring_ten_thousand_releases_is_fast():
    import time

    for n in range(20):
        CustomFormat.objects.create(
            name=f"f{n}", specifications=[dict(X264[0], fields={"value": rf"\bgrp{n}\b"})]
        )
    matcher = FormatMatcher.from_db()
    releases = [parsed(f"Movie.Title.2020.1080p.BluRay.x264-GRP{n % 40}") for n in range(10_000)]
    start = time.process_time()  # CPU time: other processes on the machine do not count
    for release in releases:
        matcher.score(1, matcher.matching(release, size=5 * 1024**3))
    # About 0.7 s (each regex search carries its timeout, which costs a few microseconds).
    assert time.process_time() - start < 3
