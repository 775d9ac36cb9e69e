"""Where movies live on disk (root folders) and the labels users put on them (tags)."""

from __future__ import annotations

import os
import shutil

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def validate_absolute_path(value: str) -> None:
    if not os.path.isabs(value):
        raise ValidationError("Enter an absolute path, such as /data/movies.")


class RootFolder(models.Model):
    """A folder that holds movie folders; its disk figures are refreshed by the health check."""

    path = models.CharField(max_length=500, unique=True, validators=[validate_absolute_path])
    accessible = models.BooleanField(default=False)
    free_space = models.BigIntegerField(null=True, blank=True, help_text="bytes")
    total_space = models.BigIntegerField(null=True, blank=True, help_text="bytes")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path

    def probe_disk(self) -> None:
        """Read accessibility and disk space from the filesystem (I/O); does not save."""
        self.checked_at = timezone.now()
        if os.path.isdir(self.path) and os.access(self.path, os.R_OK | os.W_OK | os.X_OK):
            usage = shutil.disk_usage(self.path)
            self.accessible, self.free_space, self.total_space = True, usage.free, usage.total
        else:
            self.accessible, self.free_space, self.total_space = False, None, None


class Tag(models.Model):
    """A label for movies (and, later, indexers and clients), lower-case as in Radarr."""

    label = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.label = self.label.strip().lower()
        super().save(*args, **kwargs)
