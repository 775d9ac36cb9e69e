"""The blocklist: releases not to grab again for a movie (a failed download, a user's veto).

(The tracked download and the queue arrive with the downloads issue.)
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Blocklist(models.Model):
    """One blocked release of one movie, matched as Radarr does: a torrent by its info hash
    (else title and indexer), a usenet post by title and publish date."""

    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="blocklist")
    source_title = models.CharField(max_length=500)
    guid = models.CharField(max_length=1000, blank=True)
    info_hash = models.CharField(max_length=64, blank=True, help_text="Torrents; lower case")
    indexer = models.CharField(max_length=200, blank=True)
    protocol = models.CharField(max_length=10, blank=True)
    quality_id = models.IntegerField(default=0, help_text="Radarr's quality id")
    size = models.BigIntegerField(default=0, help_text="bytes")
    publish_date = models.DateTimeField(
        null=True, blank=True, help_text="When the indexer published the release"
    )
    date = models.DateTimeField(default=timezone.now, db_index=True)
    message = models.CharField(max_length=1000, blank=True, help_text="Why it was blocked")

    class Meta:
        ordering = ["-date"]
        verbose_name = "blocklisted release"
        verbose_name_plural = "blocklist"

    def __str__(self) -> str:
        return self.source_title

    @property
    def quality_name(self) -> str:
        from movies.services import QUALITIES_BY_ID as BY_ID

        quality = BY_ID.get(self.quality_id)
        return quality.name if quality else "Unknown"
