"""Download clients, the downloads we track through them, their history, and the blocklist.

A DownloadClient row is configuration; `client()` hands its kind's class a plain
ClientConfig. A Download is one grabbed release followed from the grab to the import (or
failure); History keeps what happened; the Blocklist keeps what must not be grabbed again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from downloads.clients import KIND_CHOICES, KINDS, build_client, protocol_of
from downloads.clients.base import ClientConfig
from downloads.clients.base import DownloadClient as ClientInterface

PROTOCOL_CHOICES = [("torrent", "Torrent"), ("usenet", "Usenet")]


class DownloadClient(models.Model):
    """One configured download client (Settings → Download Clients)."""

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    priority = models.PositiveSmallIntegerField(
        default=1, help_text="1 (first) to 50: the first enabled client of a protocol is used"
    )
    base_url = models.CharField(
        max_length=500, help_text="e.g. http://127.0.0.1:8080 (with a URL base if it has one)"
    )
    username = models.CharField(max_length=200, blank=True)
    password = models.CharField(max_length=500, blank=True)
    api_key = models.CharField(max_length=200, blank=True)
    category = models.CharField(
        max_length=100, default="radarr", blank=True, help_text="Label / category for our items"
    )
    start_paused = models.BooleanField(default=False, help_text="Add items paused")
    remove_completed = models.BooleanField(
        default=True, help_text="Remove from the client after import (once seed goals are met)"
    )
    remove_failed = models.BooleanField(default=True)
    seed_ratio = models.FloatField(null=True, blank=True, help_text="Torrents; empty = client's")
    seed_time_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Torrents: minutes of seeding before the item may be removed after import",
    )
    options = models.JSONField(default=dict, blank=True, help_text="Settings only this kind has")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def protocol(self) -> str:
        return protocol_of(self.kind)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0] if self.kind in KINDS else self.kind

    def config(self) -> ClientConfig:
        return ClientConfig(
            id=self.pk,
            name=self.name,
            kind=self.kind,
            base_url=self.base_url.rstrip("/"),
            username=self.username,
            password=self.password,
            api_key=self.api_key,
            category=self.category,
            start_paused=self.start_paused,
            seed_ratio=self.seed_ratio,
            seed_time_minutes=self.seed_time_minutes,
            options=dict(self.options or {}),
        )

    def client(self) -> ClientInterface:
        return build_client(self.config())

    def clean(self) -> None:
        if self.kind and self.kind not in KINDS:
            raise ValidationError({"kind": f"Unknown kind {self.kind!r}."})
        if not self.base_url.startswith(("http://", "https://")):
            raise ValidationError(
                {"base_url": "Give the full address, starting http:// or https://."}
            )
        if self.priority < 1 or self.priority > 50:
            raise ValidationError({"priority": "Priority runs from 1 to 50."})


class Download(models.Model):
    """One grabbed release followed through its client until it is imported or fails."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        DOWNLOADING = "downloading", "Downloading"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"  # done in the client, not yet imported
        IMPORTING = "importing", "Importing"
        IMPORT_BLOCKED = "import_blocked", "Import blocked"  # waits for the user (reason)
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"
        REMOVED = "removed", "Removed"  # gone from the client without being imported

    ACTIVE_STATES = [
        State.QUEUED,
        State.DOWNLOADING,
        State.PAUSED,
        State.COMPLETED,
        State.IMPORTING,
        State.IMPORT_BLOCKED,
    ]

    movie = models.ForeignKey(
        "movies.Movie", null=True, blank=True, on_delete=models.CASCADE, related_name="downloads"
    )
    client = models.ForeignKey(
        DownloadClient, null=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    protocol = models.CharField(max_length=10, choices=PROTOCOL_CHOICES)
    download_id = models.CharField(
        max_length=200, help_text="Torrent info hash (lower case) or the client's own id"
    )
    source_title = models.CharField(max_length=500)
    indexer = models.CharField(max_length=200, blank=True)
    guid = models.CharField(max_length=1000, blank=True)
    info_hash = models.CharField(max_length=64, blank=True)
    publish_date = models.DateTimeField(null=True, blank=True)
    quality_id = models.IntegerField(default=0)
    quality_version = models.PositiveSmallIntegerField(default=1)
    format_score = models.IntegerField(default=0)
    size = models.BigIntegerField(default=0)
    # The indexer's seed goals for this torrent (None: the client's own apply).
    seed_ratio = models.FloatField(null=True, blank=True)
    seed_time_minutes = models.PositiveIntegerField(null=True, blank=True)
    grabbed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    grabbed_from = models.CharField(
        max_length=20, default="automatic", help_text="automatic, interactive, api or unknown"
    )
    grabbed_at = models.DateTimeField(default=timezone.now, db_index=True)

    state = models.CharField(
        max_length=20, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.FloatField(default=0.0)
    size_left = models.BigIntegerField(default=0)
    eta_seconds = models.PositiveIntegerField(null=True, blank=True)
    speed = models.BigIntegerField(default=0, help_text="bytes per second")
    output_path = models.CharField(max_length=2000, blank=True, help_text="As the client sees it")
    save_path = models.CharField(
        max_length=2000, blank=True, help_text="The client's download folder for this item"
    )
    import_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When an import claimed it (a stale claim is retried)"
    )
    status_message = models.CharField(max_length=1000, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    client_state = models.CharField(max_length=50, blank=True)
    seeding = models.BooleanField(default=False)
    ratio = models.FloatField(null=True, blank=True)
    seeding_seconds = models.PositiveIntegerField(null=True, blank=True)
    polled_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    removed_from_client = models.BooleanField(default=False)

    class Meta:
        ordering = ["-grabbed_at"]
        constraints = [
            # A client item is tracked once; two workers grabbing the same release at once
            # collide here instead of sending it twice.
            models.UniqueConstraint(
                fields=["client", "download_id"], name="download_once_per_client_item"
            ),
            models.UniqueConstraint(
                fields=["movie", "guid"],
                condition=~Q(guid="")
                & Q(
                    state__in=[
                        "queued",
                        "downloading",
                        "paused",
                        "completed",
                        "importing",
                        "import_blocked",
                    ]
                ),
                name="download_active_once_per_release",
            ),
        ]

    def __str__(self) -> str:
        return self.source_title

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def quality_name(self) -> str:
        from movies.services import QUALITIES_BY_ID as BY_ID

        quality = BY_ID.get(self.quality_id)
        return quality.name if quality else "Unknown"


class History(models.Model):
    """What happened to a movie's releases: grabbed, imported, failed, deleted, ignored."""

    class Event(models.TextChoices):
        GRABBED = "grabbed", "Grabbed"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Download failed"
        IMPORT_FAILED = "import_failed", "Import failed"
        REMOVED = "removed", "Removed from client"
        IGNORED = "ignored", "Ignored"
        FILE_DELETED = "file_deleted", "File deleted"
        FILE_RENAMED = "file_renamed", "File renamed"

    movie = models.ForeignKey(
        "movies.Movie", null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    download = models.ForeignKey(
        Download, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    event = models.CharField(max_length=20, choices=Event.choices, db_index=True)
    source_title = models.CharField(max_length=500)
    quality_id = models.IntegerField(default=0)
    quality_version = models.PositiveSmallIntegerField(default=1)
    format_score = models.IntegerField(default=0)
    indexer = models.CharField(max_length=200, blank=True)
    client_name = models.CharField(max_length=100, blank=True)
    protocol = models.CharField(max_length=10, blank=True)
    message = models.CharField(max_length=1000, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="Event details (paths, ids)")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "history"

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.source_title}"

    @classmethod
    def record(
        cls, download: Download, event: str, message: str, *, data=None, user=None
    ) -> History:
        """One event of a download, with the release facts the download carries."""
        return cls.objects.create(
            movie_id=download.movie_id,
            download=download,
            event=event,
            source_title=download.source_title[:500],
            quality_id=download.quality_id,
            quality_version=download.quality_version,
            format_score=download.format_score,
            indexer=download.indexer,
            client_name=download.client.name if download.client_id else "",
            protocol=download.protocol,
            message=message[:1000],
            data=data or {},
            user=user,
        )

    @property
    def quality_name(self) -> str:
        from movies.services import QUALITIES_BY_ID as BY_ID

        quality = BY_ID.get(self.quality_id)
        return quality.name if quality else "Unknown"


class RemotePathMapping(models.Model):
    """A client on another machine or in a container sees its files under another path."""

    client = models.ForeignKey(DownloadClient, on_delete=models.CASCADE, related_name="mappings")
    remote_path = models.CharField(max_length=1000, help_text="The path as the client reports it")
    local_path = models.CharField(max_length=1000, help_text="The same folder as we see it")

    class Meta:
        ordering = ["client", "remote_path"]
        constraints = [
            models.UniqueConstraint(fields=["client", "remote_path"], name="one_mapping_per_path")
        ]

    def __str__(self) -> str:
        return f"{self.remote_path} → {self.local_path}"


class DownloadOptions(models.Model):
    """Run-time choices about downloads (Radarr's Settings → Download Clients; a singleton)."""

    enable_completed_handling = models.BooleanField(
        default=True, help_text="Import finished downloads automatically"
    )
    redownload_failed = models.BooleanField(
        default=True, help_text="Search for another release when a download fails"
    )
    check_interval_minutes = models.PositiveSmallIntegerField(
        default=1, help_text="How often the queue asks the clients (minutes)"
    )

    class Meta:
        verbose_name = verbose_name_plural = "download options"

    def __str__(self) -> str:
        return "Download options"

    @classmethod
    def load(cls) -> DownloadOptions:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


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
