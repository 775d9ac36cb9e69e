"""The movie part of a release name: title, AKA titles, year, edition, ids, hardcoded subs.

The name is cut into words once (one linear regex pass). The title is the text before the
first *stop*: the release year, an edition (`Extended`, `Director's Cut`), a quality or
release tag (`1080p`, `BluRay`, `x264`, `PROPER`) or a language tag (`GERMAN`, or
`German` right before another tag). A name with no stop at all (a hash, random letters,
`THIS SHOULD NEVER PARSE`) or with a TV episode marker (`S01E05`) names no movie.
Positions always refer to the original string, so callers can tell where the title ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

# Words: anything between separators. Apostrophes stay inside (Director's, Heaven's).
_WORD = re.compile(r"[^\s._\[\](){}\-,+/\\|:;!?\"*~#@=&]+")
EXTENSION = re.compile(
    r"\.(?:mkv|mp4|avi|m4v|wmv|mov|ts|m2ts|mpg|mpeg|iso|img|vob|divx|xvid|flv|webm|ogm|"
    r"rmvb|nzb|torrent|par2|rar|srt|sub|idx|ass|ssa|nfo|sfv|txt|jpg|png)\s*$",
    re.IGNORECASE,
)
_TLD = r"(?:com|org|net|tc|ca|uk|au|nz|za|co|gov|tv|to|me|info|io|lt|cc|ru|de|fr|ws|biz|in|mx)"
_DOMAIN = rf"(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.{_TLD}"
# A website the uploader stamped in front: `[www.site.com] - `, `site.org - `, `(site.com) `.
SITE_PREFIX = re.compile(
    rf"^\s*(?:[\[(]{_DOMAIN}[\])]\s*-?\s*|{_DOMAIN}\s+-\s+)",
    re.IGNORECASE,
)
_TMDB = re.compile(r"[\[{(]?tmdb(?:id)?[-=:](\d{1,9})[\]})]?", re.IGNORECASE)
_IMDB = re.compile(r"\b(tt\d{7,8})\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
# `S01E05`, `NameS10E06`, `S01E05E06`, `10x11`, searched once over the whole name.
_TV_EPISODE = re.compile(
    r"s\d{1,2}e\d{1,3}(?:e\d{1,3})?(?![^\W_])|(?<![^\W_])\d{1,2}x\d{2,3}(?![^\W_])", re.I
)
_ANIME_EPISODE = re.compile(r" - \d{1,4}(?:v\d)?$")
_SEASON = re.compile(r"s\d{1,2}")
_HEX_ONLY = re.compile(r"[0-9a-f]{16,}", re.IGNORECASE)
_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_DOTTED = re.compile(r"[^\W_]\.[^\W_]|_")  # scene style: dots or underscores join words
_ACRONYM_END = re.compile(r"\b(?:[A-Za-z]\.){2,}$")
_AKA_DOTTED = re.compile(r"(?<![A-Za-z])a\.k\.a\.?(?![A-Za-z])", re.IGNORECASE)
_AKA_SPLIT = re.compile(r"\s*\(?\baka\b\s*", re.IGNORECASE)
_LIMIT = 400
_TRACKER_LANGUAGES = frozenset({"german", "french", "truefrench", "swissgerman"})
_ARTICLES = frozenset({"the", "a", "an"})
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "jr", "sr", "st", "vs"})


def _words_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Release and quality tags that end a title whatever their case.
STRONG_TAG = re.compile(
    r"\d{3,4}[pi]|\d{3,4}x\d{3,4}|[48]k|x26[45]|h26[45]|hevc|avc|xvid|divx|"
    r"blu|bluray|bdrip|brrip|bdremux|bd(?:25|50|66|100)|remux|webrip|webdl|web-?dl|webdlrip|"
    r"hdtv|sdtv|pdtv|dvdrip|dvdr|dvd[59]?|dvdscr|hdrip|hdcam|hdts|telesync|telecine|"
    r"ac3|ac3d|eac3|dts|aac(?:\d\.?\d?)?|flac|truehd|ddp?\d?|mp3|\d{1,2}bits?|hi10p?|"
    r"hdr(?:10)?|dolby|korsubs?|vostfr|dubbed|uhd|mhd|muhd",
    re.IGNORECASE,
)
# Tags that are also ordinary words: they end a title only when written in capitals.
CAPS_TAG = _words_set(
    "PROPER REPACK RERIP INTERNAL LIMITED COMPLETE DL ML WEB CAM TS TC SCR R5 HC PAL NTSC "
    "MULTI DUAL NF AMZN HULU DSNP ATVP READNFO NFO SUBBED WS FS DC"
)
LANGUAGE_WORDS = _words_set(
    "english french truefrench german swissgerman italian spanish castellano latino danish "
    "dutch flemish japanese chinese mandarin cantonese russian polish vietnamese swedish "
    "norwegian finnish turkish portuguese brazilian greek korean hungarian hebrew czech "
    "slovak arabic hindi thai bulgarian romanian ukrainian lithuanian latvian estonian "
    "icelandic catalan tamil telugu malayalam bengali persian indonesian malay nordic"
)
# Short language tags, stops only in capitals (ITA, GER, VFF).
CAPS_LANGUAGE = _words_set("ENG FRE FR GER ITA ESP SPA RUS JAP JPN KOR VF VFF VFQ VO NL PL")
_VERSION_TAG = re.compile(r"v\d", re.IGNORECASE)

# Editions: words that are an edition on their own, and words only in a pair.
_EDITION_ALONE = _words_set(
    "extended uncut unrated remastered restored despecialized imax theatrical directors "
    "2in1 criterion uncensored redux"
)
_EDITION_TAIL = frozenset({"cut", "version", "edition", "collection"})
_EDITION_PAIRS = {
    "final": "cut",
    "assembly": "cut",
    "fan": "edit",
    "open": "matte",
    "special": "edition",
    "collectors": "edition",
    "deluxe": "edition",
    "definitive": "edition",
    "anniversary": "edition",
    "limited": "edition",
    "roadshow": "edition",
}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)


@dataclass(slots=True)
class Word:
    """One word of the name: its text, position, and lower-case form without apostrophes."""

    text: str
    start: int
    end: int
    key: str


@dataclass
class TitleParse:
    """The movie facts of a name; `title_end` is where the title stops in the original."""

    title: str | None = None
    titles: list[str] = field(default_factory=list)
    year: int | None = None
    edition: str | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    hardcoded_subs: str | None = None
    title_end: int | None = None


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of text[start:end], positions in `text`."""
    found = []
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        word = match.group()
        key = word.lower()
        if "'" in key:
            key = key.replace("'", "")
        found.append(Word(word, *match.span(), key))
    return found


