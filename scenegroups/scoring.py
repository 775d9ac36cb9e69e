"""The reputation score: a group's figures → eight components (each 0-100) → the score
(0-100), its quality tier and how confident we are in it. Plain functions, no ORM.

The figures are the dict scenegroups.figures builds (and SceneGroup.figures keeps):

    releases            torrents seen
    internal            of them internal (HDBits origin 1)
    seeders_median      median seeders per torrent (the middle two averaged)
    completed_median    median times completed per torrent
    categories          {"<HDBits category>": releases}
    resolutions         {"1080p": {"releases", "judged", "typical", "size_total",
                                   "size_min", "size_max"}, ...} ("" = not known)
    newest_release      ISO date-time of the newest release added (or None)

The score is the sum of weight * component / 100 over the eight components below; each
component's docstring gives its exact formula and each has a worked example in
tests/scenegroups/test_scoring.py. Our own history (grabs, imports, failures) is shown
beside the score, never mixed into it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GB = 1024**3

# key, label, weight in percent (they sum to 100)
COMPONENTS: tuple[tuple[str, str, int], ...] = (
    ("seeder_health", "Seeder health", 25),
    ("internal_ratio", "Internal ratio", 20),
    ("completion_rate", "Completion rate", 15),
    ("quality_consistency", "Quality consistency", 12),
    ("recency", "Recency", 10),
    ("category_diversity", "Category diversity", 8),
    ("volume", "Volume", 5),
    ("size_appropriateness", "Size appropriateness", 5),
)
WEIGHTS: dict[str, int] = {key: weight for key, _, weight in COMPONENTS}
LABELS: dict[str, str] = {key: label for key, label, _ in COMPONENTS}

# The size band (bytes, inclusive) a movie-length release of each resolution typically
# falls in, from a small encode to a remux of a feature film. Outside it sits a sample,
# a split, a mislabelled or a bloated release. Full Blu-ray discs at 2160p reach 100 GB.
SIZE_BANDS: dict[str, tuple[int, int]] = {
    "2160p": (10 * GB, 100 * GB),
    "1080p": (4 * GB, 50 * GB),
    "720p": (2 * GB, 15 * GB),
    "SD": (GB // 2, 6 * GB),
}
# HDBits categories whose releases are movie-length (Movie, Documentary); a TV release
# may be one episode or a whole season, so its size says nothing about the group.
MOVIE_LENGTH_CATEGORIES = (1, 3)
SIZE_NOT_JUDGED = 50.0  # neither good nor bad when no release could be judged

# (minimum score, tier), best first; below the last one a group is "Bad".
TIERS: tuple[tuple[float, str], ...] = (
    (80, "Elite"),
    (65, "Good"),
    (45, "Average"),
    (25, "Poor"),
)
BOTTOM_TIER = "Bad"

RECENT_DAYS = 30  # a release this new (or newer) scores full recency
STALE_DAYS = 730  # a newest release two years old (or older) scores none


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def seeder_health(seeders_median: float) -> float:
    """Median seeders per torrent on a log scale, anchored at 0 → 0, 1 → 20, 10 → 60,
    100 (or more) → 100: below one seeder 20 * s, from one 20 + 40 * log10(s), capped.
    Example: a median of 5 seeders → 20 + 40 * 0.69897 = 47.96."""
    if seeders_median <= 0:
        return 0.0
    if seeders_median < 1:
        return 20.0 * seeders_median
    return _clamp(20.0 + 40.0 * math.log10(seeders_median))


def internal_ratio(internal: int, releases: int) -> float:
    """Internal releases as a share of all: internal / releases * 100 (0 with none)."""
    return _clamp(100.0 * internal / releases) if releases else 0.0


def completion_rate(completed_median: float) -> float:
    """Median times completed per torrent on a log scale, anchored at 0 → 0, 1 → 10,
    10 → 40, 100 → 70, 1000 (or more) → 100: below one 10 * c, from one
    10 + 30 * log10(c), capped. Example: a median of 250 → 10 + 30 * 2.39794 = 81.94."""
    if completed_median <= 0:
        return 0.0
    if completed_median < 1:
        return 10.0 * completed_median
    return _clamp(10.0 + 30.0 * math.log10(completed_median))


def quality_consistency(resolutions: dict[str, dict]) -> float:
    """The share of releases in the group's dominant resolution: the largest
    resolution's releases / releases of a known resolution * 100. Releases whose
    resolution is not known ("") count in neither; none known → 0."""
    counts = [row.get("releases", 0) for res, row in resolutions.items() if res]
    known = sum(counts)
    return _clamp(100.0 * max(counts) / known) if known else 0.0


def recency(newest: datetime | None, now: datetime) -> float:
    """How new the newest release is: ≤ 30 days old → 100, ≥ 730 days (two years) → 0,
    linear between: 100 * (730 - age) / 700, age in days (fractional).
    Example: newest 200 days old → 100 * 530 / 700 = 75.71. No release date → 0."""
    if newest is None:
        return 0.0
    age = (now - newest).total_seconds() / 86400
    if age <= RECENT_DAYS:
        return 100.0
    return _clamp(100.0 * (STALE_DAYS - age) / (STALE_DAYS - RECENT_DAYS))


def category_diversity(categories: Iterable[int | str], analysed: Iterable[int]) -> float:
    """Categories the group released in, of those the analysis read:
    covered ∩ analysed / analysed * 100 (nothing analysed → 0).
    Example: Movie and TV of Movie, TV, Documentary → 2 / 3 * 100 = 66.67."""
    analysed_set = {int(c) for c in analysed}
    if not analysed_set:
        return 0.0
    covered = {int(c) for c in categories} & analysed_set
    return 100.0 * len(covered) / len(analysed_set)


def volume(releases: int) -> float:
    """The number of releases on a log scale: log10(releases) / 3 * 100, so 1 → 0,
    10 → 33.33, 100 → 66.67, 1000 (or more) → 100; none → 0."""
    return _clamp(100.0 * math.log10(releases) / 3) if releases > 0 else 0.0


def size_appropriateness(resolutions: dict[str, dict]) -> float:
    """The share of judged releases whose size is typical for their resolution:
    typical / judged * 100. Judged are movie-length releases (HDBits Movie or
    Documentary) of a resolution in SIZE_BANDS; typical are those inside its band
    (inclusive). No release judged (a TV-only group) → 50, neither good nor bad."""
    judged = sum(row.get("judged", 0) for row in resolutions.values())
    typical = sum(row.get("typical", 0) for row in resolutions.values())
    return _clamp(100.0 * typical / judged) if judged else SIZE_NOT_JUDGED


def _parse_when(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def components(figures: dict, *, now: datetime, analysed: Iterable[int]) -> dict[str, float]:
    """The eight components (key → 0-100, rounded to 2 places) of one group's figures;
    `analysed` are the HDBits categories the analysis reads."""
    resolutions = figures.get("resolutions", {})
    releases = figures.get("releases", 0)
    values = {
        "seeder_health": seeder_health(figures.get("seeders_median", 0)),
        "internal_ratio": internal_ratio(figures.get("internal", 0), releases),
        "completion_rate": completion_rate(figures.get("completed_median", 0)),
        "quality_consistency": quality_consistency(resolutions),
        "recency": recency(_parse_when(figures.get("newest_release")), now),
        "category_diversity": category_diversity(figures.get("categories", {}), analysed),
        "volume": volume(releases),
        "size_appropriateness": size_appropriateness(resolutions),
    }
    return {key: round(value, 2) for key, value in values.items()}


def weighted_score(parts: dict[str, float]) -> float:
    """Σ weight * component / 100 over the eight components (missing ones count 0),
    rounded to one place: 0-100."""
    total = sum(WEIGHTS[key] * parts.get(key, 0.0) for key in WEIGHTS) / 100
    return round(_clamp(total), 1)


def tier(score: float) -> str:
    """The quality tier: ≥ 80 Elite, ≥ 65 Good, ≥ 45 Average, ≥ 25 Poor, else Bad."""
    for minimum, name in TIERS:
        if score >= minimum:
            return name
    return BOTTOM_TIER


def confidence(releases: int, medium: int, high: int) -> str:
    """How much the score can be trusted from the releases seen: at least `high`
    releases → "high", at least `medium` → "medium", else "low"."""
    if releases >= high:
        return "high"
    if releases >= medium:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Reputation:
    """One group's components, score, tier and confidence."""

    components: dict[str, float]
    score: float
    tier: str
    confidence: str


def reputation(
    figures: dict, *, now: datetime, analysed: Iterable[int], medium: int, high: int
) -> Reputation:
    """Everything scored from one group's figures."""
    parts = components(figures, now=now, analysed=analysed)
    score = weighted_score(parts)
    return Reputation(
        parts, score, tier(score), confidence(figures.get("releases", 0), medium, high)
    )
