"""The release group of a release title or file name.

Groups sit in a few places, tried in this order: a leading `[Group]` (anime style), a
`Softsubs (Group)` note, a group known to ignore the `-GROUP` convention (a small fact
table, as Radarr keeps one: `YIFY`, `Tigole)`), a trailing `[Group]`, the text after the
last dash (`-SPARKS`, `-Fight-BB`, `.-D-Z0N3`, `- HQMUX`, once repost junk such as
`-postbot` or `-4P` is cut off), or the last word of a trailing encode note
`(1080p BluRay x265 ... Vyndros)`. Everything works on the tail of the name, so a very
long string costs no more than a short one.
"""

from __future__ import annotations

import re

from movies.parser.title import (
    EXTENSION,
    LANGUAGE_WORDS,
    SITE_PREFIX,
    STRONG_TAG,
    is_tag,
    words,
)

_TAIL = 300  # characters of the name a group can be found in
# Suffixes reposters and indexers append after the real group (the family Radarr strips).
_JUNK = re.compile(
    r"rp|1|obfuscated|obfuscation|scrambled|nzbgeek|sample|pre|postbot|xpost|rakuv\w*|"
    r"whiterev|buymore|asrequested|alternativetorequested|gerov|z0ids3n|chamele0n|4p|"
    r"4planet|altezachen|repackpost",
    re.IGNORECASE,
)
_TRAILING_JUNK = re.compile(r"-([^\W_]+)\s*$")
# Groups that do not follow the `-GROUP` convention, found as whole words anywhere in the
# name (the last one wins). A fact table: no rule tells `x265 TMd` from `XviD LOL`.
_KNOWN_ANYWHERE = re.compile(
    r"(?<![^\W_])(?:KRaLiMaRKo|E\.N\.D|D-Z0N3|Koten_Gars|BluDragon|ZØNEHD|HQMUX|VARYG|YIFY|"
    r"YTS(?:\.(?:MX|LT|AG))?|TMd|Eml HDTeam|LMain|DarQ|BEN THE MEN|TAoE|QxR|126811)"
    r"(?![^\W_])",
    re.IGNORECASE,
)
# Groups that end their names with `Group)` or `Group]`, some of them two words.
_KNOWN_AT_CLOSE = re.compile(
    r"(?<=[._ \[(])(Silence|afm72|Panda|Ghost|MONOLITH|Tigole|Joy|ImE|UTR|t3nzin|Anime Time|"
    r"Project Angel|Hakata Ramen|HONE|GiLG|Vyndros|SEV|Garshasp|Kappa|Natty|RCVR|SAMPA|"
    r"YOGI|r00t|EDGE2020|RZeroX|FreetheFish|Anna|Bandi|Qman|theincognito|HDO|DusIctv|DHD|"
    r"CtrlHD|-ZR-|ADC|XZVN|RH|Kametsu|Celdra)(?=[\])])",
    re.IGNORECASE,
)
# After a dash these are language codes, not groups (`-FRA`, `-ITA`, `ES-CAT-EN`).
_LANGUAGE_CODES = frozenset(["es", "en", "cat", "eng", "jap", "ger", "fra", "fre", "ita"])
# `DTS-HD`, `DTS-X`, `DTS-MA`: a word glued to the one before by a dash into a tag.
_GLUED_BEFORE = frozenset({"dts"})
# Not a group: an episode or season number, a CRC-like hash.
_INVALID = re.compile(r"[se]\d+|[0-9a-f]{8}", re.IGNORECASE)
_COPY_NUMBER = re.compile(r"\s*\(\d{1,2}\)$")  # `Name (1)`: a browser's second copy
_GLUED_BRACKET = re.compile(r"(?<=[^\W_])\[[^\[\]]*\]$")  # `-GRP[TGx]`: a tracker tag
# Trailing brackets that name a website or tracker, not the group.
_SITE_BRACKET = re.compile(
    r"(?:-\s*)?\[(?:[^\[\]]*\.(?:com|org|net|gov|info|tv|to)|eztv|ettv|rartv|rarbg|cttv|"
    r"publichd)\]$",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"\([^(),]*,[^()]*\)$")  # `(Blue Lock, Multi-Subs)`
# Ids in folder names (`{tmdb-603}`, `[imdbid-tt0133093]`, `[tt0133093]`) are no group.
_IDS = re.compile(r"[\[{(](?:(?:imdb|tmdb|tvdb)(?:id)?[-=: ]?\w+|tt\d+)[\]})]", re.IGNORECASE)
_CRC = re.compile(r"\[(?:[0-9A-Fa-f]{8}|v\d)\]\s*$")
_LEADING = re.compile(r"^\s*\[(\S[^\[\]]*?\S|\S)\]")
_SOFTSUBS = re.compile(r"softsubs\s*\(([^()\s]+)\)", re.IGNORECASE)
_LAST_BRACKET = re.compile(r"(?:^|[-._ \]])\[([^\[\]\s]+)\]\s*$")
_DOT_DASH = re.compile(r"\.-([^\W_][\w-]*)$")
_TWO_PART = re.compile(r"-([^\W_]+)-([^\W_]+)$")
_ACRONYM = re.compile(r"\w(?:\.\w)+")
_WORD = re.compile(r"[^\W_]+")
_ENCODE_NOTE = re.compile(r"(?:x265|h\.?265|hevc|x264|10bit)", re.IGNORECASE)


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
    """A plausible group name: word characters, no tag, number, language code or hash."""
    return (
        bool(_WORD.search(text))
        and not text.isdigit()
        and text.lower() not in _LANGUAGE_CODES
        and not _INVALID.fullmatch(text)
        and not _is_tag_text(text)
    )


