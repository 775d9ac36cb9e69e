"""Audio languages of a release name and the language of subtitle file names.

Language names are the corpus's: lower-case English names, plus `portuguese_br`,
`spanish_latino`, `flemish` and `original` (the movie's own language, which German
`DL` / `ML` releases carry beside the German dub). parse_release passes where the movie
title ends and only the rest is read, so "The French Movie 2013" names no language.
"""

from __future__ import annotations

import re

from movies.parser.tokens import Token, joined, split_extension, tokenize
from movies.parser.types import SubtitleInfo

# language | words a release name uses for it (any case) | ISO 639 codes (subtitle files)
_TABLE = """
english | english eng | en eng
french | french fre fra fr vo vf vff vfq vfi vf2 truefrench français francais | fr fre fra
german | german ger videomann swissgerman deutsch gerdub | de ger deu
italian | italian ita italiano | it ita
spanish | spanish español castellano esp spa | es spa
spanish_latino | latino | es-419 es-mx
portuguese | portuguese portugues português | pt por
portuguese_br | brazilian dublado ptbr | pt-br pob
dutch | dutch nederlands | nl dut nld
flemish | flemish | vls
danish | danish dansk | da dan
swedish | swedish svenska | sv swe
norwegian | norwegian norsk | no nor nob nb nno nn
finnish | finnish suomi | fi fin
icelandic | icelandic | is ice isl
japanese | japanese jap jpn | ja jpn
chinese | chinese mandarin cantonese | zh chi zho
korean | korean kor | ko kor
russian | russian rus ru | ru rus
ukrainian | ukrainian ukr | uk ukr
polish | polish pldub dubpl pllek lekpl | pl pol
czech | czech | cs cze ces
slovak | slovak | sk slo slk
hungarian | hungarian hun hundub | hu hun
romanian | romanian rodubbed | ro rum ron
bulgarian | bulgarian bgaudio | bg bul
greek | greek | el gre ell
turkish | turkish tur | tr tur
hebrew | hebrew hebdub hebdubbed | he heb
arabic | arabic | ar ara
persian | persian farsi | fa per fas
hindi | hindi | hi hin
bengali | bengali | bn ben
tamil | tamil | ta tam
telugu | telugu tel | te tel
malayalam | malayalam | ml mal
kannada | kannada | kn kan
marathi | marathi | mr mar
urdu | urdu | ur urd
thai | thai | th tha
vietnamese | vietnamese vie | vi vie
indonesian | indonesian | id ind
malay | malay | ms may msa
tagalog | tagalog filipino | tl tgl fil
lithuanian | lithuanian | lt lit
latvian | latvian lat lav lv | lv lav
estonian | estonian | et est
catalan | catalan catala català catalán | ca cat
croatian | croatian | hr hrv
serbian | serbian | sr srp
bosnian | bosnian | bs bos
macedonian | macedonian | mk mac mkd
slovenian | slovenian | sl slv
afrikaans | afrikaans | af afr
albanian | albanian | sq alb sqi
romansh | romansh rumantsch romansch | rm roh
mongolian | mongolian khalkha | mn mon
georgian | georgian geo ka kat | ka geo kat
original | original orig |
"""
# Codes that are languages only in capitals (as ordinary words they are not): GER, ES.
CASED_CODES = {
    "EN": "english",
    "DE": "german",
    "ES": "spanish",
    "PL": "polish",
    "CZ": "czech",
    "LT": "lithuanian",
    "BG": "bulgarian",
    "SK": "slovak",
}


def _tables() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    words: dict[str, str] = {}
    codes: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        language, release_words, iso_codes = (part.split() for part in line.split("|"))
        words.update(dict.fromkeys(release_words, language[0]))
        codes.update(dict.fromkeys(iso_codes, language[0]))
        if "_" not in language[0]:
            codes.setdefault(language[0], language[0])
    # Long names found inside glued words (`SwissGerman`); longest first (malayalam, malay).
    named = sorted(
        ((w, lang) for w, lang in words.items() if len(w) >= 6 and w.isalpha()),
        key=lambda item: -len(item[0]),
    )
    return words, codes, named


