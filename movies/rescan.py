"""Rescan a movie's folder: record videos placed there by hand, forget files that are gone.

Radarr's "Refresh & Scan" does this after the metadata refresh. The walk is the library
import's own (movies.imports.scan: extras folders, samples, symlinks leading outside the
root folder and unreadable entries are left out), and a found video gets its MovieFile row
the way the library import records a file it finds in place. Nothing on disk changes and
no event is sent (Radarr sends none for a rescan); Movie.has_file and size_on_disk follow
the rows through movies.signals. The scan holds the movie's import lock, so it never sees
a file half-placed by an import nor deletes the row an import has just written.
"""

from __future__ import annotations

import errno
import logging
import os
from dataclasses import dataclass, field

from movies.file_import import ImportFailed, movie_lock
from movies.imports.files import add_movie_file
from movies.imports.scan import walk_movie_folder
from movies.models import Movie, MovieFile

log = logging.getLogger(__name__)

# A scan from a page or a command should not sit behind a long copy: it says so instead.
LOCK_WAIT_SECONDS = 10.0
_GONE = (errno.ENOENT, errno.ENOTDIR)


@dataclass
class RescanResult:
    """What a rescan did: relative paths recorded and forgotten, and what it could not do."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    scanned: bool = False  # the folder was walked (it exists, was readable, not locked)
    no_folder: bool = False  # normal before a first download: nothing to scan

    def summary(self) -> str:
        """What was found, for a page: 'found 1 new file, 0 missing'."""
        return _found(len(self.added), len(self.removed))


@dataclass
class RescanTally:
    """The rescans of several movies added up, for a command's message."""

    scanned: int = 0  # folders walked
    added: int = 0
    removed: int = 0
    not_scanned: int = 0  # folders there but unreadable, or locked by an import

    def add(self, result: RescanResult) -> None:
        self.scanned += result.scanned
        self.added += len(result.added)
        self.removed += len(result.removed)
        self.not_scanned += not result.scanned and not result.no_folder

    def summary(self) -> str:
        """'found 1 new file, 0 missing' (and the folders that could not be scanned)."""
        text = _found(self.added, self.removed)
        if self.not_scanned:
            n = self.not_scanned
            text += f" ({n} folder{'' if n == 1 else 's'} could not be scanned)"
        return text


def _found(added: int, removed: int) -> str:
    return f"found {added} new file{'' if added == 1 else 's'}, {removed} missing"


def _media_info(folder: str, relative_path: str) -> dict:
    """Codecs and HDR the name states, as a file imported from a download records them."""
    from movies.parser import parse_path

    media = parse_path(os.path.join(folder, relative_path)).media
    facts = {"video_codec": media.video_codec, "audio_codec": media.audio_codec}
    facts["hdr"] = list(media.hdr)
    return {key: value for key, value in facts.items() if value}


def _is_gone(folder: str, relative_path: str) -> bool | None:
    """True when the file is not there, False when it is, None when that cannot be told
    (a permission or disk error): such a row is kept, never deleted on a guess."""
    try:
        os.stat(os.path.join(folder, relative_path))
    except OSError as exc:
        return True if exc.errno in _GONE else None
    return False


def rescan_movie_folder(movie: Movie, *, wait: float = LOCK_WAIT_SECONDS) -> RescanResult:
    """Bring the movie's MovieFile rows in line with the videos in its folder.

    A folder that does not exist or cannot be read changes nothing (a disconnected share
    must not empty the library) and is reported in `problems`, as is an import of the
    movie still holding its lock after `wait` seconds.
    """
    result = RescanResult()
    folder = movie.path
    if not folder or not os.path.isdir(folder):
        result.no_folder = True
        result.problems.append(f"The folder {folder or '(none)'} does not exist.")
        return result
    try:
        with movie_lock(movie.pk, wait=wait):
            _rescan_locked(movie, folder, result)
    except ImportFailed:
        result.problems.append("An import of this movie is running; scan again when it ends.")
    return result


def _rescan_locked(movie: Movie, folder: str, result: RescanResult) -> None:
    root = movie.root_folder.path if movie.root_folder_id else None
    try:
        videos, unreadable = walk_movie_folder(folder, root)
    except OSError as exc:
        log.warning("Rescan of %s cannot read %s: %s", movie, folder, exc)
        result.problems.append(f"Cannot read the folder {folder}: {exc.strerror or exc}")
        return
    result.scanned = True
    result.problems.extend(unreadable)
    known = {row.relative_path: row for row in MovieFile.objects.filter(movie=movie)}
    for video in videos:
        if video.relative_path in known:
            continue
        try:
            row = add_movie_file(movie, folder, video.relative_path)
        except OSError as exc:  # vanished or unreadable since the walk
            result.problems.append(f"Cannot read {video.relative_path}: {exc.strerror or exc}")
            continue
        media_info = _media_info(folder, video.relative_path)
        if media_info and not row.media_info:
            row.media_info = media_info
            row.save(update_fields=["media_info"])
        log.info("Rescan of %s found %s", movie, video.relative_path)
        result.added.append(video.relative_path)
    for relative_path, row in known.items():
        gone = _is_gone(folder, relative_path)
        if gone is None:
            result.problems.append(f"Cannot tell whether {relative_path} is still there; kept.")
        elif gone:
            row.delete()  # silent, as Radarr's "file missing, removed"; the log says so
            log.info("Rescan of %s: %s is missing; its record was removed", movie, relative_path)
            result.removed.append(relative_path)


def rescan_library() -> RescanTally:
    """Rescan every movie whose root folder is reachable (an unmounted share is skipped
    whole rather than probed movie by movie); one movie's error does not stop the rest."""
    tally = RescanTally()
    reachable: dict[int, bool] = {}
    for movie in Movie.objects.select_related("root_folder").order_by("pk").iterator():
        root = movie.root_folder
        if root.pk not in reachable:
            reachable[root.pk] = os.path.isdir(root.path)
        if not reachable[root.pk]:
            continue
        try:
            tally.add(rescan_movie_folder(movie))
        except Exception:
            log.exception("Rescan of %s failed", movie)
            tally.not_scanned += 1
    return tally
