"""Scene-group reputation: what HDBits says about each release group's torrents, the score
worked out from it, and the analysis run that reads HDBits page by page.

GroupTorrent keeps each torrent seen (once, by its HDBits id), so a page read twice after
a restart never counts twice and the score can be recomputed without asking HDBits again.
SceneGroup keeps the aggregated figures, the eight components and the score.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def group_key(name: str) -> str:
    """How a group is recognised whatever its case ("FraMeSToR" = "framestor")."""
    return name.strip().lower()


class SceneGroup(models.Model):
    """One release group with its figures, components (each 0-100) and score (0-100)."""

    class Confidence(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    key = models.CharField(max_length=100, unique=True)  # group_key(name)
    name = models.CharField(max_length=100)  # as most often written
    figures = models.JSONField(default=dict, blank=True)  # raw aggregates (see scoring)
    history = models.JSONField(default=dict, blank=True)  # our own grabs/imports/failures
    components = models.JSONField(default=dict, blank=True)  # component name → 0-100
    score = models.FloatField(null=True, blank=True)
    tier = models.CharField(max_length=20, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.LOW)
    releases = models.PositiveIntegerField(default=0)
    last_analyzed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "name"]
        indexes = [models.Index(fields=["score"]), models.Index(fields=["releases"])]

    def __str__(self) -> str:
        return self.name


class GroupTorrent(models.Model):
    """One HDBits torrent as the analysis read it."""

    hdbits_id = models.PositiveBigIntegerField(unique=True)
    group_key = models.CharField(max_length=100, db_index=True)
    group_name = models.CharField(max_length=100)
    name = models.CharField(max_length=500)
    category = models.PositiveSmallIntegerField()  # HDBits type_category
    resolution = models.CharField(max_length=10, blank=True)  # 2160p, 1080p, 720p, SD, ""
    size = models.BigIntegerField(default=0)
    seeders = models.PositiveIntegerField(default=0)
    leechers = models.PositiveIntegerField(default=0)
    times_completed = models.PositiveIntegerField(default=0)
    internal = models.BooleanField(default=False)
    added = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class AnalysisSettings(models.Model):
    """How the analysis runs (a singleton: use `load()`)."""

    enabled = models.BooleanField(default=True, help_text="Run the weekly analysis")
    interval_days = models.PositiveIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    categories = models.JSONField(default=list, blank=True, help_text="HDBits categories")
    pages_per_category = models.PositiveIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    pause_seconds = models.PositiveIntegerField(
        default=35, help_text="Pause between pages and between categories (HDBits asks 35 s)"
    )
    minimum_releases_medium = models.PositiveIntegerField(
        default=10, help_text="Releases seen for medium confidence"
    )
    minimum_releases_high = models.PositiveIntegerField(
        default=30, help_text="Releases seen for high confidence"
    )

    class Meta:
        verbose_name = "scene-group analysis settings"
        verbose_name_plural = "scene-group analysis settings"

    def __str__(self) -> str:
        return "Scene-group analysis settings"

    @classmethod
    def load(cls) -> AnalysisSettings:
        obj, _ = cls.objects.get_or_create(pk=1, defaults={"categories": [1, 2, 3]})
        return obj


class AnalysisRun(models.Model):
    """One analysis: where it is (category index, page), so a restart resumes there."""

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    categories = models.JSONField(default=list)  # the categories of this run, in order
    pages_per_category = models.PositiveIntegerField(default=5)
    category_index = models.PositiveIntegerField(default=0)  # the next page to read is
    page = models.PositiveIntegerField(default=0)  # (categories[category_index], page)
    pages_done = models.PositiveIntegerField(default=0)
    torrents_seen = models.PositiveIntegerField(default=0)
    next_page_at = models.DateTimeField(null=True, blank=True)  # the pause before it
    page_tries = models.PositiveSmallIntegerField(default=0)  # failed reads of that page
    without_group = models.PositiveIntegerField(default=0)  # torrents naming no group
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Analysis {self.started_at:%Y-%m-%d %H:%M} ({self.state})"

    @property
    def pages_total(self) -> int:
        return len(self.categories) * self.pages_per_category
