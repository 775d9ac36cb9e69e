"""Indexers in the Django admin: configured indexers (write-only key, state, a Test
action) and the indexer options (one row, never a second, never deleted)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html

from indexers.checks import (
    capability_words,
    check_indexer,
    forget_provider_status,
    indexer_state,
    reset_provider_status,
    sync_provider_status,
)
from indexers.clients.base import Capabilities
from indexers.forms import COMMON_FIELDS, _int_list
from indexers.models import Indexer, IndexerOptions
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field
from radarr_site.models import ProviderStatus

# The provider status columns the State column reads, fetched with the page's rows.
STATUS_FIELDS = (
    "consecutive_failures",
    "disabled_until",
    "first_failure_at",
    "last_failure_at",
    "last_success_at",
    "last_error",
)
# Saving a change to any of these forgets the old settings' failures and hold-off.
CONNECTION = ("kind", "base_url", "api_path", "api_key", "username", "options")


class IndexerAdminForm(WriteOnlySecretsMixin, forms.ModelForm):
    """Every column, with the API key (HDBits: passkey) write-only as on the settings page
    and the categories typed as a comma-separated list, as there."""

    secret_fields = ("api_key",)
    api_key = SecretField(label="API key / passkey")
    clear_api_key = clear_field("Clear the stored API key")
    categories = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Comma-separated category ids, e.g. 2000, 2040, 2045 (HDBits: 1, 3)",
    )

    class Meta:
        model = Indexer
        fields = ["kind", *COMMON_FIELDS, "options"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        stored = self.initial.get("categories")
        if isinstance(stored, list | tuple):
            self.initial["categories"] = ", ".join(str(c) for c in stored)

    def clean_categories(self) -> list[int]:
        # "[2000, 2040]" (the JSON form) reads the same as "2000, 2040".
        text = (self.cleaned_data.get("categories") or "").strip().strip("[]")
        return _int_list(text, "category id")


def _status_of(row: Indexer) -> ProviderStatus | None:
    """The row's provider status from the page query's annotations (one query for the
    page), or read on its own when the row did not come from get_queryset."""
    if not hasattr(row, "status_consecutive_failures"):
        return ProviderStatus.objects.filter(key=row.provider_key).first()
    if row.status_consecutive_failures is None:
        return None
    values = {name: getattr(row, f"status_{name}") for name in STATUS_FIELDS}
    return ProviderStatus(key=row.provider_key, label=row.name, **values)


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
    readonly_fields = ["capabilities_summary", "capabilities_at"]
    actions = ["test_indexers"]

    def get_queryset(self, request):
        key = Concat(Value("indexer:"), Cast("pk", output_field=CharField()))
        status = ProviderStatus.objects.filter(key=OuterRef("status_key"))
        columns = {f"status_{name}": Subquery(status.values(name)[:1]) for name in STATUS_FIELDS}
        return super().get_queryset(request).annotate(status_key=key).annotate(**columns)

    @admin.display(description="Kind", ordering="kind")
    def kind_label(self, row: Indexer) -> str:
        return row.kind_label

    @admin.display(description="State")
    def state(self, row: Indexer) -> str:
        """A word or two (the list has many columns); the full state and error on hover."""
        status = _status_of(row)
        full = indexer_state(status)
        short = full.text
        if status is not None and status.state == ProviderStatus.OPEN:
            short = f"held off to {timezone.localtime(status.disabled_until):%H:%M}"
        elif status is not None and status.state == ProviderStatus.HALF_OPEN:
            short = "failing"
        title = f"{full.text}: {full.error}" if full.error else full.text
        return format_html('<span title="{}">{}</span>', title, short)

    @admin.display(description="Capabilities")
    def capabilities_summary(self, row: Indexer) -> str:
        caps = Capabilities.from_dict(row.capabilities)
        if not caps:
            return "Not fetched yet (Test the indexer or save it on Settings → Indexers)."
        categories = "; ".join(
            f"{c.id} {c.name}"
            + (
                f" ({', '.join(f'{s.id} {s.name}' for s in c.subcategories)})"
                if c.subcategories
                else ""
            )
            for c in caps.categories
        )
        return format_html(
            "Searches by: {}<br>Movie search: {}<br>Categories: {}",
            capability_words(caps),
            ", ".join(sorted(caps.movie_params)) or "not offered",
            categories or "none listed",
        )

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
        before = Indexer.objects.filter(pk=obj.pk).values(*CONNECTION).first() if change else None
        super().save_model(request, obj, form, change)
        if before is not None and any(before[name] != getattr(obj, name) for name in CONNECTION):
            reset_provider_status(obj)  # fixed settings: searches use it again at once
        else:
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
