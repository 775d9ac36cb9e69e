"""Connections (Radarr's Settings → Connect): media servers and webhooks, the events each
wants, path mappings, and the outbox of deliveries waiting to be sent.

A Connection row is configuration; `client()` hands its kind's class a plain
ConnectionConfig. A Delivery is one notification (a webhook payload, or a media-server
scan of one folder) written in the same transaction as the event and sent after commit
by a task, retried with backoff until it goes or is given up.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from mediaservers.clients import KIND_CHOICES, KINDS, build_client, role_of
from mediaservers.clients.base import ConnectionClient, ConnectionConfig

# The events a connection may want, as (field, label); the webhook's eventType for each
# is in mediaservers.events.
EVENT_FIELDS = [
    ("on_grab", "On grab"),
    ("on_import", "On import"),
    ("on_upgrade", "On upgrade"),
    ("on_rename", "On rename"),
    ("on_movie_delete", "On movie delete"),
    ("on_movie_file_delete", "On movie file delete"),
    ("on_health_issue", "On health issue"),
    ("on_health_restored", "On health restored"),
    ("on_request_available", "On request available"),
    ("on_request_failed", "On request failed"),
]


class Connection(models.Model):
    """One configured media server or webhook (Settings → Connect)."""

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    base_url = models.CharField(
        max_length=500, help_text="e.g. http://127.0.0.1:32400 (the webhook's full URL)"
    )
    api_key = models.CharField(
        max_length=500, blank=True, help_text="Plex token, or Jellyfin / Emby API key"
    )
    username = models.CharField(max_length=200, blank=True, help_text="Webhook basic auth")
    password = models.CharField(max_length=500, blank=True, help_text="Webhook basic auth")
    headers = models.JSONField(
        default=dict, blank=True, help_text="Webhook: extra headers sent with every call"
    )
    on_grab = models.BooleanField(default=False)
    on_import = models.BooleanField(default=True)
    on_upgrade = models.BooleanField(default=True)
    on_rename = models.BooleanField(default=True)
    on_movie_delete = models.BooleanField(default=True)
    on_movie_file_delete = models.BooleanField(default=True)
    on_health_issue = models.BooleanField(default=False)
    include_health_warnings = models.BooleanField(
        default=False, help_text="With 'On health issue': warnings too, not only errors"
    )
    on_health_restored = models.BooleanField(default=False)
    # Requests tell people, so only webhooks act on them (the form turns them off for a
    # media server, and events.py never sends them one).
    on_request_available = models.BooleanField(
        default=True, help_text="Webhook: a household request's movie became available"
    )
    on_request_failed = models.BooleanField(
        default=True, help_text="Webhook: a household request could not be added"
    )
    options = models.JSONField(default=dict, blank=True, help_text="Settings only this kind has")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def role(self) -> str:
        return role_of(self.kind) if self.kind in KINDS else ""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0] if self.kind in KINDS else self.kind

    @property
    def provider_key(self) -> str:
        return f"connection:{self.pk}"

    def wants(self, field: str) -> bool:
        """Does the connection want the event named by its field ("on_import", ...)?"""
        return self.enabled and bool(getattr(self, field, False))

    def config(self) -> ConnectionConfig:
        mappings = ()
        if self.pk:
            mappings = tuple(self.path_mappings.values_list("local_path", "remote_path"))
        return ConnectionConfig(
            id=self.pk,
            name=self.name,
            kind=self.kind,
            base_url=self.base_url.rstrip("/"),
            api_key=self.api_key,
            username=self.username,
            password=self.password,
            headers=dict(self.headers or {}),
            options=dict(self.options or {}),
            path_mappings=mappings,
        )

    def client(self) -> ConnectionClient:
        return build_client(self.config())

    def clean(self) -> None:
        if self.kind and self.kind not in KINDS:
            raise ValidationError({"kind": f"Unknown kind {self.kind!r}."})
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ValidationError(
                {"base_url": "Give the full address, starting http:// or https://."}
            )
        headers = self.headers or {}
        if not isinstance(headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            raise ValidationError({"headers": "Headers are names with text values."})


class PathMapping(models.Model):
    """Our folder → the same folder as the media server sees it (another machine, a
    container)."""

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="path_mappings"
    )
    local_path = models.CharField(max_length=1000, help_text="The folder as we see it")
    remote_path = models.CharField(max_length=1000, help_text="The same folder on the server")

    class Meta:
        ordering = ["local_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "local_path"], name="one_mapping_per_local_path"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_path} → {self.remote_path}"


class Delivery(models.Model):
    """One notification to send: a webhook payload, or a media-server scan of a folder."""

    SCAN = "Scan"  # the event of a media-server refresh (webhooks use Radarr's eventTypes)

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Given up"

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict, blank=True)
    folder = models.CharField(max_length=1000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    result = models.TextField(blank=True, help_text="What the server was asked to do")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "due_at"])]
        constraints = [
            # Imports into one folder within the debounce window make one scan.
            models.UniqueConstraint(
                fields=["connection", "folder"],
                condition=Q(state="pending", event="Scan"),
                name="one_pending_scan_per_folder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.connection_id} ({self.state})"
