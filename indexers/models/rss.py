"""RSS sync state: which feed items each indexer has already shown us, and what each
sync found (the Indexers page shows the last one)."""

from __future__ import annotations

from django.db import models

from indexers.models.indexer import Indexer


class SeenRelease(models.Model):
    """A feed item already processed by RSS sync; later syncs skip it.

    `key` is a digest of the item's guid (or title and size when it has none), so the
    column stays small whatever the indexer sends. Housekeeping forgets old rows.
    """

    indexer = models.ForeignKey(Indexer, on_delete=models.CASCADE, related_name="seen")
    key = models.CharField(max_length=64)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indexer", "key"], name="seen_release_once")]
        indexes = [models.Index(fields=["seen_at"])]

    def __str__(self) -> str:
        return f"{self.indexer_id}:{self.key}"


class RssSyncReport(models.Model):
    """One indexer's part of one RSS sync: items read, new, matched, grabbed, and the
    count of each rejection reason (its sentence's rule name → count)."""

    indexer = models.ForeignKey(Indexer, on_delete=models.CASCADE, related_name="rss_reports")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    new_items = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    grabbed = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["indexer", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.indexer} RSS sync at {self.started_at:%Y-%m-%d %H:%M}"
