"""The movie page: metadata, files, and (admins) edit, delete and refresh & scan."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from movies import services
from movies.folders import UnsafePath
from movies.forms import DeleteMovieForm, MovieEditForm
from movies.library_edit import delete_movies
from movies.models import Movie
from radarr_site.accounts.decorators import admin_required
from radarr_site.http import IntegrationError

# A folder full of unreadable entries would bury the page under messages.
SHOWN_PROBLEMS = 5


def _movie(pk: int) -> Movie:
    movies = Movie.objects.select_related("quality_profile", "root_folder", "added_by")
    return get_object_or_404(movies.prefetch_related("tags", "files"), pk=pk)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every signed-in user sees the movie; the controls are for admins only."""
    movie = _movie(pk)
    context = {
        "movie": movie,
        "poster": services.poster_url(movie.poster_path, "w342"),
        "backdrop": services.poster_url(movie.backdrop_path, "w1280"),
        "files": list(movie.files.all()),
        "tags": list(movie.tags.all()),
    }
    return render(request, "movies/detail.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline edit form (an HTMX fragment, or a page of its own without JS)."""
    movie = _movie(pk)
    form = MovieEditForm(request.POST if request.method == "POST" else None, instance=movie)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.htmx:
            # The fragment says it was saved; a queued message would surface on a later page.
            movie = _movie(pk)
            context = {"movie": movie, "tags": list(movie.tags.all()), "saved": f"Saved {movie}."}
            return render(request, "movies/partials/movie_options.html", context)
        messages.success(request, f"Saved {movie}.")
        return redirect("movies:detail", pk=pk)
    template = "movies/partials/movie_edit.html" if request.htmx else "movies/edit.html"
    return render(request, template, {"movie": movie, "form": form})


@admin_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete; the folder on disk goes only when explicitly ticked."""
    movie = _movie(pk)
    form = DeleteMovieForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = delete_movies([movie.pk], delete_files=form.cleaned_data["delete_files"])
        except UnsafePath as exc:
            error = f"Nothing was deleted: {exc}"
        except OSError as exc:
            error = f"Could not delete the folder: {exc.strerror or exc}"
        else:
            gone = " (folder was not on disk)" if result.not_on_disk else ""
            messages.success(request, f"Deleted {movie}{gone}.")
            url = reverse("movies:library")
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return render(request, "movies/delete.html", {"movie": movie, "form": form, "error": error})


@admin_required
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Refresh & scan: fetch the movie's metadata from TMDB again, then rescan its folder
    for files placed or removed by hand (the scan runs even when TMDB failed)."""
    movie = _movie(pk)
    try:
        services.refresh_movie(movie)
    except IntegrationError as exc:
        messages.error(request, f"Could not refresh {movie}: {exc.message}")
    else:
        messages.success(request, f"Refreshed {movie} from TMDB.")
    scan = services.rescan_movie_folder(movie)
    if scan.scanned:
        messages.success(request, f"Scanned the folder: {scan.summary()}.")
    for problem in scan.problems[:SHOWN_PROBLEMS]:
        messages.warning(request, problem)
    url = reverse("movies:detail", args=[pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
