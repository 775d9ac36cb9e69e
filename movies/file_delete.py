"""Delete one of a movie's files from the movie page (Radarr's "Delete file").

Disk work: the file goes to the recycle bin of Settings → Media Management when one is
set (as a replaced file does on import), else it is deleted. The disk goes first and the
row after, so a failure leaves a row for a file still there, never a file no row knows.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.dispatch import Signal

from movies.file_import import ImportFailed, _inside, _recycle, movie_lock
from movies.models import MediaManagement, MovieFile
from radarr_site import events

log = logging.getLogger(__name__)

# A page waits this long for an import of the same movie before saying it is busy.
LOCK_WAIT_SECONDS = 5
# Radarr's deleteReason as its webhook writes it (manual, upgrade, missingFromDisk).
MANUAL = "manual"


class FileDeleteFailed(Exception):
    """The file was not deleted (its row neither); the message says why."""


@dataclass(frozen=True)
class FileDeleted:
    """What delete_movie_file did: the file's full path, whether it was on disk, and
    whether it went to the recycle bin."""

    path: str
    on_disk: bool
    recycled: bool


def announce(signal: Signal, **kwargs: Any) -> None:
    """Send `signal` to its listeners after a disk action; a listener that fails is logged
    and never undoes the action's row change or reaches the page. The listeners run in a
    savepoint so a database error of theirs leaves the caller's transaction usable; their
    rows commit with the caller's."""
    try:
        with transaction.atomic():
            responses = signal.send_robust(**kwargs)
    except DatabaseError:  # a listener broke the savepoint: its rows are rolled back
        log.exception("A listener's rows could not be kept; the change itself stands")
        return
    for receiver, response in responses:
        if isinstance(response, Exception):
            name = getattr(receiver, "__qualname__", repr(receiver))
            log.error("Listener %s failed: %s", name, response, exc_info=response)


def recycle_bin_folder() -> str:
    """Settings → Media Management's recycle bin ("" when deleted files are deleted)."""
    return MediaManagement.load().recycle_bin


def movie_file_facts(row: MovieFile, path: str) -> dict[str, Any]:
    """The movie_file dict of radarr_site.events (date_added an aware datetime), with the
    row's id, languages and media_info too, for Radarr's webhook movieFile object."""
    return {
        "id": row.pk,
        "relative_path": row.relative_path,
        "path": path,
        "quality_id": row.quality_id,
        "quality_version": row.quality_version,
        "size": row.size,
        "release_group": row.release_group,
        "scene_name": row.scene_name,
        "date_added": row.date_added,
        "languages": list(row.languages),
        "media_info": dict(row.media_info),
    }


def delete_movie_file(movie_file: MovieFile, *, reason: str = MANUAL, user=None) -> FileDeleted:
    """Delete the file from disk (or recycle it) and its row; Movie.has_file follows.

    Disk work. Sends radarr_site.events.movie_file_deleted (movie, movie_file, reason, and
    `user`, who asked) in the transaction that deletes the row. A file already missing from
    disk only loses its row. Raises FileDeleteFailed when nothing was deleted.
    """
    movie = movie_file.movie
    folder, root = movie.path, movie.root_folder.path
    path = os.path.join(folder, movie_file.relative_path)
    if not folder or not _inside(root, folder) or not _inside(folder, path):
        raise FileDeleteFailed(f"{path} is outside the movie folder; nothing was deleted.")
    recycle_bin = recycle_bin_folder()
    try:
        with movie_lock(movie.pk, wait=LOCK_WAIT_SECONDS):
            row = MovieFile.objects.filter(pk=movie_file.pk, movie=movie).first()
            if row is None:
                raise FileDeleteFailed(f"{movie_file.relative_path} is no longer in the library.")
            if os.path.isdir(path) and not os.path.islink(path):
                raise FileDeleteFailed(f"{path} is a folder, not a file; nothing was deleted.")
            on_disk = os.path.lexists(path)
            if on_disk:
                try:
                    _recycle(path, recycle_bin, folder)
                except OSError as exc:
                    raise FileDeleteFailed(
                        f"Could not delete {path}: {exc.strerror or exc}; nothing was deleted."
                    ) from exc
            facts = movie_file_facts(row, path)
            with transaction.atomic():
                row.delete()
                movie.refresh_from_db(fields=["has_file", "size_on_disk"])
                announce(
                    events.movie_file_deleted,
                    sender=MovieFile,
                    movie=movie,
                    movie_file=facts,
                    reason=reason,
                    user=user,
                )
    except ImportFailed as exc:  # another import of this movie holds the lock
        raise FileDeleteFailed(str(exc)) from exc
    recycled = on_disk and bool(recycle_bin)
    log.info("Deleted %s (%s)%s", path, reason, " to the recycle bin" if recycled else "")
    return FileDeleted(path, on_disk, recycled)