LANGUAGE_WORDS, ISO_CODES, NAMED_LANGUAGES = _tables()

# A bracketed web site (`[YTS.LT]`, `[www.pctnew.ORG]`): its TLD is no language code.
_SITE = re.compile(r"\[(?:www\.)?[^\W_]{3,}(?:\.[^\W_\[\]]+)+\]", re.IGNORECASE)
_CJK_CHINESE = ("简", "繁", "字幕")
# Ukrainian dubs are counted: "2xUkr" is two Ukrainian voice tracks.
_UKRAINIAN_TRACKS = re.compile(r"\d{1,2}x?ukr")
# Radarr's display names of the regional variants, as a subtitle file may end with them.
_DISPLAY_NAMES = {"portuguese (brazil)": "portuguese_br", "spanish (latino)": "spanish_latino"}
_CHINESE_BRACKETED = frozenset({"chs", "cht", "big5", "gb"})


def _cased(tokens: tuple[Token, ...], index: int) -> str | None:
    """A capitals-only code (`DE`, `SK`, `ES`) that is not a subtitle or audio-format tag."""
    token = tokens[index]
    language = CASED_CODES.get(token.text)
    if language is None:
        return None
    previous = tokens[index - 1].low if index else ""
    following = tokens[index + 1].low if index + 1 < len(tokens) else ""
    if previous.endswith("sub") or following.startswith("sub"):
        return None  # SUB.PL, PL.SUBS: a subtitle language
    if previous == "dts" and token.before == "-":
        return None  # DTS-ES is an audio format
    return language


def _languages_in(tokens: tuple[Token, ...], start: int = 0) -> list[str]:
    """Languages named by tokens[start:]; the tokens before give context (`DTS-ES`)."""
    found: list[str] = []
    index, count = start, len(tokens)
    while index < count:
        token = tokens[index]
        if index + 1 < count:
            pair = joined(token, tokens[index + 1])
            if pair in LANGUAGE_WORDS:
                found.append(LANGUAGE_WORDS[pair])
                index += 2
                continue
        language = LANGUAGE_WORDS.get(token.low) or _cased(tokens, index)
        if language is None and _UKRAINIAN_TRACKS.fullmatch(token.low):
            language = "ukrainian"
        if language is None and token.bracketed and token.low in _CHINESE_BRACKETED:
            language = "chinese"
        if language is None and len(token.low) > 6:
            language = _compound(token.low)
        if language:
            found.append(language)
        index += 1
    return found


def _compound(word: str) -> str | None:
    """A full language name glued to another word (`SwissGerman`, `Castellano`)."""
    for name, language in NAMED_LANGUAGES:
        if name in word:
            return language
    return None


def parse_languages(name: str, *, title_end: int | None = None) -> list[str]:
    """The audio languages a release name names after its title, corpus names, no repeats.

    `title_end` is where the movie title stops (a character offset in `name`), so "The
    German Doctor" names no language; without it the whole name is read, as Radarr's
    language parser reads it (parse_release always passes the title's end).
    German `DL` adds the original language, German `ML` adds original and English.
    """
    if not isinstance(name, str) or not name:
        return []
    hinted = title_end is not None and 0 <= title_end <= len(name)
    text, _extension = split_extension(name[title_end:] if hinted else name)
    tokens = tokenize(_SITE.sub(" ", text))
    last = tokens[-1] if tokens else None
    if last and last.before == "-" and not last.after and last.low not in _SUFFIX_LANGUAGES:
        tokens = tokens[:-1]  # "x264-RUS": the release group, whatever it is called
    found = _languages_in(tokens)
    if any(mark in name for mark in _CJK_CHINESE):
        found.append("chinese")
    languages = list(dict.fromkeys(found))
    if languages == ["german"]:
        for index in range(len(tokens)):
            if tokens[index].low == "dl" and not (index and tokens[index - 1].low == "web"):
                return ["german", "original"]
        if any(token.low == "ml" for token in tokens):
            return ["german", "original", "english"]
    return languages


