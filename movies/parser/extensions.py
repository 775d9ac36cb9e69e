"""What a file's media extension says about its quality when its name says nothing.

Radarr falls back on the container: `Movie Title.m2ts` is a Blu-ray stream, an `.avi`
an SD TV capture. Used last, after every tag of the name and its folders.
"""

from __future__ import annotations

import re

from movies.parser.tokens import VIDEO_EXTENSIONS

# Extension -> (source, resolution) when the name itself says nothing.
# Radarr's extension table: Matroska counts as WEBDL-720p (so "[Group] Movie (540p).mkv"
# is a WEB-DL, as web-only anime groups name their files), a Blu-ray stream as
# Bluray-720p, disc images as DVD and every other video file as SDTV.
EXTENSION_QUALITY = {
    "m2ts": ("bluray", 720),
    **dict.fromkeys(("mkv", "mk3d"), ("webdl", 720)),
    **dict.fromkeys(("vob", "iso", "img"), ("dvd", 480)),
    "webm": (None, None),
}
_TAIL_EXTENSION = re.compile(r"\.([A-Za-z0-9]{2,5})\s*$")


def extension_quality(file_name: str) -> tuple[str | None, int | None] | None:
    """What the media extension of a file name implies, None without one."""
    tail = _TAIL_EXTENSION.search(file_name)
    extension = tail.group(1).lower() if tail else ""
    if extension in EXTENSION_QUALITY:
        return EXTENSION_QUALITY[extension]
    if extension in VIDEO_EXTENSIONS or extension in ("xvid", "divx"):
        return ("tv", 480)
    return None
