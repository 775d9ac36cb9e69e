"""Custom formats (Radarr's named sets of conditions on a release) and their profile scores.

`specifications` keeps the shape the community guides publish, so export is a dump:
`[{"name", "implementation", "negate", "required", "fields": {"value": ...}}]`. The
conditions are validated and compiled by movies.formats; this model only stores them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from movies.models.quality import QualityProfile


class CustomFormat(models.Model):
    """A named set of conditions; a release that meets them earns the profile's score."""

    name = models.CharField(max_length=100, unique=True)
    include_when_renaming = models.BooleanField(
        default=False, help_text="Put this format's name in renamed files ({Custom Formats})"
    )
    specifications = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Lazy: movies.formats imports the models.
        from movies.formats.transfer import normalize_specifications

        if not self.specifications:
            return  # no conditions yet: allowed while editing; such a format matches nothing
        try:
            self.specifications = normalize_specifications(self.specifications)
        except ValueError as exc:
            raise ValidationError({"specifications": str(exc)}) from None


class ProfileFormatScore(models.Model):
    """How much a quality profile likes (or dislikes, below zero) one custom format."""

    profile = models.ForeignKey(
        QualityProfile, on_delete=models.CASCADE, related_name="format_scores"
    )
    custom_format = models.ForeignKey(
        CustomFormat, on_delete=models.CASCADE, related_name="profile_scores"
    )
    score = models.IntegerField(default=0)

    class Meta:
        ordering = ["profile", "custom_format"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "custom_format"], name="unique_profile_format_score"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.custom_format} = {self.score}"
