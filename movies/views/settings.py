"""Settings pages: root folders, tags and general settings (admins only).

Each list is one section fragment: HTMX posts swap the section in place, and the same
forms post normally without JavaScript (redirect on success, the page again on errors).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from movies.models import RootFolder, Tag
from movies.settings_forms import GeneralSettingsForm, RootFolderForm, TagForm
from radarr_site.accounts.decorators import admin_required
from radarr_site.api.keys import current_api_key, regenerate_api_key
from radarr_site.health import tmdb_key_source
from radarr_site.http import IntegrationError
from radarr_site.models import SiteSettings


def respond(
    request: HttpRequest,
    page: str,
    partial: str,
    context: dict,
    *,
    url_name: str,
    notice: str = "",
    error: str = "",
) -> HttpResponse:
    """The section fragment for HTMX; otherwise a redirect with a message, or the page
    again when a form has errors to show."""
    if request.htmx:
        return render(request, partial, {**context, "notice": notice, "error": error})
    if notice:
        messages.success(request, notice)
    if error:
        messages.error(request, error)
    form = context.get("form")
    if form is not None and form.is_bound and form.errors:
        return render(request, page, context)
    return redirect(url_name)


@admin_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("settings:root_folders")


def _root_folder_context(form: RootFolderForm | None = None) -> dict:
    # annotate() with an aggregate drops Meta.ordering, so order explicitly.
    folders = RootFolder.objects.annotate(movie_count=Count("movies")).order_by("path")
    return {"folders": folders, "form": form or RootFolderForm()}


@admin_required
def root_folders(request: HttpRequest) -> HttpResponse:
    return render(request, "settings/root_folders.html", _root_folder_context())


@admin_required
@require_POST
def root_folder_add(request: HttpRequest) -> HttpResponse:
    form = RootFolderForm(request.POST)
    notice = ""
    if form.is_valid():
        folder = RootFolder(path=form.cleaned_data["path"])
        folder.probe_disk()
        folder.save()
        notice, form = f"Added root folder {folder.path}.", None
    return respond(
        request,
        "settings/root_folders.html",
        "settings/partials/root_folders.html",
        _root_folder_context(form),
        url_name="settings:root_folders",
        notice=notice,
    )


@admin_required
@require_POST
def root_folder_remove(request: HttpRequest, pk: int) -> HttpResponse:
    folder = get_object_or_404(RootFolder, pk=pk)
    notice = error = ""
    used = folder.movies.count()
    if used:
        error = f"{folder.path} is used by {used} movie(s); move them to another folder first."
    else:
        try:
            folder.delete()
            notice = f"Removed root folder {folder.path}."
        except ProtectedError:  # a movie was added to it since the count
            error = f"{folder.path} is in use; move its movies to another folder first."
    return respond(
        request,
        "settings/root_folders.html",
        "settings/partials/root_folders.html",
        _root_folder_context(),
        url_name="settings:root_folders",
        notice=notice,
        error=error,
    )


def _tag_context(form: TagForm | None = None) -> dict:
    tags = Tag.objects.annotate(movie_count=Count("movies")).order_by("label")
    return {"tags": tags, "form": form or TagForm()}


def _tag_response(request: HttpRequest, form=None, notice: str = "", error: str = ""):
    return respond(
        request,
        "settings/tags.html",
        "settings/partials/tags.html",
        _tag_context(form),
        url_name="settings:tags",
        notice=notice,
        error=error,
    )


@admin_required
def tags(request: HttpRequest) -> HttpResponse:
    return render(request, "settings/tags.html", _tag_context())


@admin_required
@require_POST
def tag_add(request: HttpRequest) -> HttpResponse:
    form = TagForm(request.POST)
    if form.is_valid():
        tag = form.save()
        return _tag_response(request, notice=f"Added tag {tag.label}.")
    return _tag_response(request, form)


@admin_required
@require_POST
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    old = tag.label
    form = TagForm(request.POST, instance=tag)
    if form.is_valid():
        form.save()
        return _tag_response(request, notice=f"Renamed {old} to {tag.label}.")
    return _tag_response(
        request, error=f"Could not rename {old}: " + " ".join(form.errors["label"])
    )


@admin_required
@require_POST
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    tag.delete()
    return _tag_response(request, notice=f"Deleted tag {tag.label}.")


def _key_source_text() -> str:
    source = tmdb_key_source()
    if source == "settings page":
        return "The key in use is the one saved on this page."
    if source == "environment":
        return "The key in use comes from the TMDB_API_KEY environment variable."
    return "No key is set."


@admin_required
def general(request: HttpRequest) -> HttpResponse:
    api_key = current_api_key()  # created on first use, before the row is read
    site = SiteSettings.load()
    form = GeneralSettingsForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        # Only the form's own columns: a key regenerated meanwhile must not be written back.
        form.save(commit=False).save(update_fields=form.Meta.fields)
        messages.success(request, "Settings saved.")
        return redirect("settings:general")
    context = {
        "form": form,
        "key_source": _key_source_text(),
        "api_key": api_key,
        "api_address": request.build_absolute_uri("/"),
    }
    return render(request, "settings/general.html", context)


@admin_required
@require_POST
def api_key_regenerate(request: HttpRequest) -> HttpResponse:
    """A new API key; every tool still sending the old one gets 401 from now on."""
    regenerate_api_key()
    messages.success(request, "A new API key was made: put it in every tool that uses this server.")
    return redirect("settings:general")


@admin_required
@require_POST
def general_test(request: HttpRequest) -> HttpResponse:
    """The TMDB Test button: what is wrong with the saved settings, if anything."""
    from movies import services  # the movies app's public face

    try:
        problems = services.check_tmdb()
    except IntegrationError as exc:  # check_tmdb should report, but never let a call crash the page
        problems = [exc.message]
    return render(request, "settings/partials/test_result.html", {"problems": problems})
