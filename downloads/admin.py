"""The blocklist in the Django admin: list, search and delete (entries come from failures)."""

from __future__ import annotations

from django.contrib import admin

from downloads.models import Blocklist


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
