"""Add movie: search TMDB as you type, then add a result with its library options."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from movies.forms import AddMovieForm, parse_lookup_term
from movies.models import QualityProfile, RootFolder, Tag
from movies.models.movie import MinimumAvailability
from radarr_site.accounts.decorators import admin_required
from radarr_site.http import IntegrationError

log = logging.getLogger(__name__)


def lookup(term: str, page: int = 1) -> dict:
    """Search results (or the reason there are none) for the search fragment."""
    from movies import services

    kind, value = parse_lookup_term(term)
    if not term.strip():
        return {"results": None}
    if kind == "invalid":
        return {"results": None, "error": value}
    try:
        return {"results": services.search_movies(term.strip(), page=page)}
    except IntegrationError as exc:
        return {"results": None, "error": exc.message}
    except ValueError as exc:  # an id the TMDB client refused before calling
        return {"results": None, "error": str(exc)}


# The session key holding the options of the last successful add, preselected next time.
LAST_ADD_OPTIONS = "movies.last_add_options"


def _remember_options(request: HttpRequest, data: dict) -> None:
    request.session[LAST_ADD_OPTIONS] = {
        "root_folder": str(data["root_folder"].pk),
        "quality_profile": str(data["quality_profile"].pk),
        "monitored": bool(data["monitored"]),
        "minimum_availability": str(data["minimum_availability"]),
        "search": request.POST.get("search_for_movie") == "on",
    }


def _defaults(session, root_folders: list, profiles: list) -> dict:
    """The last add's options where they still exist, else Radarr's defaults."""
    last = (session.get(LAST_ADD_OPTIONS) if session is not None else None) or {}

    def pick(key: str, allowed: set[str], fallback: str) -> str:
        return last.get(key) if last.get(key) in allowed else fallback

    folders = [str(rf.pk) for rf in root_folders]
    profile_ids = [str(p.pk) for p in profiles]
    return {
        "root_folder": pick("root_folder", set(folders), folders[0] if folders else ""),
        "quality_profile": pick(
            "quality_profile", set(profile_ids), profile_ids[0] if profile_ids else ""
        ),
        "monitored": bool(last.get("monitored", True)),
        "minimum_availability": pick(
            "minimum_availability",
            set(MinimumAvailability.values),
            MinimumAvailability.RELEASED.value,
        ),
        "tags": [],
        "new_tags": "",
    }


def _options_context(data=None, session=None) -> dict:
    """Choices every result's Add form offers (read once per page, not per result).

    `selected` holds the values to show chosen: what was posted after an error, else the
    options of this session's last add, else Radarr's defaults (first root folder and
    profile, monitored, released).
    """
    root_folders = list(RootFolder.objects.all())
    profiles = list(QualityProfile.objects.only("id", "name"))
    if data is not None:
        selected = {
            "root_folder": data.get("root_folder", ""),
            "quality_profile": data.get("quality_profile", ""),
            "monitored": bool(data.get("monitored")),
            "minimum_availability": data.get("minimum_availability", ""),
            "tags": data.getlist("tags"),
            "new_tags": data.get("new_tags", ""),
        }
        start_search = data.get("search_for_movie") == "on"
    else:
        selected = _defaults(session, root_folders, profiles)
        # Radarr's "Start search for missing movie" is on unless the last add turned it off.
        last = (session.get(LAST_ADD_OPTIONS) if session is not None else None) or {}
        start_search = bool(last.get("search", True))
    return {
        "root_folders": root_folders,
        "profiles": profiles,
        "tags": list(Tag.objects.all()),
        "availabilities": MinimumAvailability.choices,
        "selected": selected,
        "start_search": start_search,
    }


def _search_context(request: HttpRequest) -> dict:
    term = request.GET.get("q", "")[:200]
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    return {"q": term, **lookup(term, page), **_options_context(session=request.session)}


@admin_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    """The add-movie page; POST adds one result (the per-result form posts here)."""
    if request.method == "POST":
        return _add_posted(request)
    return render(request, "movies/add.html", _search_context(request))


@admin_required
@require_GET
def add_search(request: HttpRequest) -> HttpResponse:
    """The results fragment the search box swaps in as the user types.

    A plain GET (the fragment URL as sign-in's `next`, a bookmark) goes to the whole add
    page with the same search instead of a bare fragment.
    """
    if not request.htmx:
        query = request.GET.urlencode()
        response = redirect(reverse("movies:add") + (f"?{query}" if query else ""))
    else:
        response = render(request, "movies/partials/add_results.html", _search_context(request))
    # One URL, two answers: caches must key on the HX-Request header.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _root_folder_ready(form: AddMovieForm) -> bool:
    """Probe the chosen root folder on disk now (and save what was found): a folder that
    went missing or read-only since the last health check gets a field error."""
    folder = form.cleaned_data["root_folder"]
    folder.probe_disk()
    folder.save(update_fields=["accessible", "free_space", "total_space", "checked_at"])
    if not folder.accessible:
        form.add_error("root_folder", "This root folder is missing or not writable.")
    return folder.accessible


def _queue_search(request: HttpRequest, movie) -> None:
    """Queue the automatic search the add form asked for; the movie stays added if the
    queue cannot take it (the movie page's Search button is there for a retry)."""
    from indexers import services as indexer_services

    try:
        indexer_services.queue_movie_search(movie.pk, "add")
    except Exception:
        log.exception("Could not queue the search for %s", movie)
        messages.warning(request, f"Could not start the search for {movie}; search from its page.")
    else:
        messages.info(request, f"Searching for {movie}.")


def _add_posted(request: HttpRequest) -> HttpResponse:
    from movies import services

    form = AddMovieForm(request.POST)
    error = ""
    if form.is_valid() and _root_folder_ready(form):
        data = form.cleaned_data
        try:
            movie = services.add_movie(
                data["tmdb_id"],
                root_folder=data["root_folder"],
                quality_profile=data["quality_profile"],
                monitored=data["monitored"],
                minimum_availability=data["minimum_availability"],
                # Typed tags are created by add_movie with the movie, never before TMDB answers.
                tags=data["tags"],
                new_tags=data["new_tags"],
                added_by=request.user,
            )
        except services.MovieExists as exc:
            form.existing_movie = exc.movie
            form.add_error("tmdb_id", f"{exc.movie.title} is already in the library.")
        except IntegrationError as exc:
            error = exc.message
        else:
            _remember_options(request, data)
            messages.success(request, f"Added {movie}.")
            if request.POST.get("search_for_movie") == "on":
                _queue_search(request, movie)
            url = reverse("movies:detail", args=[movie.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "form": form,
        "error": error,
        "tmdb_id": request.POST.get("tmdb_id", ""),
        "existing": getattr(form, "existing_movie", None),
        **_options_context(request.POST),
    }
    if request.htmx:
        return render(request, "movies/partials/add_form.html", context)
    context["q"] = request.POST.get("q", "")
    return render(request, "movies/add.html", context)
