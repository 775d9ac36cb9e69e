"""Indexer options in the Django admin: one row, never a second, never deleted."""

from __future__ import annotations

from django.contrib import admin

from indexers.models import IndexerOptions


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
