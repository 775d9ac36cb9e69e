"""Indexers in the Django admin: configured indexers (write-only key, state, a Test
action) and the indexer options (one row, never a second, never deleted)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse

from indexers.checks import (
    check_indexer,
    forget_provider_status,
    indexer_state,
    sync_provider_status,
)
from indexers.models import Indexer, IndexerOptions
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field
from radarr_site.models import ProviderStatus


class IndexerAdminForm(WriteOnlySecretsMixin, forms.ModelForm):
    """Every column, with the API key (HDBits: passkey) write-only as on the settings page."""

    secret_fields = ("api_key",)
    api_key = SecretField(label="API key / passkey")
    clear_api_key = clear_field("Clear the stored API key")

    class Meta:
        model = Indexer
        fields = [
            "kind",
            "name",
            "enable_rss",
            "enable_automatic_search",
            "enable_interactive_search",
            "priority",
            "base_url",
            "api_path",
            "api_key",
            "username",
            "categories",
            "minimum_seeders",
            "seed_ratio",
            "seed_time_minutes",
            "requests_per_minute",
            "options",
        ]


@admin.register(Indexer)
class IndexerAdmin(admin.ModelAdmin):
    """Configured indexers; no key in the list; "Test" runs each selected indexer's test."""

    form = IndexerAdminForm
    list_display = [
        "name",
        "kind_label",
        "enable_rss",
        "enable_automatic_search",
        "enable_interactive_search",
        "priority",
        "base_url",
        "state",
    ]
    # The switches and priority change right in the list, as on Radarr's indexer cards.
    list_editable = [
        "enable_rss",
        "enable_automatic_search",
        "enable_interactive_search",
        "priority",
    ]
    list_filter = ["kind", "enable_rss", "enable_automatic_search", "enable_interactive_search"]
    search_fields = ["name", "base_url"]
    readonly_fields = ["capabilities", "capabilities_at"]
    actions = ["test_indexers"]

    @admin.display(description="Kind", ordering="kind")
    def kind_label(self, row: Indexer) -> str:
        return row.kind_label

    @admin.display(description="State")
    def state(self, row: Indexer) -> str:
        status = ProviderStatus.objects.filter(key=row.provider_key).first()
        return indexer_state(status).text

    @admin.action(description="Test the selected indexers")
    def test_indexers(self, request, queryset):
        results = [(row, check_indexer(row)) for row in queryset]
        context = {
            **self.admin_site.each_context(request),
            "title": "Indexer test",
            "opts": self.model._meta,
            "results": results,
        }
        return TemplateResponse(request, "settings/partials/indexer_admin_test.html", context)

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


@admin.register(IndexerOptions)
class IndexerOptionsAdmin(admin.ModelAdmin):
    """The one row of Settings → Indexers options."""

    list_display = [
        "__str__",
        "minimum_age_minutes",
        "retention_days",
        "maximum_size_mb",
        "propers_and_repacks",
        "preferred_protocol",
        "rss_sync_interval_minutes",
    ]

    def has_add_permission(self, request) -> bool:
        return not IndexerOptions.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