def _strip_language(segment: str) -> str:
    """`SKGTV English`, `SKGTV_English`, `SKGTV.English` → `SKGTV`."""
    parts = re.split(r"[\s._]+", segment)
    if len(parts) > 1 and parts[-1].lower() in LANGUAGE_WORDS:
        while len(parts) > 1 and parts[-1].lower() in LANGUAGE_WORDS:
            parts.pop()
        return " ".join(parts)
    return segment


def _glued_tag(before: str | None, first: str) -> bool:
    """`Blu-Ray`, `WEB-DL`, `WEB-Rip`, `DTS-HD`, `10-bit`: the dash is inside a tag."""
    found = words(first)
    if not found or is_tag(found[0]):
        return True
    if before is None:
        return False
    low = before.lower()
    return low in _GLUED_BEFORE or STRONG_TAG.fullmatch(low + first.lower()) is not None


def _two_part(name: str) -> str | None:
    """`x264-Fight-BB`, `]-Data-Lass`: a group whose name holds one dash."""
    match = _TWO_PART.search(name)
    if not match or match.group(1).isdigit():
        return None
    glued = _WORD.findall(name[max(0, match.start() - 12) : match.start()])
    before = glued[-1] if glued and name[match.start() - 1].isalnum() else None
    if _glued_tag(before, match.group(1)):
        return None
    group = f"{match.group(1)}-{match.group(2)}"
    return group if _plain(match.group(1)) and _plain(match.group(2)) else None


def _after_dash(name: str) -> str | None:
    """The group after the last dash, or None when that text is not a group."""
    if group := _two_part(name):
        return group
    dash = name.rfind("-")
    if dash < 0:
        return None
    spaced = name[dash - 1 : dash] == " " and name[dash + 1 : dash + 2] == " "
    segment = _strip_language(name[dash + 1 :].strip().rstrip(")]").strip())
    if not segment or any(c in segment for c in "()[]"):
        return None
    if "." in segment and not _ACRONYM.fullmatch(segment):
        # `-GRP.sample`, `-GRP.en`: the group is the word right after the dash.
        segment = segment.split(".")[0]
    if spaced and " " in segment:
        return None  # `Name - 2014-06-02 - Some Movie`: an episode title, not a group
    before = _WORD.findall(name[max(0, dash - 12) : dash])
    if not _plain(segment) or _glued_tag(before[-1] if before else None, segment):
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


def _last(pattern: re.Pattern[str], text: str) -> str | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return found.group(found.lastindex or 0) if found else None


def _trim(tail: str) -> str:
    """The tail without extension, copy number, ids, site and tracker brackets, comments."""
    if match := EXTENSION.search(tail):
        tail = tail[: match.start()]
    tail = _COPY_NUMBER.sub("", tail)
    tail = _IDS.sub("", tail).strip()
    while (stripped := _COMMENT.sub("", _SITE_BRACKET.sub("", tail)).rstrip()) != tail:
        tail = stripped
    return tail


def parse_group(name: str) -> str | None:
    """The release group of `name`, or None when none can be identified."""
    name = re.split(r"[\\/]", str(name))[-1]  # a path: the file name only
    leading = _LEADING.match(name[:_TAIL])
    if leading and not SITE_PREFIX.match(name) and _plain(leading.group(1)):
        return leading.group(1)
    tail = _trim(name[-_TAIL:])
    if _CRC.search(tail):
        return None  # anime naming without a leading group
    if match := _SOFTSUBS.search(tail):
        return match.group(1)
    while (match := _TRAILING_JUNK.search(tail)) and (
        _JUNK.fullmatch(match.group(1)) or match.group(1).lower() in _LANGUAGE_CODES
    ):
        if not _TRAILING_JUNK.search(tail[: match.start()]):
            break  # `x264-NZBgeek`: nothing group-like before it, so it is the group
        tail = tail[: match.start()]
    if group := _last(_KNOWN_ANYWHERE, tail) or _last(_KNOWN_AT_CLOSE, tail):
        return group
    last = _LAST_BRACKET.search(tail.rstrip(")"))
    if last and _plain(last.group(1)):
        return last.group(1)
    tail = _GLUED_BRACKET.sub("", tail)
    if match := _DOT_DASH.search(tail):
        return match.group(1)
    return _after_dash(tail) or _encode_note(tail)
