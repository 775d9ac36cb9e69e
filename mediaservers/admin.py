"""Connections in the Django admin: media servers and webhooks (secrets write-only, header
values masked, path mappings inline, a Test action), and the outbox of deliveries, read
only, with a Retry action for those given up."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from mediaservers import services
from mediaservers.forms import (
    EVENT_LABELS,
    MaskedHeadersTextarea,
    PathMappingForm,
    clean_url,
    headers_text,
    parse_headers,
)
from mediaservers.models import Connection, Delivery, PathMapping
from mediaservers.views.settings import after_save, stored_settings
from mediaservers.views.testing import run_test
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field
from radarr_site.models import ProviderStatus


class ConnectionAdminForm(WriteOnlySecretsMixin, forms.ModelForm):
    """Every column; the key and password write-only as on the settings page, the header
    values masked (a line left masked keeps its value)."""

    secret_fields = ("api_key", "password")
    api_key = SecretField(label="Token / API key")
    clear_api_key = clear_field("Clear the stored token or key")
    password = SecretField(label="Password")
    clear_password = clear_field("Clear the stored password")
    headers_text = forms.CharField(
        required=False,
        label="Headers",
        help_text="Webhook: one per line, “Name: value”; stored values show as ••••.",
        widget=MaskedHeadersTextarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Connection
        fields = ["kind", "name", "enabled", "base_url", "api_key", "username", "password"]
        fields += [*EVENT_LABELS, "options"]
        labels = EVENT_LABELS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stored_headers = dict(self.instance.headers or {})
        self.fields["headers_text"].initial = headers_text(self._stored_headers)

    def clean_base_url(self) -> str:
        return clean_url(self.cleaned_data["base_url"])

    def clean_headers_text(self) -> dict[str, str]:
        return parse_headers(self.cleaned_data.get("headers_text") or "", self._stored_headers)

    def _post_clean(self) -> None:
        if "headers_text" in self.cleaned_data:
            self.instance.headers = self.cleaned_data["headers_text"]
        super()._post_clean()


class PathMappingInlineForm(forms.ModelForm):
    """A mapping checked as on the settings page (absolute paths, no '..')."""

    class Meta:
        model = PathMapping
        fields = ["local_path", "remote_path"]

    clean_local_path = PathMappingForm.clean_local_path
    clean_remote_path = PathMappingForm.clean_remote_path


class PathMappingInline(admin.TabularInline):
    model = PathMapping
    form = PathMappingInlineForm
    extra = 0


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    """Configured connections; no secret in the list; "Test" runs each selected one."""

    form = ConnectionAdminForm
    list_display = ["name", "kind", "enabled", "base_url"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "base_url"]
    inlines = [PathMappingInline]
    actions = ["test_connections"]

    @admin.action(description="Test the selected connections")
    def test_connections(self, request, queryset):
        results = [(row, run_test(row)) for row in queryset]
        context = {
            **self.admin_site.each_context(request),
            "title": "Connection test",
            "opts": self.model._meta,
            "results": results,
        }
        return TemplateResponse(request, "settings/partials/connection_admin_test.html", context)

    def save_model(self, request, obj, form, change) -> None:
        before = None
        if change:
            before = stored_settings(Connection.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        after_save(obj, before)

    def delete_model(self, request, obj) -> None:
        ProviderStatus.objects.filter(key=obj.provider_key).delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        keys = [row.provider_key for row in queryset]
        ProviderStatus.objects.filter(key__in=keys).delete()
        super().delete_queryset(request, queryset)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox, newest first: written by events and the sender, never typed in."""

    list_display = ["created_at", "connection", "event", "folder", "state", "attempts", "sent_at"]
    list_filter = ["state", "event", "connection"]
    search_fields = ["folder", "last_error", "result", "connection__name"]
    list_select_related = ["connection"]
    actions = ["retry_deliveries"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Retry the selected given-up deliveries")
    def retry_deliveries(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        retried = sum(services.retry_delivery(pk) for pk in selected)
        skipped = len(selected) - retried
        if retried:
            messages.success(request, f"{retried} delivery(ies) queued again.")
        if skipped:
            messages.warning(request, f"{skipped} not retried: only given-up ones can be.")
