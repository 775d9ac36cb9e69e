"""The release and file name parser: one parse for titles, file names and folder names.

`parse_release` is the one entry point for a release title or a file / folder name; it
never raises and never returns None (`title` is None when the string names no movie).
The movie part comes from movies.parser.title and .group, the quality, media and
language parts from .quality, .media and .languages.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import lru_cache

from movies.parser.group import parse_group
from movies.parser.languages import parse_languages, parse_subtitle
from movies.parser.media import parse_media
from movies.parser.quality import parse_quality
from movies.parser.scene import clean_scene_name, is_scene_name
from movies.parser.title import TitleParse, parse_title
from movies.parser.types import MediaParse, ParsedRelease, QualityParse, SubtitleInfo
from movies.titles import clean_title

log = logging.getLogger(__name__)

__all__ = [
    "MediaParse",
    "ParsedRelease",
    "QualityParse",
    "SubtitleInfo",
    "is_scene_title",
    "parse_languages",
    "parse_path",
    "parse_quality",
    "parse_release",
    "parse_subtitle",
    "scene_title",
]

_PATH_SPLIT = re.compile(r"[\\/]+")
# Invisible characters copied along with names from web pages: zero-width spaces and
# joiners, direction marks, the word joiner, soft hyphens and stray byte-order marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u00ad\ufeff"))
# Full-width forms (U+FF01-U+FF5E: `Movie.2019` typed wide) and the ideographic space
# read as plain ASCII, and lenticular brackets (U+3010/U+3011) as square ones, as some
# Asian indexers write them.
_WIDE = {
    **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},
    0x3000: " ",
    0x3010: "[",
    0x3011: "]",
    **_INVISIBLE,
}


# `eivoM.9102.p0801...`: a name written backwards, as some posters hide them.
_REVERSED = re.compile(r"(?:^|[-._ ])(?:p027|p0801)[-._ ]")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{2,4}$")


def _unreversed(name: str) -> str:
    """The name read forwards when it was written backwards (the extension stays last)."""
    if not _REVERSED.search(name):
        return name
    ext = _EXTENSION.search(name)
    stem, tail = (name[: ext.start()], ext.group()) if ext else (name, "")
    return stem[::-1] + tail


def _text(value: object) -> str:
    """Any value as the text to parse: None is empty, bytes are UTF-8, the rest str()."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    try:
        return str(value)
    except Exception:  # a value whose __str__ fails names nothing
        return ""


def _guarded(part, name: str, default, **kwargs):
    """One part of the parse; a bug in one part leaves the others standing."""
    try:
        return part(name, **kwargs)
    except Exception:  # a parser bug must not stop a search or an import
        log.exception("Parser part %s failed on %r", part.__name__, name[:300])
        return default() if callable(default) else default


def _parse(original: str) -> ParsedRelease:
    name = _unreversed(original.translate(_WIDE))
    movie = _guarded(parse_title, name, TitleParse)
    return ParsedRelease(
        original=original,
        title=movie.title,
        titles=movie.titles,
        year=movie.year,
        edition=movie.edition,
        release_group=_guarded(parse_group, name, None),
        tmdb_id=movie.tmdb_id,
        imdb_id=movie.imdb_id,
        hardcoded_subs=movie.hardcoded_subs,
        languages=_guarded(parse_languages, name, list, title_end=movie.title_end),
        quality=_guarded(parse_quality, name, QualityParse),
        media=_guarded(parse_media, name, MediaParse),
        clean_title=clean_title(movie.title) if movie.title else "",
    )


@lru_cache(maxsize=8192)
def _cached(name: str) -> ParsedRelease:
    try:
        return _parse(name)
    except Exception:  # a parser bug must not stop a search or an import
        log.exception("Could not parse %r", name[:300])
        return ParsedRelease(original=name)


def _copy(parsed: ParsedRelease) -> ParsedRelease:
    """A copy the caller may change without touching the cached result."""
    return dataclasses.replace(
        parsed,
        titles=list(parsed.titles),
        languages=list(parsed.languages),
        quality=dataclasses.replace(parsed.quality),
        media=dataclasses.replace(parsed.media, hdr=list(parsed.media.hdr)),
    )


def parse_release(name: str) -> ParsedRelease:
    """Everything a release title or a file / folder name says; never raises."""
    return _copy(_cached(_text(name)))


parse_release.cache_clear = _cached.cache_clear  # type: ignore[attr-defined]


def _known(quality: QualityParse) -> bool:
    return "name" in (quality.source_detection, quality.resolution_detection)


def parse_path(path: str) -> ParsedRelease:
    """A file path: the file name first; its folders (nearest first) when it is poor.

    An obfuscated or hashed file name (`/Movie.2018.DVDRip-GRP/a1b2c3.mkv`) takes the
    title, year, edition, ids and group from the folder, and the quality too unless the
    file name itself names its source. So does a yearless file name whose folder names
    the same movie with its year (`/The.Matrix.1999.1080p.BluRay-GRP/grp-thematrix.mkv`).
    A file name with the title but little else (`/Heat.1995.1080p.BluRay-GRP/Heat.1995.mkv`)
    borrows what it lacks from its folder when the folder names the same movie.
    """
    path = _text(path)
    parts = [p for p in _PATH_SPLIT.split(path) if p]
    if not parts:
        return parse_release("")
    parsed = parse_release(parts[-1])
    parsed.original = path
    if parsed.title and (parsed.year or len(parts) == 1):
        if len(parts) > 1:
            _borrow(parsed, parse_release(parts[-2]))
        return parsed
    for folder in reversed(parts[:-1]):
        found = parse_release(folder)
        if not found.title or (parsed.title and not _same_movie(parsed, found)):
            continue
        if parsed.quality.source_detection == "name" or not _known(found.quality):
            found.quality = parsed.quality
        found.original = path
        return found
    return parsed


def _same_movie(file: ParsedRelease, folder: ParsedRelease) -> bool:
    """A yearless file name that names the folder's movie (`grp-thematrix` in `The Matrix`)."""
    if not folder.year or not file.clean_title or not folder.clean_title:
        return False
    return folder.clean_title in file.clean_title or file.clean_title in folder.clean_title


def _borrow(parsed: ParsedRelease, folder: ParsedRelease) -> None:
    """Fill what the file name lacks from a folder that names the same movie."""
    if folder.clean_title != parsed.clean_title:
        return
    if not _known(parsed.quality) and _known(folder.quality):
        parsed.quality = folder.quality
    parsed.release_group = parsed.release_group or folder.release_group
    parsed.year = parsed.year or folder.year
    parsed.edition = parsed.edition or folder.edition
    parsed.tmdb_id = parsed.tmdb_id or folder.tmdb_id
    parsed.imdb_id = parsed.imdb_id or folder.imdb_id
    parsed.languages = parsed.languages or folder.languages


def is_scene_title(name: str) -> bool:
    """The name follows scene naming: dots, a title, a known quality and a group."""
    name = _text(name)
    try:
        return is_scene_name(name, parse_release)
    except Exception:  # a parser bug must not stop a search or an import
        log.exception("Scene check failed for %r", name[:300])
        return False


def scene_title(name: str) -> str | None:
    """The scene name inside a file name (`X.mkv`, `X.nzb`, full-width brackets made
    plain), or None when it is not a scene name."""
    cleaned = clean_scene_name(_text(name))
    return cleaned if is_scene_title(cleaned) else None
