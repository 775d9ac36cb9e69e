"""Indexer options: Radarr's Settings → Indexers choices, one row for the whole household."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from indexers.decisions.context import DO_NOT_PREFER, DO_NOT_UPGRADE, PREFER
from indexers.release import TORRENT, USENET


class IndexerOptions(models.Model):
    """Run-time choices about releases from every indexer (a singleton: use `load()`)."""

    PROPERS_CHOICES = [
        (PREFER, "Prefer and upgrade"),
        (DO_NOT_UPGRADE, "Do not upgrade automatically"),
        (DO_NOT_PREFER, "Do not prefer"),
    ]
    PROTOCOL_CHOICES = [(USENET, "Usenet"), (TORRENT, "Torrent")]

    minimum_age_minutes = models.PositiveIntegerField(
        default=0, help_text="Usenet only: how old a post must be before it is grabbed."
    )
    retention_days = models.PositiveIntegerField(
        default=0, help_text="Usenet only: skip posts older than this; 0 = unlimited."
    )
    maximum_size_mb = models.PositiveIntegerField(
        default=0, help_text="Skip releases larger than this many MB; 0 = unlimited."
    )
    propers_and_repacks = models.CharField(
        max_length=20,
        choices=PROPERS_CHOICES,
        default=PREFER,
        help_text="Whether a proper or repack replaces a file of the same quality.",
    )
    preferred_protocol = models.CharField(
        max_length=10,
        choices=PROTOCOL_CHOICES,
        default=USENET,  # Radarr's default delay profile prefers usenet
        help_text="Ranks releases of this protocol first when quality and score tie.",
    )
    rss_sync_interval_minutes = models.PositiveIntegerField(
        default=30,  # Radarr's default
        validators=[MaxValueValidator(120)],
        help_text="Minutes between RSS syncs: 10 to 120, or 0 to switch RSS sync off.",
    )

    class Meta:
        verbose_name = "indexer options"
        verbose_name_plural = "indexer options"

    def __str__(self) -> str:
        return "Indexer options"

    def clean(self) -> None:
        # Radarr's bounds: more often than every 10 minutes hammers indexers' RSS feeds.
        if 0 < self.rss_sync_interval_minutes < 10:
            raise ValidationError(
                {"rss_sync_interval_minutes": "Use 0 (off) or between 10 and 120 minutes."}
            )

    @classmethod
    def load(cls) -> IndexerOptions:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
