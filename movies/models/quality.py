"""Quality definitions (size limits per quality) and quality profiles (what to want)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from movies.quality import GROUPS


class QualityDefinition(models.Model):
    """One of Radarr's qualities with its size limits in MB per minute of runtime."""

    quality_id = models.IntegerField(unique=True, help_text="Radarr's quality id")
    name = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=60, help_text="Shown in the UI; defaults to the name")
    source = models.CharField(max_length=20)
    resolution = models.PositiveIntegerField(default=0)
    modifier = models.CharField(max_length=20, blank=True)
    weight = models.PositiveIntegerField(help_text="Order from worst (low) to best (high)")
    min_size = models.FloatField(default=0, help_text="MB per minute")
    preferred_size = models.FloatField(null=True, blank=True, help_text="MB per minute")
    max_size = models.FloatField(null=True, blank=True, help_text="MB per minute; empty = no limit")

    class Meta:
        ordering = ["weight", "quality_id"]

    def __str__(self) -> str:
        return self.title or self.name

    def clean(self) -> None:
        if self.max_size is not None and self.min_size > self.max_size:
            raise ValidationError({"max_size": "The maximum must not be below the minimum."})
        if self.preferred_size is not None and (
            self.preferred_size < self.min_size
            or (self.max_size is not None and self.preferred_size > self.max_size)
        ):
            raise ValidationError({"preferred_size": "Preferred must lie between min and max."})


class QualityProfile(models.Model):
    """Which qualities a movie may have, in order, and when to stop upgrading.

    `items` keeps Radarr's shape, worst first: `{"quality": id, "allowed": bool}` for a
    single quality or `{"id": gid, "name": ..., "items": [ids], "allowed": bool}` for a
    group whose members rank equal. `cutoff` is a quality id or a group id.
    """

    name = models.CharField(max_length=100, unique=True)
    upgrade_allowed = models.BooleanField(default=True)
    cutoff = models.IntegerField(help_text="Quality or group id at which upgrades stop")
    items = models.JSONField(default=list)
    min_format_score = models.IntegerField(default=0)
    cutoff_format_score = models.IntegerField(default=0)
    min_upgrade_format_score = models.IntegerField(default=1)
    # Scene-group reputation (scenegroups): a release whose group is known, confidently,
    # to score below this is rejected. 0 = off, Radarr's behaviour.
    minimum_reputation = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="0-100; 0 = off",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allowed_ids(self) -> list[int]:
        """Allowed quality ids, worst first (group members share their group's place)."""
        ids: list[int] = []
        for item in self.items:
            if item.get("allowed"):
                ids.extend(item["items"] if "items" in item else [item["quality"]])
        return ids

    def item_ids(self) -> set[int]:
        return {
            i
            for item in self.items
            for i in ([item.get("id")] if "items" in item else [item["quality"]])
        }

    def cutoff_name(self) -> str:
        for item in self.items:
            if "items" in item and item.get("id") == self.cutoff:
                return item["name"]
        definition = QualityDefinition.objects.filter(quality_id=self.cutoff).first()
        return str(definition) if definition else "?"

    def clean(self) -> None:
        known = set(QualityDefinition.objects.values_list("quality_id", flat=True)) | set(GROUPS)
        seen: set[int] = set()
        for item in self.items:
            members = item.get("items") if "items" in item else [item.get("quality")]
            for qid in members or []:
                if qid not in known:
                    raise ValidationError({"items": f"Unknown quality id {qid}."})
                if qid in seen:
                    raise ValidationError({"items": f"Quality id {qid} appears twice."})
                seen.add(qid)
        if not self.allowed_ids():
            raise ValidationError({"items": "Allow at least one quality."})
        allowed_places = {
            item.get("id") if "items" in item else item["quality"]
            for item in self.items
            if item.get("allowed")
        }
        if self.cutoff not in allowed_places:
            raise ValidationError({"cutoff": "The cutoff must be one of the allowed qualities."})
