"""Rename a movie's files to Settings → Media Management's naming (Radarr's "Rename Files").

`rename_preview` says each file's current → new relative path, with the reason a file
cannot be renamed; `rename_files` does it on disk. Disk work runs under the movie's import
lock, one file at a time: a rename inside the movie folder (one file system, so atomic),
then at once its row's update, committed. A failure half-way therefore leaves every file
where its row says. A file is never renamed over another one.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field, replace

from django.db import DatabaseError, transaction

from movies.file_delete import announce
from movies.file_import import ImportFailed, _fsync, _inside, movie_lock
from movies.library_files import naming_choices, naming_facts
from movies.models import MediaManagement, Movie, MovieFile
from movies.naming import FILE_NAME_MAX, NamingChoices, clean_name, cut_to_bytes, file_name
from movies.parser import parse_path, parse_release
from radarr_site import events

log = logging.getLogger(__name__)

# A page waits this long for an import of the same movie before saying it is busy.
LOCK_WAIT_SECONDS = 5
_NAME_NOISE = re.compile(r"[\s._-]")


class RenameFailed(Exception):
    """One file could not be renamed; the message says which and why. Nothing changed."""


@dataclass(frozen=True)
class Rename:
    """One file's rename: its row, its current and new relative paths, and a problem
    (a reason it stays as it is) or ""."""

    file_id: int
    current: str
    new: str
    problem: str = ""


@dataclass
class RenameResult:
    """What rename_files did: the (old, new) relative paths renamed and the problems."""

    renamed: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _wants_formats(choices: NamingChoices) -> bool:
    return "customformats" in _NAME_NOISE.sub("", choices.file_format).lower()


def _parsed(movie: Movie, row: MovieFile):
    """What the import parsed (its source path), else the scene name, else the file."""
    if row.original_path:
        parsed = parse_path(row.original_path)
    elif row.scene_name:
        parsed = parse_release(row.scene_name)
    else:
        parsed = parse_path(os.path.join(movie.path, row.relative_path))
    # The row is the truth where it speaks: a manual import may have set the quality.
    if parsed.quality.version != row.quality_version:
        parsed.quality.repack = False
    parsed.quality.quality_id, parsed.quality.version = row.quality_id, row.quality_version
    parsed.release_group = row.release_group or parsed.release_group
    parsed.edition = row.edition or parsed.edition
    return parsed


def planned_name(movie: Movie, row: MovieFile, choices: NamingChoices, rename: bool, matcher=None):
    """The file name the import would give this file now (as movies.library_files does)."""
    extension = os.path.splitext(row.relative_path)[1].lower()
    if not rename:
        source = row.original_path or row.relative_path
        stem = os.path.splitext(os.path.basename(source))[0]
        stem = clean_name(stem, choices.replace_illegal, choices.colon_replacement)
        return cut_to_bytes(stem, FILE_NAME_MAX - len(extension.encode())) + extension
    parsed = _parsed(movie, row)
    formats = ()
    if matcher is not None:
        matched = matcher.matching(
            parsed, size=row.size, original_language=movie.original_language or None
        )
        formats = tuple(m.name for m in matched)
    facts = naming_facts(movie, parsed, formats)
    info = row.media_info or {}
    facts = replace(
        facts,
        video_codec=info.get("video_codec") or facts.video_codec,
        audio_codec=info.get("audio_codec") or facts.audio_codec,
        hdr=tuple(info.get("hdr") or facts.hdr),
    )
    return file_name(facts, choices, extension)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _problem(folder: str, current: str, new: str, recorded: set[str], taken: set[str]) -> str:
    old_path, new_path = os.path.join(folder, current), os.path.join(folder, new)
    if not _inside(folder, old_path) or not _inside(folder, new_path) or os.sep in new:
        return "The file or its new name is outside the movie folder."
    if not os.path.isfile(old_path):
        return f"Not on disk: {old_path}."
    if new in taken:
        return f"Another file of this movie would also be named {new}."
    if new in recorded:
        return f"Another file of this movie is recorded as {new}."
    if os.path.lexists(new_path) and not _same_file(old_path, new_path):
        return f"{new} is already in the movie folder; it is not overwritten."
    return ""


def rename_preview(movie: Movie) -> list[Rename]:
    """The movie's files whose name differs from the naming settings, each with its new
    relative path and, when it cannot be renamed, why (reads the disk). Files already
    named right are not listed: an empty list means nothing to rename."""
    rows = list(MovieFile.objects.filter(movie=movie).order_by("relative_path"))
    if not rows or not movie.path:
        return []
    settings_row = MediaManagement.load()
    choices = naming_choices()
    matcher = None
    if settings_row.rename_movies and _wants_formats(choices):
        from movies.library_files import custom_format_matcher

        matcher = custom_format_matcher()
    folder, root = movie.path, movie.root_folder.path
    outside = not _inside(root, folder)
    recorded = {row.relative_path for row in rows}
    taken: set[str] = set()
    plans = []
    for row in rows:
        new = planned_name(movie, row, choices, settings_row.rename_movies, matcher)
        if new == row.relative_path:
            continue
        if outside:
            problem = f"The movie folder {folder} is outside the root folder {root}."
        else:
            problem = _problem(
                folder, row.relative_path, new, recorded - {row.relative_path}, taken
            )
        taken.add(new)
        plans.append(Rename(row.pk, row.relative_path, new, problem))
    return plans


def _remove_empty_parents(folder: str, relative: str) -> None:
    """A file renamed out of a subfolder of the movie folder leaves it empty: it goes."""
    parent = os.path.dirname(relative)
    while parent:
        path = os.path.join(folder, parent)
        try:
            os.rmdir(path)  # only ever removes an empty folder
        except OSError:
            return
        parent = os.path.dirname(parent)


def _record(plan: Rename) -> None:
    """The row follows the file (committed at once, so a later failure cannot undo it)."""
    with transaction.atomic():
        updated = MovieFile.objects.filter(pk=plan.file_id, relative_path=plan.current).update(
            relative_path=plan.new
        )
    if updated != 1:
        raise DatabaseError(f"the row of {plan.current} changed meanwhile")


def _rename_one(folder: str, plan: Rename) -> None:
    old, new = os.path.join(folder, plan.current), os.path.join(folder, plan.new)
    # Checked again at the last moment: the preview may be minutes old.
    if not os.path.isfile(old):
        raise RenameFailed(f"{plan.current}: not on disk ({old}).")
    if os.path.lexists(new) and not _same_file(old, new):
        raise RenameFailed(f"{plan.current}: {plan.new} is already in the movie folder.")
    try:
        os.rename(old, new)
    except OSError as exc:
        raise RenameFailed(
            f"{plan.current}: could not rename to {plan.new}: {exc.strerror or exc}"
        ) from exc
    try:
        _fsync(folder)
        _record(plan)
    except (DatabaseError, OSError) as exc:
        os.rename(new, old)  # back where its row says it is
        log.warning("Renamed %s back to %s: %s", new, old, exc)
        raise RenameFailed(
            f"{plan.current}: not renamed, the library could not record it."
        ) from exc
    _remove_empty_parents(folder, plan.current)
    log.info("Renamed %s to %s", old, new)


def rename_files(movie: Movie, file_ids: set[int] | None = None, *, user=None) -> RenameResult:
    """Rename the movie's files (those in `file_ids`, else all) to the naming settings.

    Disk work. Files that cannot be renamed are skipped and said in `problems`; the others
    are renamed one at a time. Sends radarr_site.events.files_renamed (with `user`, who
    asked) for those renamed, in a transaction, so its listeners' rows commit together; a
    listener that fails is logged and the renames stand.
    """
    result = RenameResult()
    try:
        with movie_lock(movie.pk, wait=LOCK_WAIT_SECONDS):
            for plan in rename_preview(movie):
                if file_ids is not None and plan.file_id not in file_ids:
                    continue
                if plan.problem:
                    result.problems.append(f"{plan.current}: {plan.problem}")
                    continue
                try:
                    _rename_one(movie.path, plan)
                except RenameFailed as exc:
                    result.problems.append(str(exc))
                    continue
                result.renamed.append((plan.current, plan.new))
    except ImportFailed as exc:  # another import of this movie holds the lock
        result.problems.append(str(exc))
    if result.renamed:
        with transaction.atomic():
            announce(
                events.files_renamed,
                sender=Movie,
                movie=movie,
                renamed=list(result.renamed),
                user=user,
            )
    return result
