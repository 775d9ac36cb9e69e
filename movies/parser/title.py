"""The movie part of a release name: title, AKA titles, year, edition, ids, hardcoded subs.

The name is cut into words once (one linear regex pass). The title is the text before the
first *stop*: the release year (1800-2099), an edition phrase right before it (`Extended`,
`Director's Cut`, movies.parser.edition), a quality tag (`1080p`, `BluRay`, `x264`), a tag
in capitals (`PROPER`, `GERMAN`) where tags follow it, or a language that trackers write
before the year (`German`). A title written in capitals keeps its capital words. A name
with no stop at all (a hash, `THIS SHOULD NEVER PARSE`) or with a TV episode marker
(`S01E05`) names no movie. Positions always refer to the original string, so callers can
tell where the title ends (the language parser reads only what follows it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from movies.parser.edition import edition_at, edition_text
from movies.parser.title_text import clean_title_text

# Words: anything between separators. Apostrophes stay inside (Director's, Heaven's).
_WORD = re.compile(r"[^\s._\[\](){}\-,+/\\|:;!?\"*~#@=&]+")
EXTENSION = re.compile(
    r"\.(?:mkv|mp4|avi|m4v|wmv|mov|ts|m2ts|mpg|mpeg|iso|img|vob|divx|xvid|flv|webm|ogm|"
    r"rmvb|nzb|torrent|par2|rar|srt|sub|idx|ass|ssa|nfo|sfv|txt|jpg|png)\s*$",
    re.IGNORECASE,
)
# A website the uploader stamped in front: `[www.site.com] - `, `site.co.uk - `,
# `(site.com) `: one name, an optional second-level part and a top-level domain.
_DOMAIN = r"(?:www\.)?[a-z0-9][a-z0-9-]*\.(?:[a-z]{2,6}\.)?[a-z]{2,6}"
SITE_PREFIX = re.compile(
    rf"^\s*(?:[\[(]\s*{_DOMAIN}\s*[\])][\s-]*|{_DOMAIN}[ -]{{2,}}[ -]*)",
    re.IGNORECASE,
)
_TMDB = re.compile(r"[\[{(]?tmdb(?:id)?[-=:](\d+)[\]})]?", re.IGNORECASE)
_MAX_ID = 2**31 - 1  # TMDB ids are 32-bit signed integers; anything larger is noise
_IMDB = re.compile(r"\b(tt\d{7,8})\b")
_YEAR = re.compile(r"(?:18|19|20)\d\d")
# `S01E05`, `NameS10E06`, `S01E05E06`, `10x11`, searched once over the whole name.
_TV_EPISODE = re.compile(
    r"s\d{1,2}e\d{1,3}(?:e\d{1,3})?(?![^\W_])|(?<![^\W_])\d{1,2}x\d{2,3}(?![^\W_])", re.I
)
_ANIME_EPISODE = re.compile(r" - \d{1,4}(?:v\d)?$")
_SEASON = re.compile(r"s\d{1,2}")
_HEX_ONLY = re.compile(r"[0-9a-f]{16,}", re.IGNORECASE)
# Alternative titles: `A AKA B`, `A (AKA B)`, `A a.k.a. B`, and `A / B`.
_AKA_SPLIT = re.compile(r"\s*\(?\baka\b\s*|\s+/\s+", re.IGNORECASE)
# Obfuscated names some indexers post (`abc.xyz.af6021c37f7852`): no movie.
_JUNK_NAME = re.compile(r"\s*abc[-_. ]xyz", re.IGNORECASE)
_LIMIT = 400
# Languages German and French trackers write between the title and the year
# (`Der Film deines Lebens German 2011`). French is not among them: before a year it is
# more often a word of the title, as Radarr found.
_TRACKER_LANGUAGES = frozenset({"german", "truefrench", "swissgerman"})
_ARTICLES = frozenset({"the", "a", "an"})
_ALSO_ENGLISH = frozenset({"german"})  # a tracker tag that is also an English word
# Tags of German dubbed releases (DL: German dub plus the original audio).
_DUB_MARKERS = frozenset({"dl", "ml", "ac3d", "dubbed"})
# Hardcoded subtitles: `KORSUB`, `SWESUB`, `NLSubs` name them; soft and multi ones do not.
_HARDCODED = re.compile(r"([^\W_]+?)subs?", re.IGNORECASE)
_NOT_HARDCODED = frozenset({"soft", "multi", "horrible"})


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


def _find_year(ws: list[Word]) -> int | None:
    """Index of the release year: the first year after the first word; of adjacent years,
    the last (`Movie 1984 (2020)`, `Klasse von 1999 1990`)."""
    for i in range(1, len(ws)):
        if _YEAR.fullmatch(ws[i].key):
            while i + 1 < len(ws) and _YEAR.fullmatch(ws[i + 1].key):
                i += 1
            return i
    return None


def _capitals(word: Word) -> bool:
    """Written as a release tag: capitals, or scene capitals with a small i (`NORDiC`)."""
    return len(word.text) > 1 and word.text.replace("i", "I").isupper()


def _tag_follows(ws: list[Word], j: int, year: int | None) -> bool:
    """ws[j] is where tags begin: the year, a tag, a language, an edition or the end."""
    if j >= len(ws) or j == year:
        return True
    return is_tag(ws[j]) or is_language(ws[j]) or edition_at(ws, j) > 0


def _language_stops(ws: list[Word], i: int, year: int | None) -> bool:
    """A language word ends the title when it reads as a tag, not as a word of the title.

    Before another tag it is a tag (`Movie German DL`). Right before the year only a
    language that German trackers put there is (`Der Film deines Lebens German 2011`),
    and not when it follows an article (`The German`) or the name tags that language
    again after the year (`The.Good.German.2006.GERMAN`). An English title (`The ...`)
    ending in it is read as the title's last word unless a German dub marker (`DL`,
    `AC3D`) after the year shows a German release. Elsewhere a language word is the
    title's (`The French Connection`, `Johnny English 2003`).
    """
    if i + 1 < len(ws) and i + 1 != year:
        nxt = ws[i + 1]
        return is_tag(nxt) or is_language(nxt) or edition_at(ws, i + 1) > 0
    if i + 1 != year or ws[i].key not in _TRACKER_LANGUAGES:
        return False
    if ws[i - 1].key in _ARTICLES:
        return False
    after = ws[year + 1 : year + 16]
    if any(w.key == ws[i].key for w in after):
        return False
    if ws[i].key not in _ALSO_ENGLISH or ws[0].key not in _ARTICLES:
        return True
    return any(w.key in _DUB_MARKERS and ws[j].key != "web" for j, w in enumerate(after, year))


def _caps_stops(ws: list[Word], i: int, year: int | None, shouting: bool) -> bool:
    """A word in capitals (`GERMAN`, `COMPLETE`, `DC`) ends the title as a tag.

    In a title written in capitals (`A.COMPLETE.UNKNOWN.2024`) capitals say nothing, so
    only a quality tag after it makes it one. With a year ahead it must be followed by
    tags (`LEGO.DC.Comics...2015` keeps DC); without one it ends the title.
    """
    if shouting:
        return i + 1 < len(ws) and STRONG_TAG.fullmatch(ws[i + 1].key) is not None
    return year is None or _tag_follows(ws, i + 1, year)


def _first_stop(ws: list[Word], year: int | None, anime: bool) -> int | None:
    """Index of the first word after the first that ends the title (other than the year)."""
    limit = len(ws) if year is None else year
    shouting = True  # every title word so far is in capitals
    for i in range(1, limit):
        word = ws[i]
        shouting = shouting and (not ws[i - 1].text.isalpha() or ws[i - 1].text.isupper())
        if STRONG_TAG.fullmatch(word.key) or (anime and _VERSION_TAG.fullmatch(word.key)):
            return i
        caps = word.text in CAPS_TAG or word.text in CAPS_LANGUAGE
        if (caps or (is_language(word) and _capitals(word))) and _caps_stops(ws, i, year, shouting):
            return i
        if is_language(word) and _language_stops(ws, i, year):
            return i
    return None


def _random_word(word: str) -> bool:
    """Obfuscated names: long runs mixing letters and digits without any pattern."""
    if len(word) < 12:
        return False
    changes = sum(1 for a, b in pairwise(word) if a.isdigit() != b.isdigit())
    return changes >= 3 or _HEX_ONLY.fullmatch(word) is not None


def _hardcoded_subs(ws: list[Word]) -> str | None:
    """The last hardcoded-subtitle tag among ws: `KORSUB` as written, or the generic kind."""
    for word in reversed(ws):
        if word.key in ("hc", "subbed"):
            return "Generic Hardcoded Subs"
        match = _HARDCODED.fullmatch(word.text)
        if match and match.group(1).lower() not in _NOT_HARDCODED:
            return word.text
    return None


def _ids(result: TitleParse, text: str, start: int, end: int) -> str:
    """Read the TMDB and IMDb ids; the TMDB id is blanked so it is not read as a year."""
    if match := _TMDB.search(text, start, end):
        digits = match.group(1)
        number = int(digits) if len(digits) <= 10 else 0
        result.tmdb_id = number if 0 < number <= _MAX_ID else None
        text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    if match := _IMDB.search(text, start, end):
        result.imdb_id = match.group(1)
    return text


def _edition(ws: list[Word], text: str, cut: int, year: int | None) -> tuple[str | None, int]:
    """The edition and where it starts: a phrase right before the title's end (the year or
    the first tag), else the first one after it. (None, cut) when there is none."""
    for i in range(1, cut):
        size = edition_at(ws, i)
        if size and i + size == cut:
            return edition_text(text, ws, i, size), i
    for i in range(cut, len(ws)):
        if i == year:
            continue
        size = edition_at(ws, i)
        if size:
            return edition_text(text, ws, i, size), cut
    return None, cut


def parse_title(name: str) -> TitleParse:
    """The movie facts of a release title or file name (see the module docstring)."""
    result = TitleParse()
    # A title sits in the first few hundred characters; the rest cannot change it, and a
    # bound keeps a hostile 10,000-character string as cheap as a real name.
    ext = EXTENSION.search(name, max(0, len(name) - 16))
    end = min(ext.start() if ext else len(name), _LIMIT)
    prefix = SITE_PREFIX.match(name, 0, end)
    start = prefix.end() if prefix else 0
    text = _ids(result, name, start, end)
    anime = False
    if text.startswith("[", start):
        close = text.find("]", start, end)
        if close > start:
            anime, start = True, close + 1
    ws = words(text, start, end)
    if not ws or _TV_EPISODE.search(text, start, end) or _JUNK_NAME.match(text, start):
        result.hardcoded_subs = _hardcoded_subs(ws)
        return result
    year = _find_year(ws)
    if (
        year is None
        and len(ws) > 1
        and _YEAR.fullmatch(ws[0].key)
        and text[ws[0].start - 1 : ws[0].start] == "("
    ):
        year, start = 0, ws[0].end + 1  # `(1995) Movie Name`
    if year is not None:
        result.year = int(ws[year].key)
    if year == 0:
        first_stop = _first_stop(ws, None, anime)
        cut = first_stop if first_stop is not None else len(ws)
    else:
        first_stop = _first_stop(ws, year, anime)
        candidates = [i for i in (year, first_stop) if i is not None and i > 0]
        if not candidates:
            result.hardcoded_subs = _hardcoded_subs(ws)
            return result  # nothing marks where a title would end: not a release name
        cut = min(candidates)
    result.hardcoded_subs = _hardcoded_subs(ws[cut:])
    if year != 0:
        result.edition, edition_from = _edition(ws, text, cut, year)
        if edition_from < cut and all(w.key in _ARTICLES for w in ws[:edition_from]):
            result.edition = None  # `The.Final.Cut.2004`: the edition words are the title
        else:
            cut = edition_from
    return _finish(result, text, ws, start, end, cut, year, anime)


def _finish(
    result: TitleParse,
    text: str,
    ws: list[Word],
    start: int,
    end: int,
    cut: int,
    year: int | None,
    anime: bool,
) -> TitleParse:
    """Cut the title at ws[cut], clean it, and reject what is no movie title."""
    title_end = ws[cut].start if cut < len(ws) else end
    if anime:
        bracket = text.find("[", start, title_end)
        title_end = bracket if bracket >= 0 else title_end
    title = clean_title_text(text[start:title_end].lstrip(" ._-"))
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
