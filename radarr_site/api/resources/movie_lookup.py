"""MovieResources for movies TMDB knows and the library does not: id 0, no path.

That is how Overseerr and Jellyseerr tell an unknown movie from a library one after
`movie/lookup`. The movie is an unsaved Movie filled from TMDB's answer, so the one
builder (movie_resource) shapes both.
"""

from __future__ import annotations

from typing import Any

from movies import services
from radarr_site.api.resources.movie import ResourceContext, movie_resource

_DETAIL_FIELDS = (
    "imdb_id",
    "title",
    "original_title",
    "original_language",
    "year",
    "overview",
    "runtime",
    "certification",
    "studio",
    "status",
    "in_cinemas",
    "digital_release",
    "physical_release",
    "poster_path",
    "backdrop_path",
    "collection_tmdb_id",
    "collection_name",
    "rating",
    "votes",
    "popularity",
    "website",
)


def details_resource(details: Any, context: ResourceContext | None = None) -> dict[str, Any]:
    """A movie TMDB knows but the library does not (MovieDetails): id 0, no path."""
    movie = services.Movie(tmdb_id=details.tmdb_id, monitored=False)
    for name in _DETAIL_FIELDS:
        setattr(movie, name, getattr(details, name))
    movie.genres = list(details.genres)
    movie.alternative_titles = list(details.alternative_titles)
    movie.runtime = max(movie.runtime or 0, 0)
    movie.votes = max(movie.votes or 0, 0)
    movie.path = ""
    return movie_resource(movie, context)


def lookup_resource(found: Any, context: ResourceContext | None = None) -> dict[str, Any]:
    """A title search's Lookup (movies.services.search_movies) not in the library: id 0,
    no path, what a search gives (title, year, first release date, rating; no IMDb id or
    runtime: those need one TMDB call per movie)."""
    movie = services.Movie(
        tmdb_id=found.tmdb_id,
        title=found.title,
        original_title=found.original_title,
        original_language=found.original_language,
        year=found.year,
        overview=found.overview,
        in_cinemas=found.release_date,
        poster_path=found.poster_url,  # already a full URL: poster_url passes it through
        rating=found.rating,
        votes=found.votes,
        popularity=found.popularity,
        monitored=False,
        path="",
    )
    return movie_resource(movie, context)