# After the last dash these are languages, never a group (Radarr's rule, as in group.py).
_SUFFIX_LANGUAGES = frozenset({"es", "en", "cat", "eng", "jap", "ger", "fra", "fre", "ita"})
_SUBTITLE_TAGS = frozenset({"forced", "foreign", "default", "cc", "psdh", "sdh"})
_SUBTITLE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


_SUBTITLE_CODE = re.compile(r"[A-Za-z]{2,3}")
# The basic form: a code after any separator, then flags only ("Movie Title_en-forced").
_SUBTITLE_BASIC = re.compile(
    r"[-_. ]([A-Za-z]{2,3})((?:[-_. ](?:forced|foreign|default|cc|psdh|sdh))*)$", re.IGNORECASE
)


def parse_subtitle(file_name: str) -> SubtitleInfo:
    """Language, flags and track title of a subtitle file (`Movie.eng.forced.srt`).

    The dot-separated parts after the video's own name are read from the end: ISO codes
    and language names give the language, `forced` / `default` / `sdh` / `cc` ... are
    flags, and one other part is the track title. When that reading is unclear (no code
    among the dotted parts, or two), Radarr's basic reading is used: the last code, after
    any separator, with the flags around it and no title; then a language name at the end.
    Without a language nothing is kept.
    """
    info = SubtitleInfo()
    if not isinstance(file_name, str):
        return info
    name = re.split(r"[\\/]", file_name[-500:])[-1].strip()
    name = _SUBTITLE_EXTENSION.sub("", name)
    return _dotted(name) or _basic(name) or _named(name) or info


def _dotted(name: str) -> SubtitleInfo | None:
    """The dotted reading: flags, one language code and one track title, any order."""
    parts = name.split(".")
    codes: list[str] = []
    title = None
    tags: list[str] = []
    # parts[0] is the video's own name: never a language, flag or track title.
    for part in reversed(parts[1:]):
        low = part.strip().lower()
        if low in _SUBTITLE_TAGS:
            tags.append(low)
        elif _SUBTITLE_CODE.fullmatch(low) or (low in ISO_CODES and title is None):
            codes.append(low)
        elif title is None and part.strip():
            title = part.strip()
        else:
            break
    if len(codes) != 1 or codes[0] not in ISO_CODES:
        return None
    return SubtitleInfo(
        language=ISO_CODES[codes[0]],
        tags=list(dict.fromkeys(reversed(tags))),
        title=_track_title(title),
    )


def _basic(name: str) -> SubtitleInfo | None:
    match = _SUBTITLE_BASIC.search(name)
    if match is None or match.group(1).lower() not in ISO_CODES:
        return None
    flags = [flag.lower() for flag in re.split(r"[-_. ]", match.group(2)) if flag]
    return SubtitleInfo(language=ISO_CODES[match.group(1).lower()], tags=list(dict.fromkeys(flags)))


def _named(name: str) -> SubtitleInfo | None:
    """A language's name at the very end: `Movie.Portuguese (Brazil)`, `Movie English`."""
    low = name.lower()
    for display, variant in _DISPLAY_NAMES.items():
        if low.endswith(display):
            return SubtitleInfo(language=variant)
    tail = re.split(r"[-_. ]", low)[-1]
    if tail in ISO_CODES and len(tail) > 3:
        return SubtitleInfo(language=ISO_CODES[tail])
    return None


def _track_title(raw: str | None) -> str | None:
    """`Commentary - 2` is the second copy of the Commentary track; a bare `2` has no title."""
    if raw is None:
        return None
    head, dash, copy = raw.rpartition(" - ")
    if dash and copy.isdigit() and len(copy) <= 3:
        return head or None
    if raw.isdigit() and len(raw) <= 3:
        return None
    return raw
