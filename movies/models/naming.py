"""Settings → Media Management: how imported movies are named and where replaced files go."""

from __future__ import annotations

from django.db import models

DEFAULT_FILE_FORMAT = "{Movie Title} ({Release Year}) {Quality Full}"
DEFAULT_FOLDER_FORMAT = "{Movie Title} ({Release Year})"


class ColonReplacement(models.TextChoices):
    """Radarr's choices for ':' in a name (it is illegal on Windows and SMB shares)."""

    DELETE = "delete", "Delete"
    DASH = "dash", "Replace with dash"
    SPACE_DASH = "spaceDash", "Replace with space dash"
    SPACE_DASH_SPACE = "spaceDashSpace", "Replace with space dash space"
    SMART = "smart", "Smart replace"


class MediaManagement(models.Model):
    """The naming and file-handling choices (a singleton, as Radarr's config)."""

    rename_movies = models.BooleanField(
        default=True, help_text="Rename imported files with the movie file format"
    )
    replace_illegal = models.BooleanField(
        default=True, help_text="Replace characters file systems refuse; off removes them"
    )
    colon_replacement = models.CharField(
        max_length=20, choices=ColonReplacement.choices, default=ColonReplacement.SMART
    )
    standard_movie_format = models.CharField(max_length=500, default=DEFAULT_FILE_FORMAT)
    movie_folder_format = models.CharField(max_length=500, default=DEFAULT_FOLDER_FORMAT)
    use_hardlinks = models.BooleanField(
        default=True,
        help_text="Torrents: hardlink, not copy, so the client keeps seeding",
    )
    recycle_bin = models.CharField(
        max_length=1000, blank=True, help_text="Replaced files go here; empty deletes them"
    )
    recycle_bin_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days before the recycle bin is emptied; 0 keeps files"
    )

    class Meta:
        verbose_name = verbose_name_plural = "media management"

    def __str__(self) -> str:
        return "Media management"

    @classmethod
    def load(cls) -> MediaManagement:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
