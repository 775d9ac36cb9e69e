"""Settings → Custom Formats: list, add, edit (condition rows), delete, import and export.

Every page works without JavaScript; with HTMX the editor swaps itself on "Add condition"
and "Remove" instead of reloading the page.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from movies.formats.transfer import export_format, export_formats, import_formats, summarize
from movies.formats_forms import KIND_CHOICES, FormatEditor, ImportForm
from movies.models import CustomFormat
from radarr_site.accounts.decorators import admin_required


def _list_context(import_form: ImportForm | None = None, problems: list[str] | None = None):
    formats = list(CustomFormat.objects.all())
    rows = [{"format": cf, "conditions": summarize(cf)} for cf in formats]
    return {
        "rows": rows,
        "import_form": import_form or ImportForm(),
        "import_problems": problems or [],
    }


@admin_required
def formats(request: HttpRequest) -> HttpResponse:
    return render(request, "settings/formats.html", _list_context())


def _editor_page(request: HttpRequest, editor: FormatEditor, *, unsaved: bool) -> HttpResponse:
    pk = editor.instance.pk
    action = reverse("settings:format_edit", args=[pk]) if pk else reverse("settings:format_add")
    context = {"editor": editor, "kinds": KIND_CHOICES, "unsaved": unsaved, "action": action}
    template = "settings/partials/format_form.html" if request.htmx else "settings/format_edit.html"
    return render(request, template, context)


def _edit(request: HttpRequest, instance: CustomFormat) -> HttpResponse:
    if request.method != "POST":
        return _editor_page(request, FormatEditor(instance=instance), unsaved=False)
    if "add_condition" in request.POST or "remove_row" in request.POST:
        return _editor_page(request, FormatEditor.preview(request.POST, instance), unsaved=True)
    editor = FormatEditor(request.POST, instance=instance)
    if not editor.is_valid():
        return _editor_page(request, editor, unsaved=True)
    custom_format = editor.save()
    messages.success(request, f"Saved custom format {custom_format.name}.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("settings:formats"))
    return redirect("settings:formats")


@admin_required
@require_http_methods(["GET", "POST"])
def format_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, CustomFormat())


@admin_required
@require_http_methods(["GET", "POST"])
def format_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(CustomFormat, pk=pk))


@admin_required
@require_http_methods(["GET", "POST"])
def format_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (naming the profiles that score it); POST deletes."""
    custom_format = get_object_or_404(CustomFormat, pk=pk)
    if request.method == "POST":
        custom_format.delete()
        messages.success(request, f"Deleted custom format {custom_format.name}.")
        return redirect("settings:formats")
    scored = custom_format.profile_scores.exclude(score=0).select_related("profile")
    context = {"format": custom_format, "scored": scored}
    return render(request, "settings/format_delete.html", context)


@admin_required
@require_POST
def format_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST)
    if not form.is_valid():
        return render(request, "settings/formats.html", _list_context(form), status=400)
    try:
        saved = import_formats(form.cleaned_data["json"])
    except ValidationError as exc:
        context = _list_context(form, exc.messages)
        return render(request, "settings/formats.html", context, status=400)
    names = ", ".join(cf.name for cf in saved)
    messages.success(request, f"Imported {len(saved)} custom format(s): {names}.")
    return redirect("settings:formats")


def _download(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin_required
def format_export_all(request: HttpRequest) -> HttpResponse:
    return _download(export_formats(CustomFormat.objects.all()), "custom-formats.json")


@admin_required
def format_export(request: HttpRequest, pk: int) -> HttpResponse:
    custom_format = get_object_or_404(CustomFormat, pk=pk)
    # A header-safe file name: letters, digits, dot, dash and underscore only.
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", custom_format.name).strip("-") or "custom-format"
    return _download(export_format(custom_format), f"{stem}.json")
