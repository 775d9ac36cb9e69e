"""Tokenising release names once, so the quality, media and language rules are set lookups.

A release name is split into runs of letters and digits (any script); separators are kept
as context (what is just before and after a token), because a few tags mean something
only in brackets (`[HDTV]`) or only glued to a neighbour (`WEB-DL`, `Blu-ray`). One linear
regex pass: no backtracking whatever the input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_PARTIAL_START = re.compile(r"^[^\W_]+")
_PARTIAL_END = re.compile(r"[^\W_]+$")


def words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (keeps the tables short)."""
    return frozenset(text.split())


# Media file extensions a name may end with; the extension is not a tag of the name.
VIDEO_EXTENSIONS = words(
    "3gp asf avi dvr-ms f4v flv ifo m1v m2t m2ts m2v m4v mk3d mkv mov mp4 mpe "
    "mpeg mpg mts nsv ogm ogv rm rmvb strm tp ts ty vob webm wm wmv wtv"
)
_CLIP = 400
_EXTENSION = re.compile(r"\.([A-Za-z0-9-]{2,6})\s*$")


class Token(NamedTuple):
    """One word of a name: its text, lower-case form, position and bracket context."""

    text: str
    low: str
    start: int
    end: int
    before: str  # the separator character just before ("" at the start)
    after: str  # the separator character just after ("" at the end)

    @property
    def bracketed(self) -> bool:
        """True when the token alone fills a bracket pair: `[HDTV]`, `(BD)`."""
        return self.before in ("[", "(") and self.after in ("]", ")")


def split_extension(name: str) -> tuple[str, str | None]:
    """The name without a trailing media extension, and that extension (lower-case)."""
    match = _EXTENSION.search(name)
    if match and match.group(1).lower() in VIDEO_EXTENSIONS:
        return name[: match.start()], match.group(1).lower()
    return name, None


def clip(name: str) -> str:
    """Long names keep only their start and end, where every tag of a real release sits.

    Real names are under 300 characters; this bounds the work a hostile 10,000-character
    string can cause to a few milliseconds.
    """
    if len(name) <= 2 * _CLIP:
        return name
    head, tail = name[:_CLIP], name[-_CLIP:]
    # Drop the words cut in half ("DTS-ES" cut to "ES" would read as Spanish).
    if _WORD.fullmatch(name[_CLIP - 1 : _CLIP + 1]):
        head = _PARTIAL_END.sub("", head)
    start = len(name) - _CLIP
    if _WORD.fullmatch(name[start - 1 : start + 1]):
        tail = _PARTIAL_START.sub("", tail)
    return head + " " + tail


def plain(name: str) -> str:
    """Full-width and other compatibility forms made plain (NFKC), zero-width marks dropped.

    A full-width "Movie.1080p" (as East Asian sites write it) reads as the plain one; a
    zero-width space pasted inside `Blu-Ray` must not split the tag.
    """
    return _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", name))


@lru_cache(maxsize=256)
def tokenize(name: str) -> tuple[Token, ...]:
    """Every run of letters and digits in `name`, with the separators around it.

    Cached: the quality, media and language parts of one parse read the same name.
    """
    if not name.isascii():
        name = plain(name)
    name = clip(name)
    tokens: list[Token] = []
    size = len(name)
    for match in _WORD.finditer(name):
        start, end = match.span()
        text = match.group()
        tokens.append(
            Token(
                text,
                text.lower(),
                start,
                end,
                name[start - 1] if start else "",
                name[end] if end < size else "",
            )
        )
    return tuple(tokens)


def joined(first: Token, second: Token) -> str | None:
    """`first` and `second` as one word when one separator char joins them (`WEB-DL`)."""
    if second.start - first.end == 1 and first.after in "-._ ":
        return first.low + second.low
    return None
