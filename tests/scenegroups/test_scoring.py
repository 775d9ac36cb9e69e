"""The score formula: each component with a worked example computed by hand, the
weighted sum, the tiers' boundaries and the confidence thresholds (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scenegroups import scoring
from scenegroups.scoring import GB

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_the_weights_sum_to_one_hundred_percent():
    assert sum(scoring.WEIGHTS.values()) == 100
    assert len(scoring.COMPONENTS) == 8


@pytest.mark.parametrize(
    ("median", "expected"),
    [
        (0, 0.0),  # no seeders at all
        (0.5, 10.0),  # below one: 20 · 0.5
        (1, 20.0),  # 20 + 40 · log10(1) = 20
        (5, 47.96),  # 20 + 40 · 0.69897 = 47.959
        (10, 60.0),  # 20 + 40 · 1
        (100, 100.0),  # 20 + 40 · 2
        (5000, 100.0),  # capped
    ],
)
def test_seeder_health_is_the_median_seeders_on_a_log_scale(median, expected):
    assert round(scoring.seeder_health(median), 2) == expected


def test_internal_ratio_is_the_share_of_internal_releases():
    assert scoring.internal_ratio(7, 20) == 35.0  # 7 / 20 · 100
    assert scoring.internal_ratio(0, 0) == 0.0


@pytest.mark.parametrize(
    ("median", "expected"),
    [
        (0, 0.0),
        (0.5, 5.0),  # below one: 10 · 0.5
        (1, 10.0),
        (10, 40.0),  # 10 + 30 · 1
        (250, 81.94),  # 10 + 30 · 2.39794 = 81.938
        (1000, 100.0),  # 10 + 30 · 3
        (40000, 100.0),  # capped
    ],
)
def test_completion_rate_is_the_median_completions_on_a_log_scale(median, expected):
    assert round(scoring.completion_rate(median), 2) == expected


def test_quality_consistency_is_the_share_of_the_dominant_resolution():
    # 12 of 16 known-resolution releases are 1080p: 12 / 16 · 100 = 75; unknown ignored
    resolutions = {"1080p": {"releases": 12}, "2160p": {"releases": 4}, "": {"releases": 9}}
    assert scoring.quality_consistency(resolutions) == 75.0


def test_quality_consistency_is_nothing_without_a_known_resolution():
    assert scoring.quality_consistency({"": {"releases": 3}}) == 0.0


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [
        (0, 100.0),
        (30, 100.0),  # up to 30 days: full
        (200, 75.71),  # 100 · (730 - 200) / 700 = 75.714
        (380, 50.0),  # 100 · 350 / 700
        (730, 0.0),  # two years
        (2000, 0.0),
    ],
)
def test_recency_falls_linearly_from_thirty_days_to_two_years(age_days, expected):
    assert round(scoring.recency(NOW - timedelta(days=age_days), NOW), 2) == expected


def test_recency_is_nothing_without_a_release_date():
    assert scoring.recency(None, NOW) == 0.0


def test_category_diversity_counts_only_the_categories_analysed():
    # Movie and TV of Movie, TV, Documentary: 2 / 3 · 100; Music (4) was not analysed
    assert round(scoring.category_diversity({"1": 5, "2": 1, "4": 2}, [1, 2, 3]), 2) == 66.67
    assert scoring.category_diversity({"1": 5}, []) == 0.0


@pytest.mark.parametrize(
    ("releases", "expected"),
    [(0, 0.0), (1, 0.0), (10, 33.33), (50, 56.63), (1000, 100.0), (5000, 100.0)],
)  # 50: log10(50) / 3 · 100 = 1.69897 / 3 · 100 = 56.632
def test_volume_is_log10_of_releases_with_a_thousand_at_full(releases, expected):
    assert round(scoring.volume(releases), 2) == expected


def test_size_appropriateness_is_the_share_of_judged_releases_in_their_band():
    # 1080p: 8 judged, 6 typical; 2160p: 2 judged, 1 typical → 7 / 10 · 100 = 70
    resolutions = {
        "1080p": {"releases": 9, "judged": 8, "typical": 6},
        "2160p": {"releases": 2, "judged": 2, "typical": 1},
    }
    assert scoring.size_appropriateness(resolutions) == 70.0


def test_size_appropriateness_is_neutral_when_nothing_could_be_judged():
    assert scoring.size_appropriateness({"720p": {"releases": 4, "judged": 0}}) == 50.0


def test_the_size_bands_include_their_edges():
    low, high = scoring.SIZE_BANDS["1080p"]
    assert (low, high) == (4 * GB, 50 * GB)


def test_the_score_is_the_weighted_sum_of_the_components():
    parts = {
        "seeder_health": 60, "internal_ratio": 50, "completion_rate": 40,
        "quality_consistency": 100, "recency": 80, "category_diversity": 33.33,
        "volume": 50, "size_appropriateness": 90,
    }  # fmt: skip
    # (25·60 + 20·50 + 15·40 + 12·100 + 10·80 + 8·33.33 + 5·50 + 5·90) / 100
    # = (1500 + 1000 + 600 + 1200 + 800 + 266.64 + 250 + 450) / 100 = 60.67 → 60.7
    assert scoring.weighted_score(parts) == 60.7


def test_all_components_at_full_score_one_hundred():
    assert scoring.weighted_score(dict.fromkeys(scoring.WEIGHTS, 100.0)) == 100.0


def test_components_from_figures_match_the_worked_example():
    figures = {
        "releases": 20, "internal": 5, "seeders_median": 10, "completed_median": 100,
        "categories": {"1": 18, "3": 2},
        "resolutions": {"1080p": {"releases": 15, "judged": 15, "typical": 15},
                        "2160p": {"releases": 5, "judged": 5, "typical": 3}},
        "newest_release": (NOW - timedelta(days=380)).isoformat(),
    }  # fmt: skip
    parts = scoring.components(figures, now=NOW, analysed=[1, 2, 3])
    assert parts == {
        "seeder_health": 60.0,  # 20 + 40 · log10(10)
        "internal_ratio": 25.0,  # 5 / 20
        "completion_rate": 70.0,  # 10 + 30 · log10(100)
        "quality_consistency": 75.0,  # 15 / 20
        "recency": 50.0,  # 100 · (730 - 380) / 700
        "category_diversity": 66.67,  # {1, 3} of {1, 2, 3}
        "volume": 43.37,  # log10(20) / 3 · 100 = 1.30103 / 3 · 100
        "size_appropriateness": 90.0,  # 18 / 20
    }
    # (25·60 + 20·25 + 15·70 + 12·75 + 10·50 + 8·66.67 + 5·43.37 + 5·90) / 100
    # = (1500 + 500 + 1050 + 900 + 500 + 533.36 + 216.85 + 450) / 100 = 56.5
    result = scoring.reputation(figures, now=NOW, analysed=[1, 2, 3], medium=10, high=30)
    assert (result.score, result.tier, result.confidence) == (56.5, "Average", "medium")


def test_empty_figures_score_zero_but_a_neutral_size():
    parts = scoring.components({}, now=NOW, analysed=[1, 2, 3])
    assert parts["size_appropriateness"] == 50.0
    assert scoring.weighted_score(parts) == 2.5  # 5 · 50 / 100


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100, "Elite"), (80, "Elite"), (79.9, "Good"), (65, "Good"), (64.9, "Average"),
        (45, "Average"), (44.9, "Poor"), (25, "Poor"), (24.9, "Bad"), (0, "Bad"),
    ],
)  # fmt: skip
def test_tiers_start_at_their_boundaries(score, expected):
    assert scoring.tier(score) == expected


@pytest.mark.parametrize(
    ("releases", "expected"),
    [(0, "low"), (9, "low"), (10, "medium"), (29, "medium"), (30, "high"), (500, "high")],
)
def test_confidence_follows_the_releases_seen(releases, expected):
    assert scoring.confidence(releases, medium=10, high=30) == expected