def is_tag(word: Word) -> bool:
    """A quality or release tag that ends a title."""
    return word.text in CAPS_TAG or STRONG_TAG.fullmatch(word.key) is not None


def is_language(word: Word) -> bool:
    return word.key in LANGUAGE_WORDS or word.text in CAPS_LANGUAGE


def edition_at(ws: list[Word], i: int) -> int:
    """How many words from ws[i] make one edition phrase (0 when none starts there)."""
    key = ws[i].key
    nxt = ws[i + 1].key if i + 1 < len(ws) else ""
    if key in _EDITION_ALONE:
        return 2 if nxt in _EDITION_TAIL else 1
    if key == "fanedit":
        return 1
    if _EDITION_PAIRS.get(key) == nxt and nxt:
        return 2
    if _ORDINAL.fullmatch(key) and nxt == "anniversary":
        return 3 if i + 2 < len(ws) and ws[i + 2].key == "edition" else 2
    if key == "ultimate":
        if nxt == "edition":
            return 2
        if i + 2 < len(ws) and ws[i + 2].key == "edition":
            return 3
    return 0


def edition_run(ws: list[Word], i: int) -> int:
    """Words in the run of edition phrases starting at ws[i]."""
    size = 0
    while i + size < len(ws):
        step = edition_at(ws, i + size)
        if not step:
            break
        size += step
    return size


def _find_year(ws: list[Word]) -> int | None:
    """Index of the release year: the first year after the first word; of adjacent years,
    the last (`Movie 1984 (2020)`, `Klasse von 1999 1990`)."""
    for i in range(1, len(ws)):
        if _YEAR.fullmatch(ws[i].key):
            while i + 1 < len(ws) and _YEAR.fullmatch(ws[i + 1].key):
                i += 1
            return i
    return None


def _language_stops(ws: list[Word], i: int, year: int | None) -> bool:
    """A language word ends the title when it reads as a tag, not as a word of the title.

    In capitals it is a tag; otherwise only when another tag follows, or the year does
    and the language is one that German and French trackers write before the year
    (`Der Film deines Lebens German 2011`, but `The Good German 2006`, `Johnny English
    2003`).
    """
    word = ws[i]
    if word.text.isupper() and len(word.text) > 1:
        return True
    if i + 1 >= len(ws):
        return False
    nxt = ws[i + 1]
    if i + 1 == year:
        return word.key in _TRACKER_LANGUAGES and ws[0].key not in _ARTICLES
    return is_tag(nxt) or is_language(nxt) or edition_at(ws, i + 1) > 0


