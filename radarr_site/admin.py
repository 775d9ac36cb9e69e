"""Admin for system state (provider status, site settings, task progress) and users."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from movies.settings_forms import GeneralSettingsForm
from radarr_site.accounts.admin import HouseholdUserAdmin
from radarr_site.accounts.group_admin import HouseholdGroupAdmin
from radarr_site.models import ProviderStatus, SiteSettings, TaskProgress


@admin.register(ProviderStatus)
class ProviderStatusAdmin(admin.ModelAdmin):
    """Read-only: the status is written by integration calls, never by hand."""

    list_display = ["label", "key", "state", "consecutive_failures", "last_success_at"]
    search_fields = ["label", "key"]
    readonly_fields = [f.name for f in ProviderStatus._meta.fields] + ["state"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of run-time settings; no list of secrets, no second row."""

    # The Settings → General form: one set of rules for the key, language and batch size.
    form = GeneralSettingsForm
    list_display = ["__str__", "tmdb_language", "metadata_refresh_batch"]

    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskProgress)
class TaskProgressAdmin(admin.ModelAdmin):
    """Progress records of long tasks; stale ones may be deleted."""

    list_display = ["name", "state", "done", "total", "message", "started_at", "finished_at"]
    list_filter = ["state"]
    readonly_fields = ["started_at", "updated_at", "finished_at"]


# Django's own UserAdmin can delete or demote the last admin; ours refuses.
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), HouseholdUserAdmin)

# Django's own GroupAdmin can delete or rename the Admin and Member groups; ours refuses.
admin.site.unregister(Group)
admin.site.register(Group, HouseholdGroupAdmin)


# --- issue 8: API commands (read-only: written by POST /api/v3/command and its task) ---
from radarr_site.models import ApiCommand  # noqa: E402


@admin.register(ApiCommand)
class ApiCommandAdmin(admin.ModelAdmin):
    """Commands tools started through the API, with how each ended; nothing to edit."""

    list_display = ["name", "status", "message", "queued_at", "started_at", "ended_at"]
    list_filter = ["status", "name"]
    search_fields = ["name", "message"]
    readonly_fields = [f.name for f in ApiCommand._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
