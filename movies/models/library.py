"""Where movies live on disk (root folders) and the labels users put on them (tags)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from movies.folders import forms_within, path_forms


def validate_absolute_path(value: str) -> None:
    if not os.path.isabs(value):
        raise ValidationError("Enter an absolute path, such as /data/movies.")


# Operating-system folders: movie folders created or deleted there could break the host.
SYSTEM_FOLDERS = (
    "/proc",
    "/sys",
    "/dev",
    "/run",
    "/boot",
    "/etc",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/usr",
)


def system_folder_problem(path: str) -> str:
    """Why `path` (absolute) is an operating-system location, or "" when it is not.

    The home folder itself is refused too: it holds the user's own files and dotfolders,
    not movie folders; a folder inside it, such as ~/Movies, is fine.
    """
    for system in SYSTEM_FOLDERS:
        if forms_within(path, system):
            return f"{system} is a system folder; choose a folder for movies."
    home = os.path.expanduser("~")
    if os.path.isabs(home) and path_forms(path) & path_forms(home):
        return "This is the home folder itself; choose a folder inside it."
    return ""


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
        never be "/", a system folder or the home folder, hold the app's data or code, or
        overlap another root folder.
        """
        if not self.path or not os.path.isabs(self.path):
            return  # the field validator already reports it
        self.path = os.path.normpath(self.path)
        if self.path == os.sep:
            raise ValidationError({"path": "The filesystem root cannot be a root folder."})
        problem = system_folder_problem(self.path)
        if problem:
            raise ValidationError({"path": problem})
        protected = [
            (str(settings.DATA_DIR), "the app's data folder"),
            (str(settings.BASE_DIR), "the app's code"),
        ]
        for folder, what in protected:
            # Both ways: a root around the app's folders, or inside them, risks its files.
            if forms_within(folder, self.path):
                raise ValidationError({"path": f"This folder holds {what}; choose another."})
            if forms_within(self.path, folder):
                raise ValidationError({"path": f"This folder is inside {what}; choose another."})
        others = RootFolder.objects.exclude(pk=self.pk).values_list("path", flat=True)
        for other in others:
            if path_forms(self.path) & path_forms(other):
                raise ValidationError({"path": "This root folder is already configured."})
            if forms_within(self.path, other):
                raise ValidationError({"path": f"This folder is inside the root folder {other}."})
            if forms_within(other, self.path):
                raise ValidationError({"path": f"This folder contains the root folder {other}."})

    def probe_disk(self) -> None:
        """Read accessibility and disk space from the filesystem (I/O); does not save."""
        self.checked_at = timezone.now()
        if os.path.isdir(self.path) and os.access(self.path, os.R_OK | os.W_OK | os.X_OK):
            usage = shutil.disk_usage(self.path)
            self.accessible, self.free_space, self.total_space = True, usage.free, usage.total
        else:
            self.accessible, self.free_space, self.total_space = False, None, None


# Radarr's tag labels: lower-case letters, digits and dashes.
_TAG_LABEL = re.compile(r"^[a-z0-9-]+$")
TAG_LABEL_RULE = "Use lower-case letters, digits and dashes only (a to z, 0 to 9, -)."


def normalise_tag_label(raw: str) -> str:
    """What a typed label is stored as: trimmed, lower-case, inner spaces turned into "-".

    Raises ValidationError when anything else than a to z, 0 to 9 and "-" is left.
    """
    label = re.sub(r"\s+", "-", raw.strip().lower())
    if not label:
        raise ValidationError("Enter a label.")
    if not _TAG_LABEL.match(label):
        raise ValidationError(TAG_LABEL_RULE)
    return label


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

    def clean(self) -> None:
        """Refuse labels Radarr would refuse (spaces become dashes, as the forms do)."""
        if not self.label:
            return  # the field's own blank check reports it (or a form already did)
        try:
            self.label = normalise_tag_label(self.label or "")
        except ValidationError as error:
            raise ValidationError({"label": error.messages}) from error


def tags_with_labels(tags: Iterable[Tag], labels: Iterable[str]) -> list[Tag]:
    """`tags` plus a tag for each label, creating those that do not exist yet (writes)."""
    chosen = list(tags)
    for label in labels:
        tag, _ = Tag.objects.get_or_create(label=label)
        if tag not in chosen:
            chosen.append(tag)
    return chosen
