"""Put a finished video file into a movie's folder: hardlink, copy or move, crash-safe.

The disk work of importing, and the MovieFile row that records it. A copy is written to a
temporary name beside its final one, its size checked, flushed to disk (fsync), then
renamed into place and the folder flushed, so a crash leaves either the old state or the
new one. A source is removed (move) only after its copy is on disk and recorded. A
replaced file goes to the recycle bin when one is set, else it is deleted only once the
new file is in place; one left aside by a crash is put back or recycled by the next
import. Imports of one movie run one at a time (`movie_lock`), and running an import
twice imports once.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from filelock import FileLock, Timeout

from movies.models import Movie, MovieFile

log = logging.getLogger(__name__)

HARDLINK, COPY, MOVE = "hardlink", "copy", "move"
MODES = (HARDLINK, COPY, MOVE)
# The longest name a file system takes (bytes); the temporary names add ".", ".importing".
NAME_MAX = 255
TEMPORARY_NAME_EXTRA = len("..importing")
# How long an import waits for another import of the same movie (a large copy) to end.
LOCK_WAIT_SECONDS = 30 * 60
# True while a download's import saves its MovieFile row: file_imported follows; the
# requests receiver waits for it (movies.requesting.availability).
ANNOUNCED_BY_IMPORT: ContextVar[bool] = ContextVar("announced_by_import", default=False)
_LEFT_BY_CRASH = re.compile(r"^\.(?P<name>.+)\.(?P<kind>replaced|importing)$")


class ImportFailed(Exception):
    """The file could not be imported; the message says why (shown in the queue)."""


@dataclass(frozen=True)
class FileFacts:
    """What the MovieFile row records about the imported file."""

    quality_id: int = 0
    quality_version: int = 1
    release_group: str = ""
    edition: str = ""
    languages: list[str] = field(default_factory=list)
    scene_name: str = ""
    media_info: dict = field(default_factory=dict)


def _inside(folder: str, path: str) -> bool:
    real_folder, real = os.path.realpath(folder), os.path.realpath(path)
    return real == real_folder or real.startswith(real_folder.rstrip(os.sep) + os.sep)


def _copy_bytes(source: str, target: str) -> None:
    """Copy the content (a seam for tests that simulate a failing disk)."""
    shutil.copyfile(source, target)


def _discard(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _fsync(path: str) -> None:
    """Flush a file's data, or a folder's entries, to disk (a rename is durable only once
    its folder is flushed). File systems that cannot flush a folder are let be."""
    flags = os.O_RDONLY | (os.O_DIRECTORY if os.path.isdir(path) else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _copy_verified(source: str, temporary: str) -> None:
    size = os.path.getsize(source)
    try:
        _copy_bytes(source, temporary)
        copied = os.path.getsize(temporary)
    except OSError as exc:
        _discard(temporary)
        raise ImportFailed(
            f"Copying {os.path.basename(source)} failed: {exc.strerror or exc}"
        ) from exc
    if copied != size:
        _discard(temporary)
        raise ImportFailed(
            f"The copy of {os.path.basename(source)} has {copied} bytes, not {size}; "
            "the source is kept."
        )


def _link(source: str, temporary: str) -> bool:
    """Hardlink when the file system allows it; False sends the caller to copy."""
    _discard(temporary)
    try:
        os.link(source, temporary)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            log.info("Hardlink of %s not possible (%s); copying", source, exc.strerror)
            return False
        raise ImportFailed(f"Linking {os.path.basename(source)} failed: {exc.strerror}") from exc
    return True


def _recycle(path: str, recycle_bin: str, movie_folder: str, name: str = "") -> None:
    """Move a replaced file to the recycle bin (under its movie folder's name), or delete it."""
    if not recycle_bin:
        _discard(path)
        return
    target_dir = os.path.join(recycle_bin, os.path.basename(movie_folder.rstrip(os.sep)))
    os.makedirs(target_dir, exist_ok=True)
    base, ext = os.path.splitext(name or os.path.basename(path))
    target, n = os.path.join(target_dir, base + ext), 1
    while os.path.exists(target):
        n += 1
        target = os.path.join(target_dir, f"{base} ({n}){ext}")
    shutil.move(path, target)
    os.utime(target)  # the recycle bin is emptied by age; the clock starts now


def _already_imported(movie: Movie, source: str, relative: str, target: str) -> MovieFile | None:
    row = movie.files.filter(relative_path=relative).first()
    if row is None or not os.path.isfile(target):
        return None
    same_source = row.original_path == source
    if same_source and os.path.getsize(target) == row.size:
        return row
    return None


def _place(source: str, target: str, mode: str) -> str:
    """Put `source` at `target` through a temporary name; return the mode actually used.

    The source is never touched here: a move links (same file system) or copies it, and
    import_file removes the source only after the MovieFile row is committed, so a crash
    at any point leaves a source the next run can import again. The temporary file is on
    disk before the rename, and the rename on disk before this returns.
    """
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.importing")
    if mode in (HARDLINK, MOVE) and _link(source, temporary):
        _fsync(temporary)
        os.replace(temporary, target)
        # rename() between two links of one file does nothing (POSIX): the temporary
        # name stays when the target already was this file.
        _discard(temporary)
        _fsync(folder)
        return mode
    _copy_verified(source, temporary)
    _fsync(temporary)
    os.replace(temporary, target)
    _fsync(folder)
    return MOVE if mode == MOVE else COPY


def _remove_moved_source(source: str, target: str) -> None:
    """The last step of a move: the source goes once the library copy is on disk and
    recorded."""
    if os.path.isfile(source) and os.path.getsize(source) == os.path.getsize(target):
        _fsync(target)
        _fsync(os.path.dirname(target))
        os.unlink(source)


_BUSY = "Another import of this movie is still running; try again when it ends."
# PostgreSQL advisory lock ids are (namespace, movie id); the namespace keeps ours apart.
_LOCK_NAMESPACE = 0x52414449


def _pg_lock(movie_id: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, movie_id])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() >= deadline:
                raise ImportFailed(_BUSY)
            time.sleep(0.2)


