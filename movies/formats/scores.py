"""Store a quality profile's custom format scores (what the profile editor saves)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from movies.models import CustomFormat, ProfileFormatScore, QualityProfile

# Radarr keeps scores in 32-bit integers; guides use up to ±10,000. Past a million is a typo.
SCORE_LIMIT = 1_000_000


def profile_scores(profile: QualityProfile) -> dict[int, int]:
    """{custom format id: score} of one profile (formats it does not score are absent)."""
    return dict(profile.format_scores.values_list("custom_format_id", "score"))


def save_profile_scores(profile: QualityProfile, scores: Mapping[int, int]) -> None:
    """Set the profile's score of each given format; 0 removes the row (0 is the default).

    Formats deleted meanwhile are skipped rather than failing the whole save.
    """
    existing = set(CustomFormat.objects.filter(pk__in=list(scores)).values_list("pk", flat=True))
    zero = [pk for pk, score in scores.items() if pk in existing and score == 0]
    rows = [
        ProfileFormatScore(profile=profile, custom_format_id=pk, score=score)
        for pk, score in scores.items()
        if pk in existing and score != 0
    ]
    with transaction.atomic():
        ProfileFormatScore.objects.filter(profile=profile, custom_format_id__in=zero).delete()
        ProfileFormatScore.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["profile", "custom_format"],
            update_fields=["score"],
        )


def copy_profile_scores(source: QualityProfile, target: QualityProfile) -> None:
    """Give `target` every custom format score `source` has (for Copy profile)."""
    ProfileFormatScore.objects.bulk_create(
        ProfileFormatScore(profile=target, custom_format_id=row.custom_format_id, score=row.score)
        for row in source.format_scores.all()
    )
