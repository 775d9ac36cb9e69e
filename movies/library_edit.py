"""Bulk changes to the library: bulk edit and delete.

Folder rules live in movies.folders; the library page's queries in movies.library.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef

from movies.folders import (
    PathIndex,
    UnsafePath,
    movie_path_in,
    overlap_problem,
    path_change_problem,
    safe_movie_folder,
)
from movies.models import Movie, MovieFile, QualityProfile, RootFolder, Tag
from radarr_site import events

log = logging.getLogger(__name__)


@dataclass
class BulkEditResult:
    """How many movies were changed, and why the others were left as they were."""

    updated: int
    refused: list[str] = field(default_factory=list)


def bulk_edit(
    movie_ids: Iterable[int],
    *,
    monitored: bool | None = None,
    quality_profile: QualityProfile | None = None,
    root_folder: RootFolder | None = None,
    add_tags: Iterable[Tag] = (),
    remove_tags: Iterable[Tag] = (),
) -> BulkEditResult:
    """Apply the given changes to these movies (ids of deleted movies are skipped).

    A new root folder moves the movie's path to the same folder name under it. Files are
    not moved yet, so a movie whose folder would change while it has files, or whose new
    folder would clash with another movie's, is refused: it gets none of the changes.
    """
    movies = Movie.objects.filter(pk__in=list(movie_ids))
    ids = list(movies.values_list("pk", flat=True))
    refused: list[str] = []
    moved: list[Movie] = []
    if root_folder is not None and ids:
        index = PathIndex.of(Movie.objects.filter(root_folder=root_folder))
        for movie in movies.annotate(has_rows=_HAS_FILES).only("pk", "title", "year", "path"):
            new_path = movie_path_in(root_folder, movie)
            problem = path_change_problem(movie, new_path, root_folder.path, index, movie.has_rows)
            if problem:
                refused.append(str(problem))
                ids.remove(movie.pk)
                continue
            index.move(movie.pk, movie.path, new_path, str(movie))
            movie.path, movie.root_folder = new_path, root_folder
            moved.append(movie)
    if not ids:
        return BulkEditResult(0, refused)
    movies = Movie.objects.filter(pk__in=ids)
    with transaction.atomic():
        changes: dict[str, object] = {}
        if monitored is not None:
            changes["monitored"] = monitored
        if quality_profile is not None:
            changes["quality_profile"] = quality_profile
        if changes:
            movies.update(**changes)
        if moved:
            Movie.objects.bulk_update(moved, ["path", "root_folder"])
        through = Movie.tags.through
        add = list(add_tags)
        if add:
            through.objects.bulk_create(
                [through(movie_id=m, tag_id=t.pk) for m in ids for t in add],
                ignore_conflicts=True,
            )
        remove = [t.pk for t in remove_tags]
        if remove:
            through.objects.filter(movie_id__in=ids, tag_id__in=remove).delete()
    return BulkEditResult(len(ids), refused)


_HAS_FILES = Exists(MovieFile.objects.filter(movie_id=OuterRef("pk")))


class DeleteIncomplete(OSError):
    """A folder could not be removed: the movies before it are gone, it and the rest stay.

    An OSError, so a view that reports folder errors shows `strerror`, the whole story.
    """

    def __init__(self, deleted: int, failed: Movie, total: int, cause: OSError) -> None:
        self.deleted, self.failed, self.total, self.cause = deleted, failed, total, cause
        reason = cause.strerror or str(cause)
        super().__init__(
            cause.errno,
            f"deleted {deleted} of {total} movie(s); stopped at {failed} "
            f"({failed.path}): {reason}. It and the movies after it were kept.",
        )


@dataclass
class DeleteResult:
    """How many movies were deleted, and which of their folders were already gone."""

    deleted: int
    not_on_disk: list[str] = field(default_factory=list)


def delete_movies(movie_ids: Iterable[int], *, delete_files: bool) -> DeleteResult:
    """Remove these movies from the library, and their folders from disk when asked.

    Every folder is checked before anything is deleted: one unsafe path (outside its
    root folder, or the same as, around or inside a movie that stays) refuses the whole
    request (UnsafePath) and leaves the database and disk as they were. Then each movie
    goes folder first, row second, so a folder that cannot be removed stops the run
    with DeleteIncomplete and never leaves a row whose folder is already gone.
    """
    ids = list(movie_ids)
    movies = list(Movie.objects.filter(pk__in=ids).select_related("root_folder"))
    if not delete_files:
        with transaction.atomic():
            for movie in movies:
                _announce_deleted(movie, files_deleted=False)
            Movie.objects.filter(pk__in=[m.pk for m in movies]).delete()
        return DeleteResult(len(movies))
    folders = [safe_movie_folder(m) for m in movies]
    remaining = PathIndex.of(Movie.objects.exclude(pk__in=[m.pk for m in movies]))
    for movie, folder in zip(movies, folders, strict=True):
        problem = overlap_problem(movie, str(folder), remaining)
        if problem:
            raise UnsafePath(f"{movie}: {problem}")
    result = DeleteResult(0)
    for movie, folder in zip(movies, folders, strict=True):
        try:
            if folder.is_dir():
                shutil.rmtree(folder)
                log.info("Deleted movie folder %s", folder)
            else:
                result.not_on_disk.append(str(movie))
        except OSError as exc:
            log.warning("Could not delete movie folder %s: %s", folder, exc)
            raise DeleteIncomplete(result.deleted, movie, len(movies), exc) from exc
        with transaction.atomic():
            _announce_deleted(movie, files_deleted=True)
            Movie.objects.filter(pk=movie.pk).delete()
        result.deleted += 1
    return result


def _announce_deleted(movie: Movie, *, files_deleted: bool) -> None:
    """Tell listeners (notifications) while the movie is still readable; they only write
    rows in this transaction and never raise into the delete."""
    events.movie_deleted.send_robust(sender=Movie, movie=movie, files_deleted=files_deleted)