def _pg_unlock(movie_id: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, movie_id])
    except DatabaseError:
        # A broken connection: closing it ends the session, and the session's locks.
        log.warning("Could not release the import lock of movie %s; closing", movie_id)
        if not connection.in_atomic_block:
            connection.close()


@contextlib.contextmanager
def movie_lock(movie_id: int, wait: float | None = None) -> Iterator[None]:
    """Hold while a movie's files change, so two imports of one movie never both replace
    its files (the later would delete the row of the file the earlier just placed).

    Not a row lock (SELECT ... FOR UPDATE) in a transaction: held for a whole copy, that
    would stop every edit of the movie (and, on SQLite, every writer) for minutes.
    PostgreSQL: a session advisory lock on (namespace, movie id), good across machines.
    SQLite: a lock file in DATA_DIR (SQLite's processes share one machine). ImportFailed
    when the wait runs out.
    """
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    if connection.vendor == "postgresql":
        _pg_lock(movie_id, wait)
        try:
            yield
        finally:
            _pg_unlock(movie_id)
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / f"movie-{movie_id}.lock"), timeout=wait)
    try:
        lock.acquire()
    except Timeout as exc:
        raise ImportFailed(_BUSY) from exc
    try:
        yield
    finally:
        lock.release()


def _recover(movie: Movie, folder: str, recycle_bin: str) -> None:
    """Tidy what a crashed import left in the movie folder (called under movie_lock).

    A `.{name}.replaced` file is a recorded file set aside for its replacement: it goes
    back under its name while a row still records that name, else it is recycled. A
    `.{name}.importing` file is a half-made copy, deleted.
    """
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return
    recorded = {row.relative_path for row in movie.files.all()}
    changed = False
    for entry in names:
        match = _LEFT_BY_CRASH.match(entry)
        path = os.path.join(folder, entry)
        if match is None or os.path.islink(path) or not os.path.isfile(path):
            continue
        changed = True
        if match["kind"] == "importing":
            _discard(path)
        elif match["name"] in recorded:
            # The row still describes the file set aside: its replacement was never
            # recorded (its source is still there), so the old file takes its name back.
            os.replace(path, os.path.join(folder, match["name"]))
            log.warning("Restored %s, set aside by an import that did not finish", path)
        else:
            _recycle(path, recycle_bin, folder, name=match["name"])
            log.warning("Recycled %s, left aside by an import that did not finish", path)
    if changed:
        _fsync(folder)


