"""Settings → Download Clients (admins only): the list with each protocol's default client,
add / edit / delete, the Test button (HTMX, on the unsaved form), remote path mappings per
client, and the download options on the same page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from downloads import services
from downloads.clients import KIND_CHOICES, KINDS
from downloads.forms import (
    CONNECTION_FIELDS,
    ClientTestReport,
    DownloadClientForm,
    DownloadOptionsForm,
    RemotePathMappingForm,
    client_test,
    default_clients,
    forget_provider_status,
    sync_provider_status,
)
from downloads.models import Download, DownloadClient, DownloadOptions, RemotePathMapping
from radarr_site.accounts.decorators import admin_required

PROTOCOL_WORDS = {"torrent": "torrents", "usenet": "usenet"}


def _list_context(options_form: DownloadOptionsForm | None = None) -> dict:
    defaults = {row.pk: protocol for protocol, row in default_clients().items()}
    rows = [
        (row, PROTOCOL_WORDS.get(defaults[row.pk], "") if row.pk in defaults else "")
        for row in DownloadClient.objects.all()
    ]
    return {
        "rows": rows,
        "kinds": KIND_CHOICES,
        "options_form": options_form or DownloadOptionsForm(instance=DownloadOptions.load()),
    }


@admin_required
def download_clients(request: HttpRequest) -> HttpResponse:
    """The list of clients; a POST saves the download options shown below it."""
    if request.method == "POST":
        form = DownloadOptionsForm(request.POST, instance=DownloadOptions.load())
        if form.is_valid():
            form.save()
            messages.success(request, "Download options saved.")
            return redirect("settings:download_clients")
        return render(request, "settings/download_clients.html", _list_context(form))
    return render(request, "settings/download_clients.html", _list_context())


def _edit_context(form: DownloadClientForm, **extra) -> dict:
    row = form.instance
    context = {"form": form, "row": row, "kind_label": form.kind_label}
    if row.pk:
        context["mappings"] = row.mappings.all()
        context["mapping_form"] = extra.pop("mapping_form", None) or RemotePathMappingForm(
            client=row
        )
    return {**context, **extra}


@admin_required
def download_client_add(request: HttpRequest) -> HttpResponse:
    """Choose a kind (?kind=), then fill in its form."""
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in KINDS:
        return render(request, "settings/download_client_edit.html", {"choose_kind": KIND_CHOICES})
    form = DownloadClientForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        sync_provider_status(row)
        messages.success(request, f"Download client {row.name} added.")
        return redirect("settings:download_client_edit", pk=row.pk)
    return render(request, "settings/download_client_edit.html", _edit_context(form))


@admin_required
def download_client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(DownloadClient, pk=pk)
    form = DownloadClientForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        sync_provider_status(row)
        messages.success(request, f"Download client {row.name} saved.")
        return redirect("settings:download_clients")
    return render(request, "settings/download_client_edit.html", _edit_context(form))


@admin_required
def download_client_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (tracked downloads keep their history)."""
    row = get_object_or_404(DownloadClient, pk=pk)
    if request.method != "POST":
        tracked = row.downloads.filter(state__in=Download.ACTIVE_STATES).count()
        context = {"confirm_delete": row, "active_downloads": tracked}
        return render(request, "settings/download_client_edit.html", context)
    forget_provider_status(row)
    services.delete_client(row)
    messages.success(request, f"Download client {row.name} deleted.")
    return redirect("settings:download_clients")


@admin_required
@require_POST
def download_client_test(request: HttpRequest) -> HttpResponse:
    """Test the values in the form as they are now, saved or not; nothing is saved.

    A stored password or API key left empty in the form is used, as saving would."""
    pk = request.POST.get("pk")
    row = get_object_or_404(DownloadClient, pk=pk) if pk else None
    kind = request.POST.get("kind", "")
    if row is None and kind not in KINDS:
        return render(
            request,
            "settings/partials/download_client_test.html",
            {"problems": ["Choose a kind of download client first."], "label": "Test"},
        )
    form = DownloadClientForm(request.POST, instance=row, kind=kind)
    valid = form.is_valid()
    field_errors = [
        f"{form.fields[name].label if name in form.fields else 'Form'}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]
    if valid or not any(name in form.errors for name in ("__all__", *CONNECTION_FIELDS)):
        # Errors only in fields the connection does not use (a name already taken) are
        # shown beside the result; the connection is still tested.
        report = client_test(form.instance)
    else:
        report = ClientTestReport(problems=field_errors)
        field_errors = []
    context = {
        "problems": report.problems,
        "warnings": report.warnings,
        "done": report.done,
        "field_errors": field_errors,
        "label": form.kind_label,
    }
    if request.htmx:
        return render(request, "settings/partials/download_client_test.html", context)
    # Without JavaScript the whole page comes back, the form as typed and the result below.
    return render(
        request, "settings/download_client_edit.html", _edit_context(form, test_result=context)
    )


@admin_required
@require_POST
def download_client_mapping_add(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(DownloadClient, pk=pk)
    mapping_form = RemotePathMappingForm(request.POST, client=row)
    if mapping_form.is_valid():
        mapping = mapping_form.save()
        messages.success(request, f"Remote path mapping {mapping} added.")
        return redirect("settings:download_client_edit", pk=row.pk)
    form = DownloadClientForm(instance=row)
    return render(
        request,
        "settings/download_client_edit.html",
        _edit_context(form, mapping_form=mapping_form),
    )


@admin_required
@require_POST
def download_client_mapping_delete(request: HttpRequest, pk: int, mapping_pk: int) -> HttpResponse:
    mapping = get_object_or_404(RemotePathMapping, pk=mapping_pk, client_id=pk)
    mapping.delete()
    messages.success(request, f"Remote path mapping {mapping} deleted.")
    return redirect("settings:download_client_edit", pk=pk)
