"""Adding a movie from TMDB to the library, and the folder it gets.

Private: other apps and the views reach this through movies.services, which re-exports
add_movie and MovieExists.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from movies.clients.tmdb import MovieDetails
from movies.folders import (
    PathIndex,
    movie_folder_name,
    normalised,
    overlap_problem,
    root_problem,
)
from movies.metadata import apply_details
from movies.models import Movie, QualityProfile, RootFolder, Tag
from movies.models.library import tags_with_labels
from movies.models.movie import MinimumAvailability

log = logging.getLogger(__name__)


class MovieExists(Exception):
    """The movie is already in the library; `movie` is the row that has it."""

    def __init__(self, movie: Movie) -> None:
        super().__init__(f"{movie} is already in the library.")
        self.movie = movie


def _new_movie_folder(root_folder: RootFolder, details: MovieDetails) -> str:
    """'Title (Year)' under the root folder, or 'Title (Year) {tmdb-N}' when another movie
    already uses that folder (two films sharing a title and year must not share a folder)."""
    path = os.path.join(root_folder.path, movie_folder_name(details.title, details.year))
    # Root folders never nest, so only this root's movies can clash.
    if PathIndex.of(Movie.objects.filter(root_folder=root_folder)).clash(path) is None:
        return path
    name = movie_folder_name(details.title, details.year, details.tmdb_id)
    return os.path.join(root_folder.path, name)


def _existing_movie_folder(
    root_folder: RootFolder, path: str, index: PathIndex | None = None
) -> str:
    """The folder, normalised, once the folder rules allow it as a new movie's folder.

    `index` is the root folder's PathIndex when the caller keeps one (a bulk import builds
    it once instead of once per movie); without it the index is read here.
    """
    problem = root_problem(path, root_folder.path)
    if problem is None:
        # Root folders never nest, so only this root's movies can overlap it.
        if index is None:
            index = PathIndex.of(Movie.objects.filter(root_folder=root_folder))
        problem = overlap_problem(Movie(), path, index)
    if problem:
        raise ValueError(problem)
    return normalised(path)


def add_movie(
    tmdb_id: int,
    *,
    root_folder: RootFolder,
    quality_profile: QualityProfile,
    monitored: bool = True,
    minimum_availability: str = MinimumAvailability.RELEASED,
    tags: Iterable[Tag] = (),
    new_tags: Iterable[str] = (),
    added_by: Any = None,
    path: str | None = None,
    path_index: PathIndex | None = None,
) -> Movie:
    """Add a movie from TMDB to the library (details fetched first: nothing saved if TMDB fails).

    `new_tags` are labels typed on the form; they are created only with the movie, so a
    failed or duplicate add leaves no stray tags behind. `path` is an existing folder to
    use as the movie's (library import) instead of a new 'Title (Year)' folder; it must lie
    inside the root folder and overlap no other movie's folder, else ValueError;
    `path_index` is the root folder's PathIndex to check it against (a bulk import keeps
    one for the whole run); the new movie's folder is added to it.
    """
    if minimum_availability not in MinimumAvailability.values:
        raise ValueError(f"Unknown minimum availability {minimum_availability!r}.")
    existing = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if existing:
        raise MovieExists(existing)
    if path is not None:
        path = _existing_movie_folder(root_folder, path, path_index)
    # Through movies.services (which imports this module), where tests patch it.
    from movies import services

    details = services.lookup_movie(tmdb_id)
    now = timezone.now()
    movie = Movie(
        tmdb_id=details.tmdb_id,
        monitored=monitored,
        minimum_availability=minimum_availability,
        quality_profile=quality_profile,
        root_folder=root_folder,
        path=path or _new_movie_folder(root_folder, details),
        added_by=added_by,
        metadata_refreshed_at=now,
        metadata_checked_at=now,
    )
    apply_details(movie, details)
    try:
        with transaction.atomic():
            movie.save()
            movie.tags.set(tags_with_labels(tags, new_tags))
    except IntegrityError:
        # Someone added the same movie between our check and our insert.
        existing = Movie.objects.filter(tmdb_id=details.tmdb_id).first()
        if existing is None:
            raise
        raise MovieExists(existing) from None
    if path_index is not None:
        path_index.move(movie.pk, "", movie.path, str(movie))
    log.info("Added %s (tmdb %s) to %s", movie, movie.tmdb_id, movie.path)
    return movie
