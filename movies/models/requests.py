"""Household requests: a member asks for a movie, an admin approves or declines it.

MovieRequest is one request and its life (pending → approved → available, or declined,
or failed). RequestSettings holds the household's default quota; RequesterProfile a user's
own defaults (quality profile, root folder used on approval) and quota override. The
"auto-approve" permission (movies.auto_approve_request) lets a user skip the queue.
The logic lives in movies.requesting; views and other apps go through movies.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    AVAILABLE = "available", "Available"
    FAILED = "failed", "Failed"


# A movie has at most one request in these states at a time (the duplicate refusal).
OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.APPROVED)


class MovieRequest(models.Model):
    tmdb_id = models.PositiveIntegerField(db_index=True)
    title = models.CharField(max_length=300)
    year = models.PositiveIntegerField(null=True, blank=True)
    poster_path = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movie_requests"
    )
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING, db_index=True
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    # Set on approval: the library's movie and what it was added with.
    movie = models.ForeignKey(
        "movies.Movie", null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    quality_profile = models.ForeignKey(
        "movies.QualityProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    root_folder = models.ForeignKey(
        "movies.RootFolder", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    available_at = models.DateTimeField(null=True, blank=True)
    # False while the requester has not yet seen a change they are told about
    # (available, failed, declined); the Requests page shows it once and marks it seen.
    seen_by_requester = models.BooleanField(default=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        permissions = [("auto_approve_request", "Can request movies without approval")]
        constraints = [
            models.UniqueConstraint(
                fields=["tmdb_id"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_open_request_per_movie",
            )
        ]

    def __str__(self) -> str:
        year = f" ({self.year})" if self.year else ""
        return f"{self.title}{year} requested by {self.requested_by}"


class RequestSettings(models.Model):
    """The household's default quota (one row): N movies per D days; 0 movies = no limit."""

    quota_limit = models.PositiveIntegerField(
        default=0, help_text="Movies a member may request per period; 0 means no limit."
    )
    quota_days = models.PositiveIntegerField(default=7, help_text="The period, in days.")

    class Meta:
        verbose_name = "request settings"
        verbose_name_plural = "request settings"

    def __str__(self) -> str:
        return "Request settings"

    @classmethod
    def load(cls) -> RequestSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class RequesterProfile(models.Model):
    """One user's request defaults: what approval adds their movies with, and their quota."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="request_profile"
    )
    quality_profile = models.ForeignKey(
        "movies.QualityProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    root_folder = models.ForeignKey(
        "movies.RootFolder", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quota_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: the household default; 0: no limit."
    )
    quota_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: the household default."
    )

    def __str__(self) -> str:
        return f"Request defaults of {self.user}"