def _clean(raw: str) -> str:
    """The title as people write it.

    In a dotted name (`The.Movie.from.U.N.C.L.E.`) dots and underscores are separators
    and become spaces, except in acronyms and in abbreviations such as `Dr.`. In a name
    written with spaces (`Mr. & Mrs. Smith (2005)`) dots are punctuation and stay, but for
    a dangling one at the end.
    """
    raw = _AKA_DOTTED.sub("AKA", raw)
    if not _DOTTED.search(_ACRONYM.sub("", raw)):
        raw = raw.replace("_", " ").strip(" -").rstrip(" -([{")
        return raw if _ACRONYM_END.search(raw) else raw.rstrip(" .")
    out: list[str] = []
    pos = 0
    for match in _ACRONYM.finditer(raw):
        out.append(_spaces(raw[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
        if pos < len(raw) and raw[pos].isalnum():
            out.append(" ")
    out.append(_spaces(raw[pos:]))
    return "".join(out).strip(" -").rstrip(" -([{")


def _spaces(text: str) -> str:
    chars = list(text)
    for i, char in enumerate(chars):
        if char == "_":
            chars[i] = " "
        elif char == ".":
            head = text[max(0, i - 3) : i].split(" ")[-1].split(".")[-1].lower()
            keep = head in _ABBREVIATIONS and i + 1 < len(text) and text[i + 1].isalpha()
            chars[i] = ". " if keep else " "
    return "".join(chars)


def _random_word(word: str) -> bool:
    """Obfuscated names: long runs mixing letters and digits without any pattern."""
    if len(word) < 12:
        return False
    changes = sum(1 for a, b in pairwise(word) if a.isdigit() != b.isdigit())
    return changes >= 3 or _HEX_ONLY.fullmatch(word) is not None


def _hardcoded_subs(ws: list[Word]) -> str | None:
    for word in ws:
        if word.key in ("korsub", "korsubs"):
            return word.text.upper()
        if word.text == "HC" or word.key == "subbed":
            return "Generic Hardcoded Subs"
    return None


def parse_title(name: str) -> TitleParse:
    """The movie facts of a release title or file name (see the module docstring)."""
    result = TitleParse()
    # A title sits in the first few hundred characters; the rest cannot change it, and a
    # bound keeps a hostile 10,000-character string as cheap as a real name.
    ext = EXTENSION.search(name, max(0, len(name) - 16))
    end = min(ext.start() if ext else len(name), _LIMIT)
    prefix = SITE_PREFIX.match(name, 0, end)
    start = prefix.end() if prefix else 0
    text = name
    if match := _TMDB.search(text, start, end):
        result.tmdb_id = int(match.group(1))
        text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    if match := _IMDB.search(text, start, end):
        result.imdb_id = match.group(1)
    anime = False
    if text.startswith("[", start):
        close = text.find("]", start, end)
        if close > start:
            anime, start = True, close + 1
    ws = words(text, start, end)
    result.hardcoded_subs = _hardcoded_subs(ws)
    if not ws or _TV_EPISODE.search(text, start, end):
        return result
    year = _find_year(ws)
    stop: int | None = year
    if (
        year is None
        and len(ws) > 1
        and _YEAR.fullmatch(ws[0].key)
        and text[ws[0].start - 1 : ws[0].start] == "("
    ):
        year, start = 0, ws[0].end + 1  # `(1995) Movie Name`
    if year is not None:
        result.year = int(ws[year].key)
    edition_from = None
    for i in range(1, len(ws)):
        if i == year:
            continue
        size = edition_run(ws, i) if result.edition is None else 0
        if size:
            result.edition = " ".join(w.text for w in ws[i : i + size])
            edition_from = i
        if is_tag(ws[i]) or (year is not None and i > year and is_language(ws[i])):
            break
    if year == 0:
        first_stop = _first_stop(ws, None, anime)
        candidates = [first_stop if first_stop is not None else len(ws)]
    else:
        first_stop = _first_stop(ws, year, anime)
        candidates = [i for i in (stop, edition_from, first_stop) if i is not None and i > 0]
    if not candidates:
        return result  # nothing marks where a title would end: not a release name
    cut = min(candidates)
    if cut == edition_from and all(w.key in _ARTICLES for w in ws[:cut]):
        # `The.Final.Cut.2004`: the edition words are the title itself.
        result.edition = None
        candidates.remove(cut)
        if not candidates:
            return result
        cut = min(candidates)
    title_end = ws[cut].start if cut < len(ws) else end
    if anime:
        bracket = text.find("[", start, title_end)
        title_end = bracket if bracket >= 0 else title_end
    title = _clean(text[start:title_end].lstrip(" ._-"))
    if not title or not any(c.isalnum() for c in title):
        return result
    if anime and _ANIME_EPISODE.search(title):
        return result  # `[Group] Show - 01 [1080p]`: an anime episode
    if any(_SEASON.fullmatch(w.key) for w in ws[:cut]):
        return result  # `Show.S01.1080p`: a TV season pack
    if year is None and _YEAR.fullmatch(title):
        return result  # `2013.German.DTS...`: a year and tags, no title
    if all(_random_word(w) for w in title.split()):
        return result
    result.title = title
    parts = [p.strip(" ()") for p in _AKA_SPLIT.split(title)]
    result.titles = [title] + [p for p in parts if p] if len(parts) > 1 else [title]
    result.title_end = title_end
    return result


def _first_stop(ws: list[Word], year: int | None, anime: bool) -> int | None:
    """Index of the first word after the first that ends the title (other than the year)."""
    limit = len(ws) if year is None else year
    for i in range(1, limit):
        word = ws[i]
        if is_tag(word) or (anime and _VERSION_TAG.fullmatch(word.key)):
            return i
        if is_language(word) and _language_stops(ws, i, year):
            return i
    return None
