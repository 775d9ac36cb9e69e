"""Library import results: the last scan of each root folder and one row per folder found.

Kept in the database so the Library Import page survives a reload and the import, run as
a task, works from what the user saw and chose.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class LibraryScan(models.Model):
    """The latest scan of one root folder (a new scan replaces its rows)."""

    IDLE, SCANNING, IMPORTING, FAILED = "idle", "scanning", "importing", "failed"
    STATES = [
        (IDLE, "Idle"),
        (SCANNING, "Scanning"),
        (IMPORTING, "Importing"),
        (FAILED, "Failed"),
    ]

    root_folder = models.OneToOneField(
        "movies.RootFolder", on_delete=models.CASCADE, related_name="library_scan"
    )
    state = models.CharField(max_length=10, choices=STATES, default=IDLE)
    message = models.CharField(max_length=500, blank=True, help_text="Why the scan stopped")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched on every state change: a "scanning" row silent past the task timeout is dead.
    updated_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Library scan of {self.root_folder}"

    @property
    def busy(self) -> bool:
        return self.state in (self.SCANNING, self.IMPORTING)


class ScannedFolder(models.Model):
    """One folder (or loose file) of a scan: what is on disk and the proposed movie."""

    MATCHED, UNMATCHED, IN_LIBRARY, IMPORTING, IMPORTED = (
        "matched",
        "unmatched",
        "in_library",
        "importing",
        "imported",
    )
    STATUSES = [
        (MATCHED, "Matched"),
        (UNMATCHED, "Unmatched"),
        (IN_LIBRARY, "Already in the library"),
        (IMPORTING, "Importing"),
        (IMPORTED, "Imported"),
    ]

    scan = models.ForeignKey(LibraryScan, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=500, help_text="Folder (or loose file) name")
    path = models.CharField(max_length=1000)
    loose_file = models.BooleanField(default=False)
    file_count = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    main_file = models.CharField(max_length=500, blank=True, help_text="Inside the folder")
    main_file_size = models.BigIntegerField(default=0)
    quality_id = models.IntegerField(default=0)
    parsed_title = models.CharField(max_length=300, blank=True)
    parsed_year = models.PositiveIntegerField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=STATUSES, default=UNMATCHED)
    reason = models.CharField(max_length=500, blank=True)
    selected = models.BooleanField(default=True)
    tmdb_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    poster_path = models.CharField(max_length=200, blank=True)
    confidence = models.PositiveSmallIntegerField(default=0)
    chosen = models.BooleanField(default=False, help_text="Match picked by the user")
    movie = models.ForeignKey(
        "movies.Movie", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "name"], name="unique_scanned_folder_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def confidence_label(self) -> str:
        from movies.imports.match import confidence_label

        return "chosen" if self.chosen else confidence_label(self.confidence)

    @property
    def quality_name(self) -> str:
        from movies.quality import BY_ID

        quality = BY_ID.get(self.quality_id)
        return quality.name if quality else "Unknown"

    @property
    def can_change_match(self) -> bool:
        """A folder with a video can take another movie, even when its match is in the
        library already (the guess may be wrong); a folder a movie uses has no video read."""
        changeable = (self.MATCHED, self.UNMATCHED, self.IN_LIBRARY)
        return bool(self.main_file) and not self.loose_file and self.status in changeable
