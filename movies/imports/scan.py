"""Library import, disk side: walk a root folder and describe each movie folder in it.

Reads the disk only (no database, no network). Follows Radarr's disk scan rules: video
files only, extras folders and samples skipped, the largest video is the movie's file,
and video files lying loose in the root folder cannot be imported.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field

# Radarr's MediaFileExtensions, less the playlists and pointers (.m3u .wpl .strm) and the
# disc-image pieces (.bin .dat .img .ifo) that are not a playable movie on their own.
VIDEO_EXTENSIONS = frozenset(
    [
        ".webm",
        ".m4v",
        ".3gp",
        ".nsv",
        ".ty",
        ".rm",
        ".rmvb",
        ".mov",
        ".qt",
        ".divx",
        ".xvid",
        ".bivx",
        ".nrg",
        ".pva",
        ".wmv",
        ".asf",
        ".asx",
        ".ogm",
        ".ogv",
        ".m2v",
        ".avi",
        ".dvr-ms",
        ".mpg",
        ".mpeg",
        ".mp4",
        ".avc",
        ".vp3",
        ".svq3",
        ".nuv",
        ".viv",
        ".dv",
        ".fli",
        ".flv",
        ".iso",
        ".vob",
        ".mkv",
        ".mk3d",
        ".ts",
        ".wtv",
        ".m2ts",
    ]
)

# Radarr's extras sub-folders (Plex's and Jellyfin's names for them) plus NAS clutter.
EXTRAS_FOLDERS = frozenset(
    {
        "extras",
        "extra",
        "featurettes",
        "behind the scenes",
        "deleted scenes",
        "interviews",
        "scenes",
        "shorts",
        "trailers",
        "other",
        "specials",
        "samples",
        "sample",
        "bonus",
        "plex versions",
        "extrafanart",
        "@eadir",
    }
)
# Never movie folders: system and NAS folders that sit at the top of a share.
SYSTEM_FOLDERS = frozenset(
    {
        "lost+found",
        "$recycle.bin",
        "#recycle",
        "system volume information",
        "@eadir",
        "#snapshot",
        ".snapshot",
    }
)
log = logging.getLogger(__name__)

_SAMPLE_WORD = re.compile(r"(?<![a-z0-9])sample(?![a-z0-9])", re.IGNORECASE)
# A sample is a minute or two; real movies named "...Sample..." are far larger.
SAMPLE_MAX_BYTES = 500 * 1024 * 1024
LOOSE_FILE_REASON = (
    "Files directly in the root folder cannot be imported: move each into its own folder."
)


@dataclass(frozen=True)
class VideoFile:
    """A video file inside a movie folder; `relative_path` is relative to that folder."""

    relative_path: str
    size: int


@dataclass
class MovieFolder:
    """One immediate sub-folder of the root folder and the videos it holds."""

    name: str
    path: str
    videos: list[VideoFile] = field(default_factory=list)
    problem: str = ""  # why the folder could not be read, when it could not
    notes: list[str] = field(default_factory=list)  # entries inside that could not be read

    @property
    def main_file(self) -> VideoFile | None:
        """The largest video: the movie itself, as Radarr picks it."""
        return max(self.videos, key=lambda v: (v.size, v.relative_path), default=None)

    @property
    def size(self) -> int:
        return sum(v.size for v in self.videos)


@dataclass
class RootScan:
    """What a root folder holds: its movie folders and the videos lying loose in it."""

    folders: list[MovieFolder] = field(default_factory=list)
    loose_files: list[VideoFile] = field(default_factory=list)


def is_video(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in VIDEO_EXTENSIONS


def is_sample(name: str, size: int) -> bool:
    """'sample' as a word in the name and small, as Radarr's sample check without runtime."""
    return bool(_SAMPLE_WORD.search(name)) and size < SAMPLE_MAX_BYTES