def import_file(
    movie: Movie,
    source: str,
    mode: str,
    *,
    file_name: str,
    facts: FileFacts,
    recycle_bin: str = "",
    check: Callable[[], None] | None = None,
) -> MovieFile:
    """Import `source` into the movie's folder as `file_name`; the MovieFile row.

    The movie's other files are replaced (recycled or deleted) once the new file is in
    place. `check` (the upgrade check) runs under the movie's lock, so it judges the files
    no other import is changing; it refuses by raising ImportFailed. Raises ImportFailed
    (with the reason) when nothing was imported.
    """
    if mode not in MODES:
        raise ValueError(f"Unknown import mode {mode!r}")
    folder, root = movie.path, movie.root_folder.path
    target = os.path.join(folder, file_name)
    if os.sep in file_name or file_name in ("", ".", "..") or not _inside(root, target):
        raise ImportFailed(f"{target} is outside the root folder {root}.")
    if len(file_name.encode()) + TEMPORARY_NAME_EXTRA > NAME_MAX:
        raise ImportFailed(f"The file name {file_name!r} is too long for this file system.")
    with movie_lock(movie.pk):
        row, used = _import_locked(movie, source, mode, target, facts, recycle_bin, check)
    # The row is committed: only now may a moved source go.
    if used == MOVE:
        _remove_moved_source(source, target)
    return row


def _import_locked(
    movie: Movie,
    source: str,
    mode: str,
    target: str,
    facts: FileFacts,
    recycle_bin: str,
    check: Callable[[], None] | None,
) -> tuple[MovieFile, str]:
    folder, root = movie.path, movie.root_folder.path
    relative = os.path.basename(target)
    if os.path.isdir(folder) and _inside(root, folder):
        _recover(movie, folder, recycle_bin)
    if existing := _already_imported(movie, source, relative, target):
        return existing, mode  # a re-run (after a crash before the source was removed)
    if check is not None:
        check()
    if not os.path.isfile(source):
        raise ImportFailed(f"{source} is not a readable file.")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise ImportFailed(f"Cannot create the movie folder {folder}: {exc.strerror}") from exc
    if not _inside(root, folder):
        raise ImportFailed(f"The movie folder {folder} leads outside the root folder {root}.")

    old_rows = list(movie.files.all())
    size = os.path.getsize(source)
    # A replaced file of the same name must reach the recycle bin, so it steps aside
    # first (and comes back if the import fails, or on the next run after a crash);
    # without a bin, the rename into place replaces it atomically.
    if (
        recycle_bin
        and any(r.relative_path == relative for r in old_rows)
        and os.path.exists(target)
    ):
        staged = os.path.join(folder, f".{relative}.replaced")
        os.replace(target, staged)
        try:
            used = _place(source, target, mode)
        except ImportFailed:
            os.replace(staged, target)  # put the old file back: nothing changed
            raise
        _recycle(staged, recycle_bin, folder, name=relative)
    else:
        used = _place(source, target, mode)
    for row in old_rows:
        old_path = os.path.join(folder, row.relative_path)
        if row.relative_path != relative and os.path.isfile(old_path):
            _recycle(old_path, recycle_bin, folder)
    with transaction.atomic():
        movie.files.all().delete()
        marked = ANNOUNCED_BY_IMPORT.set(True)  # file_imported follows; the receiver waits
        try:
            row = MovieFile.objects.create(
                movie=movie,
                relative_path=relative,
                size=size,
                quality_id=facts.quality_id,
                quality_version=facts.quality_version,
                release_group=facts.release_group[:100],
                scene_name=facts.scene_name[:500],
                edition=facts.edition[:100],
                languages=list(facts.languages),
                media_info=dict(facts.media_info, import_mode=used),
                original_path=source[:1000],
            )
        finally:
            ANNOUNCED_BY_IMPORT.reset(marked)
    log.info("Imported %s into %s (%s)", source, target, used)
    return row, used


def empty_recycle_bin(recycle_bin: str, days: int, now: float | None = None) -> int:
    """Delete files that have sat in the recycle bin longer than `days` (0 keeps them all),
    then the folders left empty; the number of files deleted. Disk work (housekeeping)."""
    if not recycle_bin or days <= 0 or not os.path.isdir(recycle_bin):
        return 0
    cutoff = (now if now is not None else time.time()) - days * 86400
    deleted = 0
    for top, _dirs, files in os.walk(recycle_bin, topdown=False):
        for name in files:
            path = os.path.join(top, name)
            if not os.path.islink(path) and os.path.getmtime(path) < cutoff:
                os.unlink(path)
                deleted += 1
        if top != recycle_bin and not os.listdir(top):
            os.rmdir(top)
    return deleted
