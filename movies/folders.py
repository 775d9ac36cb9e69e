"""Movie folders on disk: where a movie's folder may be, and whether it is safe to touch.

Pure path rules (no database writes): a folder must sit strictly inside its root folder,
must not overlap another movie's folder, and must not move while it holds files.
"""

from __future__ import annotations

import os
from bisect import bisect_left, insort
from collections.abc import Iterable
from pathlib import Path

from django.db.models import QuerySet

from movies.models import Movie, RootFolder


class UnsafePath(Exception):
    """A movie folder that resolves outside its root folder: never touched on disk."""


def normalised(path: str) -> str:
    """An absolute path without '..', '.', doubled or trailing separators (no disk access)."""
    return os.path.normpath(os.path.abspath(path))


class PathIndex:
    """Movie folders by normalised path: which one equals, contains or sits inside a path.

    Ancestors are looked up in a dict and descendants found by bisecting the sorted
    paths, so checking many folders against a large library stays cheap.
    """

    def __init__(self, rows: Iterable[tuple[int, str, str]]) -> None:
        self.owners: dict[str, list[tuple[int, str]]] = {}
        for pk, path, title in rows:
            if path:
                self.owners.setdefault(normalised(path), []).append((pk, title))
        self.paths = sorted(self.owners)

    @classmethod
    def of(cls, movies: QuerySet[Movie]) -> PathIndex:
        rows = movies.values_list("pk", "path", "title", "year")
        return cls(
            (pk, path, f"{title} ({year})" if year else title) for pk, path, title, year in rows
        )

    def clash(self, path: str, *, ignore: int | None = None) -> tuple[str, str] | None:
        """(title, folder) of another movie overlapping this path, or None."""
        for form in {normalised(path), str(Path(path).resolve())}:
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
        owners = self.owners.get(normalised(old), [])
        owners[:] = [o for o in owners if o[0] != pk]
        key = normalised(new)
        if key not in self.owners:
            insort(self.paths, key)
        self.owners.setdefault(key, []).append((pk, title))


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


def path_change_problem(
    movie: Movie, new_path: str, index: PathIndex, has_rows: bool | None = None
) -> str | None:
    """Why the movie cannot move to this folder, or None (also when it does not move)."""
    if not movie.path or normalised(new_path) == normalised(movie.path):
        return None
    return files_problem(movie, has_rows) or overlap_problem(movie, new_path, index)


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


def movie_path_in(root_folder: RootFolder, current_path: str) -> str:
    """The movie's folder name under another root folder."""
    name = os.path.basename(os.path.normpath(current_path)) if current_path else ""
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
