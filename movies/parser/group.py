"""The release group of a release title or file name.

Groups sit in a few places, tried in this order: a leading `[Group]` (anime style), a
`Softsubs (Group)` note, a trailing `[Group]`, the text after the last dash (`-SPARKS`,
`.-D-Z0N3`, `- HQMUX`, `-Eml HDTeam`, once repost junk such as `-postbot` or
`-Obfuscated` is cut off), the last word of a trailing encode note
`(1080p BluRay x265 ... Tigole)`, a bare word after it (`... Garshasp) QxR`), or a word
after `x265` in a space-separated name. Everything works on the tail of the name, so a
very long string costs no more than a short one.
"""

from __future__ import annotations

import re

from movies.parser.title import (
    EXTENSION,
    LANGUAGE_WORDS,
    SITE_PREFIX,
    STRONG_TAG,
    Word,
    is_tag,
    words,
)

_TAIL = 300  # characters of the name a group can be found in
# Suffixes reposters and indexers append after the real group.
_JUNK = re.compile(
    r"rp|obfuscated|obfuscation|scrambled|nzbgeek|sample|postbot|xpost|rakuv\w*|whiterev|"
    r"buymore|asrequested|alternativetorequested|gerov|z0ids3n|chamele0n|altezachen|pre|"
    r"\d{1,2}",
    re.IGNORECASE,
)
_TRAILING_JUNK = re.compile(r"-([^\W_]+)\s*$")
# Trailing brackets that name a website or tracker, not the group.
_SITE_BRACKET = re.compile(
    r"(?:-\s*)?\[(?:[^\[\]]*\.(?:com|org|net|gov|info|tv|to)|eztv|ettv|rarbg|publichd)\]$",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"\([^(),]*,[^()]*\)$")  # `(Blue Lock, Multi-Subs)`
# Ids in folder names (`{tmdb-603}`, `[imdbid-tt0133093]`, `[tt0133093]`) are no group.
_IDS = re.compile(r"[\[{(](?:(?:imdb|tmdb|tvdb)(?:id)?[-=: ]?\w+|tt\d+)[\]})]", re.IGNORECASE)
_CRC = re.compile(r"\[(?:[0-9A-Fa-f]{8}|v\d)\]\s*$")
_LEADING = re.compile(r"^\s*\[([^\[\]\s]+)\]")
_SOFTSUBS = re.compile(r"softsubs\s*\(([^()\s]+)\)", re.IGNORECASE)
_LAST_BRACKET = re.compile(r"\[([^\[\]\s]+)\]\s*$")
_DOT_DASH = re.compile(r"\.-([^\W_][\w-]*)$")
_ACRONYM = re.compile(r"\w(?:\.\w)+")
_WORD = re.compile(r"[^\W_]+")
_ENCODE_NOTE = re.compile(r"(?:x265|h\.?265|hevc|x264|10bit)", re.IGNORECASE)
_BARE_AFTER_PAREN = re.compile(r"\)\s+([^\W_]+)$")


def _is_tag_text(text: str) -> bool:
    """True when `text` holds a quality tag, a number or a language (not a group name)."""
    for word in words(text):
        if (
            is_tag(word)
            or (word.key.isdigit() and len(word.key) <= 3)
            or word.key in LANGUAGE_WORDS
        ):
            return True
    return False


def _plain(text: str) -> bool:
    """A plausible group name: word characters, no tag inside."""
    return bool(_WORD.search(text)) and not _is_tag_text(text)


def _strip_language(segment: str) -> str:
    """`SKGTV English`, `SKGTV_English`, `SKGTV.English` → `SKGTV`."""
    parts = re.split(r"[\s._]+", segment)
    if len(parts) > 1 and parts[-1].lower() in LANGUAGE_WORDS:
        while len(parts) > 1 and parts[-1].lower() in LANGUAGE_WORDS:
            parts.pop()
        return " ".join(parts)
    return segment


def _after_dash(name: str) -> str | None:
    """The group after the last dash, or None when that text is not a group."""
    dash = name.rfind("-")
    if dash < 0:
        return None
    spaced = name[dash - 1 : dash] == " " and name[dash + 1 : dash + 2] == " "
    segment = _strip_language(name[dash + 1 :].strip().rstrip(")]").strip())
    if not segment or any(c in segment for c in "()[]"):
        return None
    if "." in segment and not _ACRONYM.fullmatch(segment):
        # `DTS-MA.BluDragon`: tags, then one plain word at the very end.
        parts = segment.split(".")
        if not all(STRONG_TAG.fullmatch(p) or p.isupper() for p in parts[:-1]):
            return None
        segment = parts[-1]
    if spaced and " " in segment:
        return None  # `Name - 2014-06-02 - Some Movie`: an episode title, not a group
    if not _plain(segment):
        return None
    return segment


def _encode_note(name: str) -> str | None:
    """`(2160p BluRay x265 10bit HDR Joy)` or `[2160p x265 10bit S82 Joy]` → `Joy`."""
    close = name[-1:]
    if close not in ")]":
        return None
    opening = name.rfind("(" if close == ")" else "[")
    note = name[opening + 1 : -1]
    if not _ENCODE_NOTE.search(note):
        return None
    last = _WORD.findall(note)
    if not last:
        return None
    word = last[-1]
    if not _plain(word) or not re.search(r"[\s.]" + re.escape(word) + "$", note):
        return None
    return word


def _after_x265(ws: list[Word], name: str) -> str | None:
    """`... DD 5 1 x265 TMd`: a space-separated name whose last word follows x265."""
    if len(ws) < 2 or "." in name[ws[-2].start :] or ws[-2].key not in ("x265", "hevc"):
        return None
    return ws[-1].text if _plain(ws[-1].text) else None


def parse_group(name: str) -> str | None:
    """The release group of `name`, or None when none can be identified."""
    name = re.split(r"[\\/]", name)[-1]  # a path: the file name only
    leading = _LEADING.match(name[:_TAIL])
    if leading and not SITE_PREFIX.match(name) and _plain(leading.group(1)):
        return leading.group(1)
    tail = name[-_TAIL:]
    if match := EXTENSION.search(tail):
        tail = tail[: match.start()]
    tail = _IDS.sub("", tail).strip()
    while (stripped := _COMMENT.sub("", _SITE_BRACKET.sub("", tail)).rstrip()) != tail:
        tail = stripped
    if _CRC.search(tail):
        return None  # anime naming without a leading group
    if match := _SOFTSUBS.search(tail):
        return match.group(1)
    last = _LAST_BRACKET.search(tail.rstrip(")"))
    if last and _plain(last.group(1)):
        return last.group(1)
    if match := _DOT_DASH.search(tail):
        return match.group(1)
    while (match := _TRAILING_JUNK.search(tail)) and _JUNK.fullmatch(match.group(1)):
        if not _TRAILING_JUNK.search(tail[: match.start()]):
            break  # `x264-NZBgeek`: nothing group-like before it, so it is the group
        tail = tail[: match.start()]
    if group := _after_dash(tail):
        return group
    if group := _encode_note(tail):
        return group
    bare = _BARE_AFTER_PAREN.search(tail)
    if bare and _plain(bare.group(1)) and "(" in tail:
        return bare.group(1)
    return _after_x265(words(tail), tail)
