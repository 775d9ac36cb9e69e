"""The movies app in the Django admin: the library, files, folders, tags, qualities,
custom formats and the library import's scans (read-only)."""

from __future__ import annotations

import os

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from movies.formats.transfer import export_formats, summarize
from movies.forms import add_path_problem
from movies.models import (
    CustomFormat,
    LibraryScan,
    Movie,
    MovieFile,
    ProfileFormatScore,
    QualityDefinition,
    QualityProfile,
    RootFolder,
    ScannedFolder,
    Tag,
)


class MovieFileInline(admin.TabularInline):
    """A movie's files, edited on the movie's page."""

    model = MovieFile
    extra = 0
    fields = ("relative_path", "size", "quality_id", "release_group", "edition", "date_added")


class MovieAdminForm(forms.ModelForm):
    """The library pages' folder rules, so the admin cannot bypass them: the path must sit
    inside the root folder, not overlap another movie's, and not move while it holds files.

    No Meta: MovieAdmin supplies the model and fields when it builds the form.
    """

    def clean(self) -> dict:
        cleaned = super().clean()
        root, path = cleaned.get("root_folder"), (cleaned.get("path") or "").strip()
        if root is not None and path:
            cleaned["path"] = path
            add_path_problem(self, self.instance, path, root)
        return cleaned


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    """The library: search by title or ids, filter by status, profile and tags."""

    form = MovieAdminForm
    list_display = (
        "title",
        "year",
        "monitored",
        "has_file",
        "quality_profile",
        "root_folder",
        "added_at",
    )
    list_filter = (
        "monitored",
        "has_file",
        "minimum_availability",
        "quality_profile",
        "root_folder",
        "tags",
    )
    search_fields = ("title", "original_title", "clean_title", "imdb_id", "=tmdb_id")
    list_select_related = ("quality_profile", "root_folder")
    filter_horizontal = ("tags",)
    readonly_fields = ("clean_title", "sort_title", "has_file", "size_on_disk", "added_by")
    date_hierarchy = "added_at"
    inlines = (MovieFileInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50
    # Filtered lists skip the second COUNT over the whole library.
    show_full_result_count = False


@admin.register(MovieFile)
class MovieFileAdmin(admin.ModelAdmin):
    """Every file in the library, searchable by path, scene name and group."""

    list_display = ("relative_path", "movie", "size", "quality_id", "release_group", "date_added")
    search_fields = ("relative_path", "scene_name", "release_group", "movie__title")
    list_select_related = ("movie",)
    raw_id_fields = ("movie",)


class RootFolderAdminForm(forms.ModelForm):
    """RootFolder.clean's safety rules run on save; the folder must also exist."""

    class Meta:
        model = RootFolder
        fields = ("path",)

    def clean_path(self) -> str:
        path = self.cleaned_data["path"].strip()
        if os.path.isabs(path) and not os.path.isdir(path):
            raise ValidationError("This folder does not exist.")
        return path


@admin.register(RootFolder)
class RootFolderAdmin(admin.ModelAdmin):
    """Root folders with the disk figures the health check recorded."""

    form = RootFolderAdminForm
    list_display = ("path", "accessible", "free_space", "total_space", "checked_at")
    readonly_fields = ("accessible", "free_space", "total_space", "checked_at")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags, lower-case labels."""

    list_display = ("label",)
    search_fields = ("label",)


@admin.register(QualityDefinition)
class QualityDefinitionAdmin(admin.ModelAdmin):
    """Radarr's qualities: only the titles and size limits are meant to be changed."""

    list_display = (
        "name",
        "title",
        "source",
        "resolution",
        "min_size",
        "preferred_size",
        "max_size",
    )
    list_editable = ("title", "min_size", "preferred_size", "max_size")
    ordering = ("weight", "quality_id")

    def get_readonly_fields(self, request, obj=None):
        # Ids and names are Radarr's; changing them on a seeded row would break matching.
        if obj is not None:
            return ("quality_id", "name", "source", "resolution", "modifier", "weight")
        return ()


class ProfileFormatScoreInline(admin.TabularInline):
    """A profile's custom format scores (formats it does not list score 0)."""

    model = ProfileFormatScore
    extra = 0
    fields = ("custom_format", "score")
    autocomplete_fields = ("custom_format",)


@admin.register(QualityProfile)
class QualityProfileAdmin(admin.ModelAdmin):
    """Quality profiles; `items` keeps Radarr's JSON shape (see the model)."""

    list_display = ("name", "upgrade_allowed", "cutoff", "min_format_score", "minimum_reputation")
    search_fields = ("name",)
    inlines = (ProfileFormatScoreInline,)


@admin.register(CustomFormat)
class CustomFormatAdmin(admin.ModelAdmin):
    """Custom formats; `specifications` is Radarr's guide JSON, checked on save (model clean)."""

    list_display = ("name", "conditions", "include_when_renaming")
    search_fields = ("name",)
    fields = ("name", "include_when_renaming", "conditions", "specifications")
    readonly_fields = ("conditions",)
    actions = ("export_json",)

    @admin.display(description="Conditions")
    def conditions(self, obj: CustomFormat) -> str:
        return "; ".join(summarize(obj)) if obj.pk else ""

    @admin.action(description="Export selected as Radarr JSON")
    def export_json(self, request, queryset) -> HttpResponse:
        response = HttpResponse(export_formats(queryset), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="custom-formats.json"'
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the library import writes: shown, never added, edited or deleted here
    (a hand edit could fight a scan or an import that is running)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LibraryScan)
class LibraryScanAdmin(ReadOnlyAdmin):
    """Each root folder's latest library scan: its state and how its folders stand."""

    list_display = (
        "root_folder",
        "state",
        "folders_link",
        "matched",
        "unmatched",
        "imported",
        "started_at",
        "finished_at",
        "message",
    )
    list_filter = ("state",)
    list_select_related = ("root_folder",)

    def get_queryset(self, request):
        counts = {
            "folder_count": Count("folders"),
            "matched_count": Count("folders", filter=Q(folders__status=ScannedFolder.MATCHED)),
            "unmatched_count": Count("folders", filter=Q(folders__status=ScannedFolder.UNMATCHED)),
            "imported_count": Count("folders", filter=Q(folders__status=ScannedFolder.IMPORTED)),
        }
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description="Folders", ordering="folder_count")
    def folders_link(self, obj: LibraryScan) -> str:
        url = reverse("admin:movies_scannedfolder_changelist") + f"?scan__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.folder_count)

    @admin.display(description="Matched", ordering="matched_count")
    def matched(self, obj: LibraryScan) -> int:
        return obj.matched_count

    @admin.display(description="Unmatched", ordering="unmatched_count")
    def unmatched(self, obj: LibraryScan) -> int:
        return obj.unmatched_count

    @admin.display(description="Imported", ordering="imported_count")
    def imported(self, obj: LibraryScan) -> int:
        return obj.imported_count


@admin.register(ScannedFolder)
class ScannedFolderAdmin(ReadOnlyAdmin):
    """Every folder of the latest scans, with its status, the reason and the proposed movie."""

    list_display = (
        "name",
        "root_folder",
        "status",
        "reason",
        "proposed_movie",
        "confidence",
        "quality",
        "file_count",
    )
    list_filter = ("status", "scan__root_folder")
    search_fields = ("name", "title", "parsed_title", "reason")
    list_select_related = ("scan__root_folder", "movie")
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description="Root folder", ordering="scan__root_folder__path")
    def root_folder(self, obj: ScannedFolder) -> str:
        return str(obj.scan.root_folder)

    @admin.display(description="Proposed movie")
    def proposed_movie(self, obj: ScannedFolder) -> str:
        if obj.movie_id:
            return str(obj.movie)
        if not obj.tmdb_id:
            return "—"
        named = f"{obj.title} ({obj.year})" if obj.year else obj.title
        return f"{named} [TMDB {obj.tmdb_id}]"

    @admin.display(description="Quality")
    def quality(self, obj: ScannedFolder) -> str:
        return obj.quality_name


# Household requests live in their own module (imported here so autodiscover finds them).
from movies import request_admin  # noqa: E402, F401
