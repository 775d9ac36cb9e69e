"""The library as the API v3 (radarr_site/api) reads and changes it: a listing in a fixed
number of queries, the movie page's edit rules, the UI's delete. movies.services
re-exports these; the API never imports this module directly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from movies.models import Movie

# movies.library_edit, movies.wanted and movies.forms are imported when called:
# movies.library_edit builds a query at import time, and movies.services (which imports
# this module) is imported while the app registry is still loading.


def delete_movies(movie_ids: Iterable[int], *, delete_files: bool) -> Any:
    """The movie delete the UI uses (movies.library_edit.delete_movies: UnsafePath refuses
    all, DeleteIncomplete, an OSError, stops part way; returns DeleteResult)."""
    from movies.library_edit import delete_movies as delete

    return delete(movie_ids, delete_files=delete_files)


def cutoff_met_ids(profile: Any) -> set[int]:
    """Quality ids that meet the profile's cutoff (movies.wanted.cutoff_met_ids)."""
    from movies.wanted import cutoff_met_ids as met

    return met(profile)


def library_movies():
    """Every movie with what an API listing reads (profile, root folder, and the tags and
    files as lists in tag_list and file_list), in a fixed number of queries however many."""
    from django.db.models import Prefetch

    movies = Movie.objects.select_related("quality_profile", "root_folder").defer("top_cast")
    # to_attr lists: reading them costs no queryset per movie (a plain .all() does).
    return movies.prefetch_related(
        Prefetch("tags", to_attr="tag_list"), Prefetch("files", to_attr="file_list")
    )


def edit_movie(movie: Movie, changes: dict[str, Any]) -> dict[str, str]:
    """Change a movie's library options by the movie page's edit rules (MovieEditForm).

    `changes` holds any of monitored, minimum_availability, quality_profile (id),
    root_folder (id), path and tags (ids); the rest keep the movie's values. Returns
    {form field: message} and saves nothing when refused, {} when saved.
    """
    from movies.forms import MovieEditForm

    data: dict[str, Any] = {
        "monitored": movie.monitored,
        "minimum_availability": movie.minimum_availability,
        "quality_profile": movie.quality_profile_id,
        "root_folder": movie.root_folder_id,
        "path": movie.path,
        "tags": [tag.pk for tag in movie.tags.all()],
    }
    data.update(changes)
    if not data["monitored"]:
        del data["monitored"]  # an unchecked checkbox is an absent key
    form = MovieEditForm(data, instance=movie)
    if not form.is_valid():
        return {name: "; ".join(messages) for name, messages in form.errors.items()}
    form.save()
    return {}
