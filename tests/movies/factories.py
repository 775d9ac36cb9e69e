"""Rows for the movies tests, shaped as TMDB and the import would have filled them."""

from __future__ import annotations

import itertools

from movies.models import Movie, QualityProfile

_tmdb_ids = itertools.count(900_000)


def make_movie(root_folder, **fields) -> Movie:
    """A movie row as TMDB would have filled it, with overridable fields."""
    title = fields.pop("title", "Movie")
    values = {
        "tmdb_id": next(_tmdb_ids),
        "title": title,
        "year": 2000,
        "quality_profile": QualityProfile.objects.order_by("pk").first(),
        "root_folder": root_folder,
        "path": f"{root_folder.path}/{title}",
    }
    values.update(fields)
    tags = values.pop("tags", [])
    movie = Movie.objects.create(**values)
    movie.tags.set(tags)
    return movie
