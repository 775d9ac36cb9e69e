"""Scene groups in the Django admin: groups, torrents and runs to read (the analysis
writes them), and the analysis settings (one row, never a second, never deleted)."""

from __future__ import annotations

from django.contrib import admin

from scenegroups.forms import AnalysisSettingsForm
from scenegroups.models import AnalysisRun, AnalysisSettings, GroupTorrent, SceneGroup


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the analysis writes: viewing only, so an edit cannot disagree with HDBits."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SceneGroup)
class SceneGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "score", "tier", "confidence", "releases", "last_analyzed_at"]
    list_filter = ["confidence", "tier"]
    search_fields = ["name", "key"]
    ordering = ["-score", "name"]


@admin.register(GroupTorrent)
class GroupTorrentAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "group_name",
        "category",
        "resolution",
        "size",
        "seeders",
        "leechers",
        "times_completed",
        "internal",
        "added",
    ]
    list_filter = ["category", "resolution", "internal"]
    search_fields = ["name", "group_key", "=hdbits_id"]
    date_hierarchy = "added"
    show_full_result_count = False  # many rows: skip the second COUNT on every search


@admin.register(AnalysisRun)
class AnalysisRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "state",
        "pages_done",
        "torrents_seen",
        "finished_at",
        "next_page_at",
    ]
    list_filter = ["state"]


@admin.register(AnalysisSettings)
class AnalysisSettingsAdmin(admin.ModelAdmin):
    """The one row of the analysis settings, validated as on the settings page."""

    form = AnalysisSettingsForm
    list_display = ["__str__", "enabled", "interval_days", "pages_per_category", "pause_seconds"]

    def has_add_permission(self, request) -> bool:
        return not AnalysisSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
