"""Movie folders on disk: where a movie's folder may be, and whether it is safe to touch.

Pure path rules (no database writes): a folder must sit strictly inside its root folder,
must not overlap another movie's folder, and must not move while it holds files. Every
path is compared as written and as resolved, so a symlink cannot slip past a rule.

This module imports no models at load time: movies.models.library uses its path helpers.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from movies.models import Movie, RootFolder


class UnsafePath(Exception):
    """A movie folder that resolves outside its root folder: never touched on disk."""


def normalised(path: str) -> str:
    """An absolute path without '..', '.', doubled or trailing separators (no disk access)."""
    return os.path.normpath(os.path.abspath(path))


def path_forms(path: str) -> set[str]:
    """The path as written (normalised) and as resolved through symlinks."""
    return {normalised(path), os.path.realpath(path)}


def within(path: str, folder: str) -> bool:
    """True when `path` is `folder` or lies inside it (both normalised, absolute)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def forms_within(path: str, folder: str) -> bool:
    """Whether any form of `path` is, or lies inside, any form of `folder`."""
    return any(within(p, f) for p in path_forms(path) for f in path_forms(folder))


# Characters Windows, macOS or Linux refuse in file names (Radarr drops them too).
_INVALID_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def movie_folder_name(title: str, year: int | None, tmdb_id: int | None = None) -> str:
    """'Title (Year)' as Radarr names movie folders, without characters file systems refuse.

    With `tmdb_id`, Radarr's '{tmdb-N}' token is added: it tells apart two films that
    share a title and year.
    """
    name = f"{title} ({year})" if year else title
    name = _INVALID_IN_FILE_NAMES.sub("", name)
    name = " ".join(name.split()).rstrip(". ") or "Unknown movie"
    return f"{name} {{tmdb-{tmdb_id}}}" if tmdb_id is not None else name


class PathIndex:
    """Movie folders by path (as stored and as resolved): which one equals, contains or
    sits inside a path.

    Ancestors are looked up in a dict and descendants found by bisecting the sorted
    paths, so checking many folders against a large library stays cheap.
    """

    def __init__(self, rows: Iterable[tuple[int, str, str]]) -> None:
        self.owners: dict[str, list[tuple[int, str]]] = {}
        for pk, path, title in rows:
            for key in path_forms(path) if path else ():
                self.owners.setdefault(key, []).append((pk, title))
        self.paths: list[str] = sorted(self.owners)  # one sort, not an insort per folder

    @classmethod
    def of(cls, movies: QuerySet[Movie]) -> PathIndex:
        rows = movies.values_list("pk", "path", "title", "year")
        return cls(
            (pk, path, f"{title} ({year})" if year else title) for pk, path, title, year in rows
        )

    def _add(self, pk: int, path: str, title: str) -> None:
        for key in path_forms(path):
            if key not in self.owners:
                insort(self.paths, key)
            self.owners.setdefault(key, []).append((pk, title))

    def clash(self, path: str, *, ignore: int | None = None) -> tuple[str, str] | None:
        """(title, folder) of another movie overlapping this path, or None."""
        for form in path_forms(path):
            for candidate in (form, *map(str, Path(form).parents)):
                for pk, title in self.owners.get(candidate, []):
                    if pk != ignore:
                        return title, candidate
            prefix = form.rstrip(os.sep) + os.sep
            at = bisect_left(self.paths, prefix)
            while at < len(self.paths) and self.paths[at].startswith(prefix):
                for pk, title in self.owners[self.paths[at]]:
                    if pk != ignore:
                        return title, self.paths[at]
                at += 1
        return None

    def move(self, pk: int, old: str, new: str, title: str) -> None:
        """Record that a movie's folder changed, so later checks see the new one."""
        if old:
            for key in path_forms(old):
                owners = self.owners.get(key, [])
                owners[:] = [o for o in owners if o[0] != pk]
        self._add(pk, new, title)


def overlap_problem(movie: Movie, path: str, index: PathIndex) -> str | None:
    """Why this folder cannot be the movie's: it overlaps another movie's folder."""
    found = index.clash(path, ignore=movie.pk)
    if found is None:
        return None
    title, folder = found
    return f"{path} overlaps the folder of {title} ({folder}); each movie needs its own folder."


def files_problem(movie: Movie, has_rows: bool | None = None) -> str | None:
    """Why the movie's folder cannot change yet: it has files we would leave behind."""
    if has_rows is None:
        has_rows = movie.files.exists() if movie.pk else False
    if not has_rows and not _has_content(movie.path):
        return None
    return (
        f"{movie} has files in {movie.path}; moving files is not supported yet "
        "— move them yourself, then change the path."
    )


def root_problem(path: str, root_path: str) -> str | None:
    """Why this folder cannot hold a movie of this root folder: it is not strictly inside."""
    root = Path(root_path).resolve()
    resolved = Path(path).resolve()
    if resolved == root or root not in resolved.parents:
        return f"The path must be a folder inside {root_path}."
    return None


@dataclass(frozen=True)
class PathProblem:
    """Why a movie's folder cannot change; `field` is "path" or None (the whole change)."""

    field: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def path_change_problem(
    movie: Movie,
    new_path: str,
    root_path: str,
    index: PathIndex,
    has_rows: bool | None = None,
) -> PathProblem | None:
    """Why the movie cannot have this folder under this root folder, or None.

    The inside-root check always runs; the overlap check runs for a new folder and for a
    movie with no folder yet (an unchanged folder is left alone so other options can still
    be edited); the files check needs an old folder that actually changes.
    """
    problem = root_problem(new_path, root_path)
    if problem:
        return PathProblem("path", problem)
    moves = bool(movie.path) and normalised(new_path) != normalised(movie.path)
    if moves:
        problem = files_problem(movie, has_rows)
        if problem:
            return PathProblem(None, problem)
    if moves or not movie.path:
        problem = overlap_problem(movie, new_path, index)
    return PathProblem("path", problem) if problem else None


def _has_content(path: str) -> bool:
    """Whether the folder exists and holds anything; unreadable counts as holding files."""
    if not path:
        return False
    try:
        with os.scandir(path) as entries:
            return any(True for _ in entries)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True


def movie_path_in(root_folder: RootFolder, movie: Movie) -> str:
    """The movie's folder under a root folder: its current folder name, or Radarr's name."""
    if movie.path:
        name = os.path.basename(os.path.normpath(movie.path))
    else:
        name = movie_folder_name(movie.title, movie.year)
    return os.path.join(root_folder.path, name)


def safe_movie_folder(movie: Movie) -> Path:
    """The movie's folder, resolved, checked to sit strictly inside its root folder.

    Resolving first means a symlink or '..' that leads elsewhere is caught here rather
    than followed by the delete.
    """
    root = Path(movie.root_folder.path).resolve()
    folder = Path(movie.path).resolve() if movie.path else root
    if folder == root or root not in folder.parents:
        raise UnsafePath(f"{movie.path!r} is not inside the root folder {root}.")
    return folder
