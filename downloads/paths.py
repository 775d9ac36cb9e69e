"""Paths a download client gives us, made local and kept inside its download folder.

A client on another machine or in a container reports paths as it sees them; a
RemotePathMapping turns them into ours (longest remote prefix wins). Nothing a client or a
release says is trusted: a path with a '..' part, a relative path, a folder outside the
download folder, or a symlink that leads out of it is refused with `UnsafePath`, whose
message is the reason the queue shows. This module reads the disk (resolve, walk).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from movies.services import system_folder_problem

VIDEO_EXTENSIONS = frozenset(
    {".mkv", ".mp4", ".m4v", ".avi", ".mov", ".wmv", ".ts", ".m2ts", ".mts", ".mpg", ".mpeg"}
    | {".webm", ".vob", ".divx", ".xvid", ".ogm"}
)
# Plex / Radarr extras folders and suffixes: bonus material, never the movie itself.
EXTRAS_FOLDERS = frozenset(
    {"extras", "featurettes", "featurette", "behind the scenes", "deleted scenes", "bonus"}
    | {"interviews", "trailers", "trailer", "shorts", "scenes", "other", "sample", "samples"}
)
_EXTRAS_SUFFIX = re.compile(
    r"[-._ ](trailer|featurette|behindthescenes|deleted|interview|scene|short|other)$", re.I
)
_SAMPLE = re.compile(r"(^|[-._ \[(])sample([-._ \])]|$)", re.I)


class UnsafePath(Exception):
    """A client-given path that is refused; the message says why."""


NO_FOLDER = "The client did not say where it downloads; set Directory on the client."


@dataclass(frozen=True)
class Mapping:
    """One remote path mapping as plain data."""

    remote_path: str
    local_path: str


def _is_absolute(path: str) -> bool:
    return path.startswith("/") or PureWindowsPath(path).is_absolute()


def _parts(path: str) -> list[str]:
    return [p for p in re.split(r"[\\/]+", path) if p]


def map_remote_path(path: str, mappings: Iterable[Mapping]) -> str:
    """The local form of a client path; unchanged when no mapping's remote prefix matches."""
    best: Mapping | None = None
    for mapping in mappings:
        remote = _parts(mapping.remote_path)
        longer = best is None or len(remote) > len(_parts(best.remote_path))
        if remote and _parts(path)[: len(remote)] == remote and longer:
            best = mapping
    if best is None:
        return path
    rest = _parts(path)[len(_parts(best.remote_path)) :]
    return str(PurePosixPath(best.local_path, *rest))


def check_client_path(path: str) -> None:
    """Refuse a client path that is empty, relative, or climbs with '..' (before mapping)."""
    if not path or "\x00" in path:
        raise UnsafePath("The client gave no output path.")
    if not _is_absolute(path):
        raise UnsafePath(f"The client's output path {path!r} is not absolute.")
    if any(part == ".." for part in _parts(path)):
        raise UnsafePath(f"The client's output path {path!r} climbs out with '..'.")


def download_folder(save_path: str) -> str:
    """The folder a download must stay inside: the client's download folder (local form).

    Never the folder that merely holds the output path: a client (or a torrent name) that
    gives an absolute path elsewhere would make that folder the bound. Without a folder
    the import is refused; never '/' or a system folder either."""
    if not save_path:
        raise UnsafePath(NO_FOLDER)
    folder = os.path.normpath(save_path)
    if folder == os.sep or not os.path.isabs(folder):
        raise UnsafePath(f"{folder!r} cannot be a download folder.")
    if problem := system_folder_problem(folder):
        raise UnsafePath(f"The download folder {folder} is refused: {problem}")
    return folder


def inside(folder: str, path: str) -> str:
    """`path` resolved (symlinks followed); UnsafePath unless it stays inside `folder`."""
    real_folder = os.path.realpath(folder)
    real = os.path.realpath(path)
    if real != real_folder and not real.startswith(real_folder.rstrip(os.sep) + os.sep):
        raise UnsafePath(f"{path} leads outside the download folder {folder}.")
    return real


def is_sample(name: str) -> bool:
    return bool(_SAMPLE.search(os.path.splitext(name)[0]))


def is_extra(relative: str) -> bool:
    """In an extras folder, or named like a Plex extra ('Movie-trailer.mkv')."""
    folders = [p.lower() for p in _parts(relative)[:-1]]
    if any(f in EXTRAS_FOLDERS for f in folders):
        return True
    return bool(_EXTRAS_SUFFIX.search(os.path.splitext(_parts(relative)[-1])[0]))


@dataclass(frozen=True)
class FoundFiles:
    """Video files of a finished download, largest first, and what was set aside."""

    videos: list[str]
    skipped: list[str]  # samples and extras (relative names), for the reason shown


def video_files(folder: str, output: str) -> FoundFiles:
    """Every video file at `output` (a file or a folder) inside `folder`, samples and extras
    set aside. A symlink (file or folder) that leads out of `folder` refuses the lot."""
    real = inside(folder, output)
    if os.path.isfile(real):
        name = os.path.basename(output)
        if os.path.splitext(name)[1].lower() not in VIDEO_EXTENSIONS:
            return FoundFiles([], [])
        return FoundFiles([], [name]) if is_sample(name) else FoundFiles([real], [])
    if not os.path.isdir(real):
        raise UnsafePath(f"{output} does not exist (or cannot be read).")
    videos: list[tuple[int, str]] = []
    skipped: list[str] = []
    for top, dirs, files in os.walk(real, followlinks=False):
        for name in dirs:
            if os.path.islink(os.path.join(top, name)):
                inside(folder, os.path.join(top, name))  # refuse a link out, even unused
        for name in files:
            path = os.path.join(top, name)
            resolved = inside(folder, path)
            if os.path.splitext(name)[1].lower() not in VIDEO_EXTENSIONS:
                continue
            relative = os.path.relpath(path, real)
            if is_sample(name) or is_extra(relative):
                skipped.append(relative)
                continue
            videos.append((os.path.getsize(resolved), path))
    videos.sort(key=lambda item: (-item[0], item[1]))
    return FoundFiles([p for _, p in videos], sorted(skipped))