def _skipped_folder(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(".") or lowered in EXTRAS_FOLDERS or lowered in SYSTEM_FOLDERS


def _file_size(entry: os.DirEntry) -> int:
    try:
        return entry.stat(follow_symlinks=True).st_size
    except OSError as exc:
        # A loose file is only listed (never imported), so an unknown size is shown as 0.
        log.warning("Library scan cannot read the size of %s: %s", entry.path, exc)
        return 0


def _inside(path: str, folder: str) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return real.startswith(base.rstrip(os.sep) + os.sep)


def walk_movie_folder(path: str, root_path: str | None = None) -> tuple[list[VideoFile], list[str]]:
    """Every video in a movie folder and its sub-folders, and what could not be read.

    Extras, samples and hidden folders are skipped. Raises OSError when the folder itself
    cannot be read; an unreadable sub-folder or a video whose size cannot be read is left
    out and described in the second list (and logged). Symlinked sub-folders are not
    followed, and a symlinked video counts only when it resolves inside `root_path` (the
    movie folder itself when None), so a link cannot pull in a file from another tree.
    """
    boundary = root_path or path
    videos: list[VideoFile] = []
    problems: list[str] = []
    pending = [(path, "")]
    first = True
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            if first:
                raise
            log.warning("Library scan cannot read %s: %s", folder, exc)
            problems.append(f"Cannot read {prefix.rstrip(os.sep)}: {exc.strerror or exc}")
            continue
        first = False
        for entry in listing:
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if not _skipped_folder(entry.name):
                    pending.append((entry.path, relative + os.sep))
                continue
            if not is_video(entry.name) or entry.name.startswith("._"):
                continue
            if entry.is_symlink() and not _inside(entry.path, boundary):
                log.warning("Library scan skips %s: it links outside %s", entry.path, boundary)
                problems.append(f"{relative} links outside the root folder; skipped")
                continue
            try:
                if not entry.is_file():
                    continue
                size = entry.stat(follow_symlinks=True).st_size
            except OSError as exc:
                log.warning("Library scan cannot read the size of %s: %s", entry.path, exc)
                problems.append(f"Cannot read {relative}: {exc.strerror or exc}")
                continue
            if not is_sample(entry.name, size):
                videos.append(VideoFile(relative, size))
    return sorted(videos, key=lambda v: v.relative_path), problems


def scan_movie_folder(path: str, root_path: str | None = None) -> list[VideoFile]:
    """The videos of walk_movie_folder, without its list of unreadable entries."""
    return walk_movie_folder(path, root_path)[0]


def list_root_folder(root_path: str) -> RootScan:
    """The root folder's immediate entries: folders to scan and loose videos (no walk)."""
    result = RootScan()
    with os.scandir(root_path) as entries:
        for entry in sorted(entries, key=lambda e: e.name.lower()):
            if entry.is_dir(follow_symlinks=True):
                if not _skipped_folder(entry.name):
                    result.folders.append(MovieFolder(entry.name, entry.path))
            elif entry.is_file() and is_video(entry.name) and not entry.name.startswith("._"):
                size = _file_size(entry)
                if not is_sample(entry.name, size):
                    result.loose_files.append(VideoFile(entry.name, size))
    return result


def read_movie_folder(folder: MovieFolder, root_path: str | None = None) -> MovieFolder:
    """Fill in the folder's videos from the disk; an unreadable folder gets a problem and
    unreadable entries inside it get notes. Symlinked videos must resolve inside
    `root_path` (by default the folder's parent: the root folder it was listed from)."""
    boundary = root_path or os.path.dirname(os.path.normpath(folder.path))
    try:
        folder.videos, folder.notes = walk_movie_folder(folder.path, boundary)
    except OSError as exc:
        log.warning("Library scan cannot read %s: %s", folder.path, exc)
        folder.problem = f"Cannot read the folder: {exc.strerror or exc}"
    return folder


def scan_root_folder(root_path: str) -> RootScan:
    """Walk the whole root folder: every movie folder with its videos, and loose videos."""
    result = list_root_folder(root_path)
    for folder in result.folders:
        read_movie_folder(folder)
    return result
