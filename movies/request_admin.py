"""Household requests in the Django admin: the requests with bulk approve / decline (through
movies.requesting, so quotas, duplicates and the search behave as on the Requests page),
the household quota and each user's request defaults. Imported by movies.admin."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from movies.models.requests import MovieRequest, RequesterProfile, RequestSettings
from movies.requesting.lifecycle import BulkResult, approve_requests, decline_requests


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, verb: str, result: BulkResult):
    noun = "request" if result.done == 1 else "requests"
    if result.done:
        modeladmin.message_user(request, f"{verb} {result.done} {noun}.", messages.SUCCESS)
    for problem in result.problems:
        modeladmin.message_user(request, problem, messages.WARNING)


@admin.register(MovieRequest)
class MovieRequestAdmin(admin.ModelAdmin):
    """Every request; decisions go through the actions (a request is made on the Requests
    page, where TMDB, duplicates and the quota are checked, so none is added here)."""

    list_display = ("title", "year", "requested_by", "status", "requested_at", "decided_by")
    list_filter = ("status", "requested_at", "requested_by")
    search_fields = ("title", "=tmdb_id", "requested_by__username", "note")
    list_select_related = ("requested_by", "decided_by")
    date_hierarchy = "requested_at"
    actions = ("approve_selected", "decline_selected")
    fields = (
        "title",
        "year",
        "tmdb_id",
        "requested_by",
        "requested_at",
        "note",
        "status",
        "decided_by",
        "decided_at",
        "decline_reason",
        "failure_reason",
        "movie",
        "quality_profile",
        "root_folder",
        "available_at",
        "seen_by_requester",
    )
    # Status and decisions change only through approve/decline, which add the movie,
    # search and notify; editing them here would skip all of that.
    readonly_fields = tuple(name for name in fields if name not in ("note", "decline_reason"))
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Approve selected requests", permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[MovieRequest]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        _report(self, request, "Approved", approve_requests(ids, request.user))

    @admin.action(description="Decline selected requests", permissions=["change"])
    def decline_selected(self, request: HttpRequest, queryset: QuerySet[MovieRequest]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        _report(self, request, "Declined", decline_requests(ids, request.user))


@admin.register(RequestSettings)
class RequestSettingsAdmin(admin.ModelAdmin):
    """The household's default quota (one row)."""

    list_display = ("__str__", "quota_limit", "quota_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RequestSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(RequesterProfile)
class RequesterProfileAdmin(admin.ModelAdmin):
    """Each user's request defaults: what approval adds with, and their own quota."""

    list_display = ("user", "quality_profile", "root_folder", "quota_limit", "quota_days")
    list_select_related = ("user", "quality_profile", "root_folder")
    search_fields = ("user__username",)
