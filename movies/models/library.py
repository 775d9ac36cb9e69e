"""Where movies live on disk (root folders) and the labels users put on them (tags)."""

from __future__ import annotations

import os
import shutil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def validate_absolute_path(value: str) -> None:
    if not os.path.isabs(value):
        raise ValidationError("Enter an absolute path, such as /data/movies.")


def _within(path: str, folder: str) -> bool:
    """True when `path` is `folder` or lies inside it (both normalised, absolute)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _forms(path: str) -> set[str]:
    """The path as written and as resolved: a symlink must not slip past the rules."""
    return {os.path.normpath(path), os.path.realpath(path)}


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

    def clean(self) -> None:
        """Normalise the path and refuse folders whose movie deletes could hurt the app.

        Deleting a movie removes its folder under the root folder, so a root folder must
        never be "/", hold the app's data or code, or overlap another root folder.
        """
        if not self.path or not os.path.isabs(self.path):
            return  # the field validator already reports it
        self.path = os.path.normpath(self.path)
        if self.path == os.sep:
            raise ValidationError({"path": "The filesystem root cannot be a root folder."})
        mine = _forms(self.path)
        protected = [
            (settings.DATA_DIR, "the app's data folder"),
            (settings.BASE_DIR, "the app's code"),
        ]
        for folder, what in protected:
            if any(_within(str(f), p) for f in _forms(str(folder)) for p in mine):
                raise ValidationError({"path": f"This folder holds {what}; choose another."})
        others = RootFolder.objects.exclude(pk=self.pk).values_list("path", flat=True)
        for other in others:
            theirs = _forms(other)
            if mine & theirs:
                raise ValidationError({"path": "This root folder is already configured."})
            if any(_within(p, o) for p in mine for o in theirs):
                raise ValidationError({"path": f"This folder is inside the root folder {other}."})
            if any(_within(o, p) for p in mine for o in theirs):
                raise ValidationError({"path": f"This folder contains the root folder {other}."})

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
