"""The one check every torrent client applies to a path it is about to report.

A client's answer is not trusted: a save folder must be absolute (POSIX or Windows) with no
'..' part and no control character, and a torrent's name (which the .torrent file chose)
must be one plain path component. Anything else gives "" and the client adds a warning, so
the queue shows why nothing will be imported. The importer still checks that the local
path stays inside the download folder (downloads.paths); this only stops the obvious.
"""

from __future__ import annotations

import re

_WINDOWS_ABS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_SEPARATORS = re.compile(r"[\\/]")
UNSAFE_WARNING = "{client} reported an unsafe download path; it will not be imported"


def _has_control(text: str) -> bool:
    return any(ord(ch) < 32 for ch in text)


def safe_client_path(path: str) -> str:
    """`path` when it is absolute (POSIX or Windows) and has no '..' part; else ""."""
    if not path or _has_control(path):
        return ""
    if not (path.startswith("/") or _WINDOWS_ABS.match(path)):
        return ""
    if ".." in _SEPARATORS.split(path):
        return ""
    return path


def safe_name(name: str) -> str:
    """`name` when it is one plain path component (no separator, not '.' or '..'); else ""."""
    if not name or _has_control(name) or _SEPARATORS.search(name) or name in (".", ".."):
        return ""
    return name


def client_output_path(folder: str, name: str) -> str:
    """`folder/name` as the client sees it, or "" when either could lead elsewhere."""
    if not safe_client_path(folder) or not safe_name(name):
        return ""
    # A Windows client's folder keeps its own separator.
    separator = "\\" if "\\" in folder and not folder.startswith("/") else "/"
    return folder.rstrip("\\/") + separator + name


def inside_folder(path: str, folder: str) -> bool:
    """Whether `path` is `folder` itself or lies below it, compared part by part."""
    parts = [p for p in _SEPARATORS.split(path) if p]
    base = [p for p in _SEPARATORS.split(folder) if p]
    return parts[: len(base)] == base


def parent_folder(path: str) -> str:
    """The folder holding `path` (a safe client path, POSIX or Windows); "" when unsafe."""
    path = safe_client_path(path).rstrip("\\/")
    head = _SEPARATORS.split(path)[:-1]
    if not path or not head:
        return ""
    separator = "\\" if "\\" in path and not path.startswith("/") else "/"
    return separator.join(head) or "/"
