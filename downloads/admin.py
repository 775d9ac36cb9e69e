"""Downloads in the Django admin: download clients (write-only secrets, remote path
mappings inline, a Test action), the download options, and read-only downloads, history
and blocklist (those rows come from grabs, the queue and failures, not from typing)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse

from downloads.forms import (
    COMMON_FIELDS,
    client_problems,
    forget_provider_status,
    sync_provider_status,
)
from downloads.models import (
    Blocklist,
    Download,
    DownloadClient,
    DownloadOptions,
    History,
    RemotePathMapping,
)
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field


class DownloadClientAdminForm(WriteOnlySecretsMixin, forms.ModelForm):
    """Every column, with the password and API key write-only as on the settings page."""

    secret_fields = ("password", "api_key")
    password = SecretField(label="Password")
    clear_password = clear_field("Clear the stored password")
    api_key = SecretField(label="API key")
    clear_api_key = clear_field("Clear the stored API key")

    class Meta:
        model = DownloadClient
        fields = ["kind", *COMMON_FIELDS, "options"]


class RemotePathMappingInline(admin.TabularInline):
    model = RemotePathMapping
    extra = 0


@admin.register(DownloadClient)
class DownloadClientAdmin(admin.ModelAdmin):
    """Configured clients; no secret in the list; "Test" runs each selected client's test."""

    form = DownloadClientAdminForm
    list_display = ["name", "kind", "enabled", "priority", "base_url", "category"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "base_url", "category"]
    inlines = [RemotePathMappingInline]
    actions = ["test_clients"]

    @admin.action(description="Test the selected download clients")
    def test_clients(self, request, queryset):
        results = [(row, client_problems(row)) for row in queryset]
        context = {
            **self.admin_site.each_context(request),
            "title": "Download client test",
            "opts": self.model._meta,
            "results": results,
        }
        return TemplateResponse(
            request, "settings/partials/download_client_admin_test.html", context
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        sync_provider_status(obj)

    def delete_model(self, request, obj) -> None:
        forget_provider_status(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for row in queryset:
            forget_provider_status(row)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the app writes itself: looked at, filtered, never typed in or edited."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Download)
class DownloadAdmin(ReadOnlyAdmin):
    """Tracked downloads, newest first, with their state in the client."""

    list_display = [
        "source_title",
        "movie",
        "client",
        "state",
        "protocol",
        "quality_name",
        "progress",
        "grabbed_at",
    ]
    list_filter = ["state", "protocol", "client", "grabbed_from", "grabbed_at"]
    search_fields = ["source_title", "movie__title", "download_id", "info_hash", "indexer"]
    list_select_related = ["movie", "client"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Removing a tracked row would let the queue show the item as not ours; use the queue.
        return False


@admin.register(History)
class HistoryAdmin(ReadOnlyAdmin):
    """What happened to each movie's releases."""

    list_display = ["date", "event", "source_title", "movie", "quality_name", "client_name"]
    list_filter = ["event", "protocol", "date"]
    search_fields = ["source_title", "movie__title", "indexer", "client_name", "message"]
    list_select_related = ["movie"]


@admin.register(DownloadOptions)
class DownloadOptionsAdmin(admin.ModelAdmin):
    """The one row of download options."""

    list_display = ["__str__", "enable_completed_handling", "redownload_failed"]

    def has_add_permission(self, request) -> bool:
        return not DownloadOptions.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Blocklist)
class BlocklistAdmin(admin.ModelAdmin):
    """Blocked releases, newest first; removing one lets the release be grabbed again."""

    list_display = ["source_title", "movie", "quality_name", "indexer", "protocol", "date"]
    list_filter = ["protocol", "date"]
    search_fields = ["source_title", "movie__title", "indexer", "guid", "info_hash", "message"]
    list_select_related = ["movie"]
    readonly_fields = [
        "movie",
        "source_title",
        "guid",
        "info_hash",
        "indexer",
        "protocol",
        "quality_id",
        "size",
        "publish_date",
        "date",
        "message",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
