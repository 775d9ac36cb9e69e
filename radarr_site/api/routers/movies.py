"""API v3: movie (list, get, add, edit, delete), movie/lookup and calendar.

Thin: parse what the client sent, call movies.services (and indexers.services for the
search after an add), answer with MovieResources. Radarr's status codes: 201 on add,
202 on edit, 200 with {} on delete.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from movies import services
from radarr_site.api.core import not_found
from radarr_site.api.resources.movie import (
    MovieResource,
    movie_resource,
    movie_resources,
)

router = Router(tags=["movies"])


def _movie_or_404(movie_id: int) -> Any:
    movie = services.library_movies().filter(pk=movie_id).first()
    if movie is None:
        raise not_found(f"Movie with ID {movie_id} does not exist")
    return movie


@router.get("/movie", response=list[MovieResource])
def list_movies(request: HttpRequest, tmdbId: int | None = None) -> list[dict]:
    """Every movie; with ?tmdbId= the one movie with that TMDB id, or none (pyarr)."""
    movies = services.library_movies()
    if tmdbId is not None:
        movies = movies.filter(tmdb_id=tmdbId)
    return movie_resources(movies)


@router.get("/movie/{movie_id}", response=MovieResource)
def get_movie(request: HttpRequest, movie_id: int) -> dict:
    return movie_resource(_movie_or_404(movie_id))
