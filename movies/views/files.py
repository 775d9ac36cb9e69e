"""The movie page's file actions (admins): rename the files to the naming settings, and
delete one file."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from movies import services
from movies.models import Movie, MovieFile
from radarr_site.accounts.decorators import admin_required


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    url = reverse("movies:detail", args=[pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@admin_required
@require_GET
def rename_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Each file's current → new name (an HTMX fragment, or a page without JS)."""
    movie = get_object_or_404(Movie.objects.select_related("root_folder"), pk=pk)
    plans = services.rename_preview(movie)
    context = {
        "movie": movie,
        "plans": plans,
        "can_rename": any(not p.problem for p in plans),
    }
    template = "movies/partials/rename_preview.html" if request.htmx else "movies/rename.html"
    return render(request, template, context)


@admin_required
@require_POST
def rename_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename the files ticked in the preview's form (every file when posted without it)."""
    movie = get_object_or_404(Movie.objects.select_related("root_folder"), pk=pk)
    ids = None
    if "selection" in request.POST:  # the preview's form: only what is ticked, maybe nothing
        ids = {int(v) for v in request.POST.getlist("file") if v.isdigit()}
    result = services.rename_files(movie, ids, user=request.user)
    if result.renamed:
        count = len(result.renamed)
        messages.success(request, f"Renamed {count} file{'' if count == 1 else 's'} of {movie}.")
    for problem in result.problems:
        messages.error(request, f"Not renamed: {problem}")
    if ids == set():
        messages.info(request, "No file was ticked; nothing was renamed.")
    elif not result.renamed and not result.problems:
        messages.info(request, f"Nothing to rename: the files of {movie} are named right.")
    return _back(request, pk)


@admin_required
@require_http_methods(["GET", "POST"])
def file_delete(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    """Confirm, then delete the file (to the recycle bin when one is set) and its row."""
    movie_file = get_object_or_404(
        MovieFile.objects.select_related("movie__root_folder"), pk=file_id, movie_id=pk
    )
    movie = movie_file.movie
    error = ""
    if request.method == "POST":
        try:
            done = services.delete_movie_file(movie_file, user=request.user)
        except services.FileDeleteFailed as exc:
            error = str(exc)
        else:
            if not done.on_disk:
                said = "it was not on disk; its record is removed"
            elif done.recycled:
                said = "moved to the recycle bin"
            else:
                said = "deleted from disk"
            messages.success(request, f"{movie_file.relative_path}: {said}.")
            return _back(request, pk)
    context = {
        "movie": movie,
        "movie_file": movie_file,
        "recycle_bin": services.recycle_bin_folder(),
        "error": error,
    }
    return render(request, "movies/file_delete.html", context)
