"""System state: provider status per integration, run-time site settings, task progress."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone


class ProviderStatus(models.Model):
    """Health of one configured integration, shared by every process through the database.

    The circuit state is derived, never stored: open while `disabled_until` is in the
    future, half-open once it has passed with failures still counted, closed otherwise.
    """

    CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"

    key = models.CharField(max_length=100, unique=True, help_text="e.g. tmdb or indexer:3")
    label = models.CharField(max_length=200)
    consecutive_failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    disabled_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_kind = models.CharField(max_length=40, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "provider statuses"

    def __str__(self) -> str:
        return f"{self.label}: {self.state}"

    @property
    def state(self) -> str:
        now = timezone.now()
        if self.disabled_until and self.disabled_until > now:
            return self.OPEN
        if self.consecutive_failures:
            return self.HALF_OPEN
        return self.CLOSED

    @property
    def retry_in(self) -> timedelta | None:
        if self.disabled_until and self.disabled_until > timezone.now():
            return self.disabled_until - timezone.now()
        return None


class SiteSettings(models.Model):
    """Run-time choices a user makes in the UI (one row). Secrets are write-only in forms."""

    tmdb_api_key = models.CharField(
        max_length=400,
        blank=True,
        help_text="TMDB v3 API key or v4 read access token; overrides the TMDB_API_KEY setting.",
    )
    tmdb_language = models.CharField(max_length=10, default="en-US")
    metadata_refresh_batch = models.PositiveIntegerField(
        default=50, help_text="How many movies one metadata refresh run updates, stalest first."
    )
    api_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="The API v3 key other tools send (radarr_site.api.keys).",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    @classmethod
    def load(cls) -> SiteSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class TaskProgress(models.Model):
    """Live progress of a long task, polled by the UI; one row per task name."""

    RUNNING, DONE, FAILED = "running", "done", "failed"
    STATES = [(RUNNING, "Running"), (DONE, "Done"), (FAILED, "Failed")]

    name = models.CharField(max_length=100, unique=True)
    state = models.CharField(max_length=10, choices=STATES, default=RUNNING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "task progress"

    def __str__(self) -> str:
        return f"{self.name}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class ApiCommand(models.Model):
    """A command started through POST /api/v3/command, with the status tools poll."""

    QUEUED, STARTED, COMPLETED, FAILED = "queued", "started", "completed", "failed"
    CANCELLED = "cancelled"
    STATUSES = [
        (QUEUED, "Queued"),
        (STARTED, "Started"),
        (COMPLETED, "Completed"),
        (FAILED, "Failed"),
        (CANCELLED, "Cancelled"),
    ]

    name = models.CharField(max_length=100, help_text="Radarr's command name, e.g. MoviesSearch")
    body = models.JSONField(default=dict, blank=True, help_text="The body as posted")
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED, db_index=True)
    message = models.CharField(max_length=500, blank=True)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"
