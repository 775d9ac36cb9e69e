"""API v3: movie (list, get, add, edit, delete) and movie/lookup (the calendar: calendar.py).

Thin: parse what the client sent, call movies.services (and indexers.services for the
search after an add), answer with MovieResources. Radarr's status codes: 201 on add,
202 on edit, 200 with {} on delete. TMDB not configured or failing is a 503 that says so.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import PositiveInt

from movies import services
from radarr_site.api.core import api, invalid, not_found
from radarr_site.api.resources.movie import (
    MovieResource,
    ResourceContext,
    movie_resource,
    movie_resources,
)
from radarr_site.api.resources.movie_lookup import details_resource, lookup_resource
from radarr_site.http import IntegrationError, NotFound

router = Router(tags=["movies"])

AVAILABILITIES = ("announced", "inCinemas", "released")
# Older clients send Radarr v3's names; they mean the nearest v5 choice.
_AVAILABILITY_ALIASES = {"tba": "announced", "preDB": "released", "predb": "released"}
# The edit form's field names → the resource's, for the 400 body.
_FORM_FIELDS = {
    "monitored": "monitored",
    "minimum_availability": "minimumAvailability",
    "quality_profile": "qualityProfileId",
    "root_folder": "rootFolderPath",
    "path": "path",
    "tags": "tags",
    "new_tags": "tags",
    "__all__": "path",  # the folder rules' "has files, cannot move" objection
}


class AddOptions(Schema):
    searchForMovie: bool = False
    monitor: str | None = None  # movieOnly | movieAndCollection | none


class MovieAdd(Schema):
    """POST /movie as Overseerr, Jellyseerr and pyarr send it (other fields are ignored)."""

    tmdbId: PositiveInt
    title: str | None = None
    year: int | None = None
    qualityProfileId: int | None = None
    profileId: int | None = None  # Radarr v3's name, still sent by older clients
    rootFolderPath: str | None = None
    path: str | None = None
    minimumAvailability: str | None = None
    monitored: bool = True
    tags: list[int] = []
    addOptions: AddOptions | None = None


class MovieUpdate(Schema):
    """PUT /movie[/{id}]: the whole resource as read, with the library options changed."""

    id: int | None = None
    monitored: bool | None = None
    qualityProfileId: int | None = None
    profileId: int | None = None
    minimumAvailability: str | None = None
    tags: list[int] | None = None
    path: str | None = None
    rootFolderPath: str | None = None


def _movie_or_404(movie_id: int) -> Any:
    movie = services.library_movies().filter(pk=movie_id).first()
    if movie is None:
        raise not_found(f"Movie with ID {movie_id} does not exist")
    return movie


def _tmdb_unavailable(exc: IntegrationError) -> HttpError:
    return HttpError(503, f"TMDB is not available: {exc.message}")


def _availability(value: str | None, default: str) -> str:
    if value is None:
        return default
    value = _AVAILABILITY_ALIASES.get(value, value)
    if value not in AVAILABILITIES:
        raise invalid(
            {"minimumAvailability": f"Must be one of {', '.join(AVAILABILITIES)}."},
            {"minimumAvailability": value},
        )
    return value


def _tags(ids: list[int]) -> list[Any]:
    found = {tag.pk: tag for tag in services.Tag.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise invalid({"tags": f"Tag {missing[0]} does not exist."}, {"tags": missing[0]})
    return [found[i] for i in dict.fromkeys(ids)]


def _root_folder(path: str | None, movie_path: str | None = None) -> Any:
    """The configured root folder at `path`, else the one holding `movie_path`."""
    folders = list(services.RootFolder.objects.all())
    if path:
        wanted = os.path.normpath(path)
        for folder in folders:
            if os.path.normpath(folder.path) == wanted:
                return folder
        raise invalid(
            {"rootFolderPath": f"{path} is not a configured root folder."},
            {"rootFolderPath": path},
        )
    if movie_path:
        wanted = os.path.normpath(movie_path)
        for folder in folders:
            if wanted.startswith(os.path.normpath(folder.path) + os.sep):
                return folder
        raise invalid({"path": f"{movie_path} is not inside a root folder."}, {"path": movie_path})
    raise invalid({"rootFolderPath": "Root folder path is required."})


# --- movie/lookup (before /movie/{id} so its paths never read as an id) ---

_IMDB_ID = re.compile(r"^tt\d{5,10}$")


@router.get("/movie/lookup", response=list[MovieResource])
def lookup(request: HttpRequest, term: str = "") -> list[dict]:
    """Search TMDB by title, 'tmdb:603' or 'imdb:tt0133093'; library movies come back as
    the library has them (id ≠ 0), others with id 0 (how Overseerr checks existence)."""
    text = term.strip()
    if text.lower().startswith("tmdb:"):
        value = text[5:].strip()
        if not value.isdigit() or int(value) <= 0:
            raise invalid(
                {"term": "A TMDB id is a positive number, as in tmdb:603."}, {"term": term}
            )
        try:
            return [_by_tmdb_id(int(value))]
        except ApiMissing:
            return []
    imdb = text.lower().removeprefix("imdb:").strip()
    if text.lower().startswith("imdb:") or _IMDB_ID.match(imdb):
        try:
            return [_by_imdb_id(imdb, "term", term)]
        except ApiMissing:
            return []
    try:
        page = services.search_movies(text)
    except ValueError as exc:
        raise invalid({"term": str(exc)}, {"term": term}) from exc
    except IntegrationError as exc:
        raise _tmdb_unavailable(exc) from exc
    in_library = [row.in_library_id for row in page.results if row.in_library_id]
    movies = {m.pk: m for m in services.library_movies().filter(pk__in=in_library)}
    context = ResourceContext()
    return [
        movie_resource(movies[row.in_library_id], context)
        if row.in_library_id in movies
        else lookup_resource(row, context)
        for row in page.results
    ]


class ApiMissing(Exception):
    """TMDB has no such movie (a lookup by id answers 404 or an empty list)."""


def _by_tmdb_id(tmdb_id: int) -> dict:
    """The library's movie with this TMDB id, else TMDB's details (id 0)."""
    movie = services.library_movies().filter(tmdb_id=tmdb_id).first()
    if movie is not None:
        return movie_resource(movie)
    try:
        details = services.lookup_movie(tmdb_id)
    except NotFound as exc:
        raise ApiMissing(str(exc)) from exc
    except IntegrationError as exc:
        raise _tmdb_unavailable(exc) from exc
    return details_resource(details)


@router.get("/movie/lookup/tmdb", response=MovieResource)
def lookup_tmdb(request: HttpRequest, tmdbId: int) -> dict:
    try:
        return _by_tmdb_id(tmdbId)
    except ApiMissing as exc:
        raise not_found(f"TMDB has no movie with id {tmdbId}.") from exc


def _by_imdb_id(imdb_id: str, field: str, sent: str) -> dict:
    """The library's movie with this IMDb id, else TMDB's full details (id 0); a malformed
    id is a 400 naming `field`, an id TMDB does not know ApiMissing."""
    imdb_id = imdb_id.strip().lower()
    movie = services.library_movies().filter(imdb_id=imdb_id).first() if imdb_id else None
    if movie is not None:
        return movie_resource(movie)
    try:
        found = services.find_by_imdb_id(imdb_id)
    except IntegrationError as exc:
        raise _tmdb_unavailable(exc) from exc
    except ValueError as exc:
        raise invalid({field: str(exc)}, {field: sent}) from exc
    if not found:
        raise ApiMissing(f"TMDB has no movie with IMDb id {imdb_id}.")
    return _by_tmdb_id(found[0].tmdb_id)


@router.get("/movie/lookup/imdb", response=MovieResource)
def lookup_imdb(request: HttpRequest, imdbId: str) -> dict:
    try:
        return _by_imdb_id(imdbId, "imdbId", imdbId)
    except ApiMissing as exc:
        raise not_found(f"TMDB has no movie with IMDb id {imdbId}.") from exc


# --- movie ---


@router.get("/movie", response=list[MovieResource])
def list_movies(request: HttpRequest, tmdbId: int | None = None) -> HttpResponse:
    """Every movie; with ?tmdbId= the one movie with that TMDB id, or none (pyarr)."""
    movies = services.library_movies()
    if tmdbId is not None:
        movies = movies.filter(tmdb_id=tmdbId)
    # The builder's dicts already have the schema's shape; validating thousands of them
    # again would take longer than building them (the schema still documents the answer).
    return api.create_response(request, movie_resources(movies), status=200)


@router.get("/movie/{int:movie_id}", response=MovieResource)
def get_movie(request: HttpRequest, movie_id: int) -> dict:
    return movie_resource(_movie_or_404(movie_id))


@router.post("/movie", response={201: MovieResource})
def add_movie(request: HttpRequest, payload: MovieAdd) -> Status:
    """Add a movie from TMDB; with addOptions.searchForMovie, search for it in the background."""
    attempted = payload.dict()
    profile_id = payload.qualityProfileId or payload.profileId
    profile = services.QualityProfile.objects.filter(pk=profile_id).first() if profile_id else None
    if profile is None:
        raise invalid(
            {"qualityProfileId": f"Quality profile {profile_id} does not exist."}
            if profile_id
            else {"qualityProfileId": "Quality profile is required."},
            {"qualityProfileId": profile_id},
        )
    root = _root_folder(payload.rootFolderPath, payload.path)
    availability = _availability(payload.minimumAvailability, "released")
    tags = _tags(payload.tags)
    options = payload.addOptions or AddOptions()
    monitored = payload.monitored and options.monitor != "none"
    try:
        movie = services.add_movie(
            payload.tmdbId,
            root_folder=root,
            quality_profile=profile,
            monitored=monitored,
            minimum_availability=availability,
            tags=tags,
            path=payload.path or None,
        )
    except services.MovieExists as exc:
        raise invalid({"tmdbId": "This movie has already been added"}, attempted) from exc
    except NotFound as exc:
        raise invalid(
            {"tmdbId": f"TMDB has no movie with id {payload.tmdbId}."}, attempted
        ) from exc
    except IntegrationError as exc:
        raise _tmdb_unavailable(exc) from exc
    except ValueError as exc:  # the folder rules refused the explicit path
        raise invalid({"path": str(exc)}, attempted) from exc
    if options.searchForMovie:
        from indexers import services as indexer_services

        indexer_services.queue_movie_search(movie.pk, "add")
    return Status(201, movie_resource(_movie_or_404(movie.pk)))


def _folder_changes(movie: Any, payload: MovieUpdate) -> dict[str, Any]:
    """The path decides, as in Radarr (clients send the whole resource back, rootFolderPath
    included, and Overseerr fills that from its own settings): a new path takes the root
    folder holding it. Only a body without a path moves the movie to another root folder."""
    if payload.path:
        if os.path.normpath(payload.path) == os.path.normpath(movie.path):
            return {}
        root = _root_folder(None, payload.path)
        return {"path": payload.path, "root_folder": root.pk}
    if payload.rootFolderPath and os.path.normpath(payload.rootFolderPath) != os.path.normpath(
        movie.root_folder.path
    ):
        return {"root_folder": _root_folder(payload.rootFolderPath).pk}
    return {}


def _update(request: HttpRequest, movie_id: int, payload: MovieUpdate) -> Status:
    movie = _movie_or_404(movie_id)
    changes: dict[str, Any] = {}
    if payload.monitored is not None:
        changes["monitored"] = payload.monitored
    profile_id = payload.qualityProfileId or payload.profileId
    if profile_id is not None:
        if not services.QualityProfile.objects.filter(pk=profile_id).exists():
            raise invalid(
                {"qualityProfileId": f"Quality profile {profile_id} does not exist."},
                {"qualityProfileId": profile_id},
            )
        changes["quality_profile"] = profile_id
    if payload.minimumAvailability is not None:
        changes["minimum_availability"] = _availability(payload.minimumAvailability, "")
    if payload.tags is not None:
        changes["tags"] = [tag.pk for tag in _tags(payload.tags)]
    changes.update(_folder_changes(movie, payload))
    moves = "path" in changes or "root_folder" in changes
    if moves and request.GET.get("moveFiles", "").lower() == "true":
        raise invalid(
            {
                "path": "Moving a movie's folder on disk is not supported; change the path "
                "without moveFiles (only possible while the movie has no files)."
            },
            {"path": payload.path},
        )
    errors = services.edit_movie(movie, changes)
    if errors:
        raise invalid(
            {_FORM_FIELDS.get(name, name): message for name, message in errors.items()},
            payload.dict(),
        )
    return Status(202, movie_resource(_movie_or_404(movie_id)))


@router.put("/movie/{int:movie_id}", response={202: MovieResource})
def update_movie(request: HttpRequest, movie_id: int, payload: MovieUpdate) -> Status:
    """Change monitored, profile, minimum availability, tags, root folder or path."""
    return _update(request, movie_id, payload)


@router.put("/movie", response={202: MovieResource})
def update_movie_by_body(request: HttpRequest, payload: MovieUpdate) -> Status:
    """The same with the id in the body (Overseerr re-monitors a movie this way)."""
    if not payload.id:
        raise invalid({"id": "The movie's id is required."}, {"id": payload.id})
    return _update(request, payload.id, payload)


@router.delete("/movie/{int:movie_id}")
def delete_movie(
    request: HttpRequest,
    movie_id: int,
    deleteFiles: bool = False,
    addImportExclusion: bool = False,  # accepted; there are no import lists to exclude from
) -> dict:
    """Remove the movie, and its folder when deleteFiles (the movie page's delete)."""
    movie = _movie_or_404(movie_id)
    try:
        services.delete_movies([movie.pk], delete_files=deleteFiles)
    except services.UnsafePath as exc:
        raise invalid({"deleteFiles": f"Nothing was deleted: {exc}"}) from exc
    except OSError as exc:
        raise HttpError(500, f"Could not delete the folder: {exc.strerror or exc}") from exc
    return {}
