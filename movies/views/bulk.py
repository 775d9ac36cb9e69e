"""Bulk edit of the movies ticked in the library table (admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from movies.folders import UnsafePath
from movies.forms import BulkDeleteForm, BulkEditForm
from movies.library_edit import bulk_edit, delete_movies
from movies.models import Movie
from radarr_site.accounts.decorators import admin_required


def _next_url(request: HttpRequest) -> str:
    """The library page the action bar was on (same filters and page), if it is ours."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return reverse("movies:library")
    return target


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(_next_url(request))


@admin_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Apply the action bar's changes, or ask to confirm (then do) a delete."""
    action = request.POST.get("action", "apply")
    if action == "delete":
        form = BulkDeleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Tick at least one movie.")
            return _back(request)
        movies = list(Movie.objects.filter(pk__in=form.cleaned_data["movie_ids"]))
        context = {"movies": movies, "form": form, "next": _next_url(request)}
        return render(request, "movies/bulk_delete.html", context)
    if action == "confirm_delete":
        form = BulkDeleteForm(request.POST)
        if form.is_valid():
            try:
                result = delete_movies(
                    form.cleaned_data["movie_ids"],
                    delete_files=form.cleaned_data["delete_files"],
                )
            except UnsafePath as exc:
                messages.error(request, f"Nothing was deleted: {exc}")
            except OSError as exc:
                messages.error(request, f"Could not delete a folder: {exc.strerror or exc}")
            else:
                gone = ", ".join(result.not_on_disk)
                missing = f"; folder was not on disk for: {gone}" if gone else ""
                messages.success(request, f"Deleted {result.deleted} movie(s){missing}.")
        else:
            messages.error(request, "Tick at least one movie.")
        return _back(request)
    form = BulkEditForm(request.POST)
    if form.is_valid() and not form.has_changes():
        messages.info(request, 'Nothing to change: every field was left on "No change".')
    elif form.is_valid():
        result = bulk_edit(form.cleaned_data["movie_ids"], **form.changes())
        if result.updated or not result.refused:
            messages.success(request, f"Updated {result.updated} movie(s).")
        for problem in result.refused:
            messages.error(request, f"Not changed: {problem}")
    else:
        problems = "; ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"Nothing changed: {problems}")
    return _back(request)
