"""Radarr's naming tokens: build a movie's folder and file names from its formats.

Plain functions on plain data (`NamingFacts`), no database: `file_name` and `folder_name`
take the formats and choices of Settings → Media Management. Token names compare as Radarr
compares them (case, spaces, dots, dashes and underscores ignored); the separator written
inside a token ({Movie.Title}) replaces the spaces of its value, an all-lower-case token
gives a lower-case value, an all-upper-case one an upper-case value. Text inside the braces
before or after the token name ({[Quality Full]}, {-Release Group}) is written only when
the value is not empty. `{{` and `}}` write literal braces ({{tmdb-{TmdbId}}}).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from movies.quality import BY_ID

_TOKEN = re.compile(
    r"(?P<escaped>\{\{|\}\})"
    r"|\{(?P<prefix>[- ._\[(]*)"
    r"(?P<token>[a-z0-9]+(?:(?P<separator>[- ._]+)[a-z0-9]+)*)"
    r"(?::(?P<format>[0-9]+))?"
    r"(?P<suffix>[- ._)\]]*)\}",
    re.IGNORECASE,
)
_NAME_NOISE = re.compile(r"[\s._-]")
# Radarr's CleanFileName: characters no file system we serve accepts, and their stand-ins.
_ILLEGAL = {"\\": "+", "/": "+", "<": "", ">": "", "?": "!", "*": "-", "|": "", '"': ""}
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
_SPACES = re.compile(r"\s{2,}")
_CLEAN_TITLE_DROP = re.compile(r"[^\w\s]", re.UNICODE)
_ARTICLE = re.compile(r"^(the|a|an)\s+(.+)$", re.IGNORECASE)
# The longest file or folder name (in bytes) ext4, XFS, Btrfs and ZFS accept; a file name
# leaves room for the import's temporary name beside it (".{name}.importing").
NAME_MAX = 255
FILE_NAME_MAX = NAME_MAX - len("..importing")


@dataclass(frozen=True)
class NamingFacts:
    """What the tokens can say about one movie file."""

    title: str
    year: int | None = None
    tmdb_id: int | None = None
    imdb_id: str = ""
    quality_id: int = 0
    quality_version: int = 1
    quality_real: int = 0
    repack: bool = False
    edition: str = ""
    release_group: str = ""
    video_codec: str = ""
    audio_codec: str = ""
    hdr: tuple[str, ...] = ()
    custom_formats: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class NamingChoices:
    """Settings → Media Management's naming choices, as plain data."""

    file_format: str = "{Movie Title} ({Release Year}) {Quality Full}"
    folder_format: str = "{Movie Title} ({Release Year})"
    replace_illegal: bool = True
    colon_replacement: str = "smart"  # delete dash spaceDash spaceDashSpace smart


def _title_the(title: str) -> str:
    match = _ARTICLE.match(title)
    return f"{match.group(2)}, {match.group(1)}" if match else title


def _clean_title(title: str) -> str:
    """Radarr's {Movie CleanTitle}: '&' as 'and', punctuation dropped, spaces kept."""
    text = _CLEAN_TITLE_DROP.sub("", title.replace("&", "and"))
    return " ".join(text.split())


def _quality_full(facts: NamingFacts) -> str:
    words = [_quality_title(facts)]
    if facts.quality_version > 1:
        words.append("Repack" if facts.repack else "Proper")
    if facts.quality_real:
        words.append("REAL")
    return " ".join(words)


def _quality_title(facts: NamingFacts) -> str:
    quality = BY_ID.get(facts.quality_id)
    return quality.name if quality else "Unknown"


def _dynamic_range(facts: NamingFacts) -> str:
    return "HDR" if facts.hdr else ""


_HANDLERS: dict[str, Callable[[NamingFacts], str]] = {
    "movietitle": lambda f: f.title,
    "moviecleantitle": lambda f: _clean_title(f.title),
    "movietitlethe": lambda f: _title_the(f.title),
    "moviecleantitlethe": lambda f: _clean_title(_title_the(f.title)),
    "releaseyear": lambda f: str(f.year) if f.year else "",
    "qualityfull": _quality_full,
    "qualitytitle": _quality_title,
    "editiontags": lambda f: f.edition.title() if f.edition.islower() else f.edition,
    "mediainfovideocodec": lambda f: f.video_codec,
    "mediainfoaudiocodec": lambda f: f.audio_codec,
    "mediainfovideodynamicrange": _dynamic_range,
    "mediainfovideodynamicrangetype": lambda f: " ".join(f.hdr),
    "releasegroup": lambda f: f.release_group,
    "tmdbid": lambda f: str(f.tmdb_id) if f.tmdb_id else "",
    "imdbid": lambda f: f.imdb_id,
    "customformats": lambda f: " ".join(f.custom_formats),
}

# The token list of Settings → Media Management, by group; a note says what a reader
# cannot guess from the sample value.
TOKEN_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Movie",
        (
            ("{Movie Title}", ""),
            ("{Movie CleanTitle}", "punctuation dropped, & as and"),
            ("{Movie TitleThe}", "a leading The, A or An moved to the end"),
            ("{Release Year}", ""),
        ),
    ),
    ("Quality", (("{Quality Full}", "with Proper, Repack or REAL"), ("{Quality Title}", ""))),
    (
        "Media info",
        (
            ("{MediaInfo VideoCodec}", ""),
            ("{MediaInfo AudioCodec}", ""),
            ("{MediaInfo VideoDynamicRange}", "empty for SDR"),
        ),
    ),
    (
        "Release",
        (("{Edition Tags}", ""), ("{Release Group}", ""), ("{Custom Formats}", "")),
    ),
    (
        "Movie IDs",
        (
            ("{TmdbId}", ""),
            ("{ImdbId}", ""),
            ("{tmdb-{TmdbId}}", "Plex reads this id from a folder name"),
            ("{imdb-{ImdbId}}", "Plex reads this id from a folder name"),
            ("{tmdb-id}", "the number alone, as {TmdbId}; kept for formats written before"),
            ("{imdb-id}", "the id alone, as {ImdbId}; kept for formats written before"),
        ),
    ),
)
KNOWN_TOKENS = [token for _, tokens in TOKEN_GROUPS for token, _ in tokens]

# The movie the token list's examples describe (the preview's sample, with HDR so that
# every token shows a value).
SAMPLE = NamingFacts(
    title="The Matrix",
    year=1999,
    tmdb_id=603,
    imdb_id="tt0133093",
    quality_id=7,
    quality_version=2,
    repack=True,
    edition="Directors Cut",
    release_group="SPARKS",
    video_codec="x264",
    audio_codec="DTS",
    hdr=("HDR10",),
    custom_formats=("x264",),
)


def token_examples(facts: NamingFacts = SAMPLE) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """TOKEN_GROUPS with each token's value for `facts`: [(group, [(token, value, note)])]."""
    return [
        (
            group,
            [
                (token, _TOKEN.sub(lambda m: _render_token(m, facts), token), note)
                for token, note in tokens
            ],
        )
        for group, tokens in TOKEN_GROUPS
    ]


def unknown_tokens(template: str) -> list[str]:
    """Tokens in `template` that no handler knows (the settings form refuses them)."""
    return [
        m.group(0)
        for m in _TOKEN.finditer(template)
        if not m.group("escaped") and _NAME_NOISE.sub("", m.group("token")).lower() not in _HANDLERS
    ]


def _after(text: str, start: int) -> str:
    """About 20 characters of `text` from `start`, to show where a brace is."""
    return text[start : start + 20] + ("…" if len(text) > start + 20 else "")


def _before(text: str, end: int) -> str:
    """About 20 characters of `text` up to `end`."""
    return ("…" if end > 20 else "") + text[max(end - 20, 0) : end]


def brace_problems(template: str) -> list[str]:
    """Braces in `template` that open or close nothing, or wrap no token, as messages.

    A brace outside a token is written as is (Radarr does the same), so "{tmdb-{TmdbId}}"
    gives "{tmdb-603}"; but a lone "{" or "}" is almost always a typo that would end up in
    every file name, and a brace pair around no token ("{Movie Title:x}") is one too.
    """
    problems: list[str] = []
    opened: list[list] = []  # [position of a literal "{", whether a token sits inside]
    position = 0
    for match in [*_TOKEN.finditer(template), None]:
        end = match.start() if match else len(template)
        for index in range(position, end):
            if template[index] == "{":
                opened.append([index, False])
            elif template[index] == "}" and not opened:
                text = _before(template, index + 1)
                problems.append(f'Unbalanced braces: the "}}" in "{text}" closes no "{{".')
            elif template[index] == "}":
                start, holds_token = opened.pop()
                if not holds_token:
                    text = _after(template[: index + 1], start)
                    problems.append(
                        f'"{text}" is not a token; write {{{{ and }}}} for literal braces.'
                    )
        if match is None:
            break
        if not match.group("escaped"):
            for brace in opened:
                brace[1] = True
        position = match.end()
    for start, _ in opened:
        text = _after(template, start)
        problems.append(f'Unbalanced braces: the "{{" in "{text}" is never closed with "}}".')
    return problems


def _render_token(match: re.Match[str], facts: NamingFacts) -> str:
    if match.group("escaped"):
        return match.group("escaped")[0]
    token = match.group("token")
    handler = _HANDLERS.get(_NAME_NOISE.sub("", token).lower())
    if handler is None:
        return match.group(0)  # left as written, so the preview shows the typo
    value = handler(facts).strip()
    if not value:
        return ""
    separator = match.group("separator") or " "
    if separator != " ":
        value = value.replace(" ", separator)
    if match.group("format"):
        value = value[: int(match.group("format"))].rstrip()
    if token.islower():
        value = value.lower()
    elif token.isupper():
        value = value.upper()
    return f"{match.group('prefix')}{value}{match.group('suffix')}"


def replace_colons(text: str, mode: str) -> str:
    """':' as Radarr's colon replacement choice says."""
    if mode == "dash":
        return text.replace(":", "-")
    if mode == "spaceDash":
        return text.replace(":", " -")
    if mode == "spaceDashSpace":
        return text.replace(": ", " - ").replace(":", " - ")
    if mode == "smart":
        return text.replace(": ", " - ").replace(":", "-")
    return text.replace(":", "")


def clean_name(text: str, replace_illegal: bool = True, colon_mode: str = "smart") -> str:
    """A single path component: illegal characters replaced (or removed), no '..' or '/'."""
    text = replace_colons(text, colon_mode)
    for bad, good in _ILLEGAL.items():
        text = text.replace(bad, good if replace_illegal else "")
    text = "".join(c for c in text if c >= " ")  # control characters never belong in a name
    text = _SPACES.sub(" ", _EMPTY_BRACKETS.sub("", text)).strip()
    # A name made only of dots would climb out of the folder; trailing dots break SMB.
    return text.rstrip(". ").lstrip(".") or "_"


def render(template: str, facts: NamingFacts, choices: NamingChoices) -> str:
    """One name component built from `template` (no folder separators in the result)."""
    text = _TOKEN.sub(lambda m: _render_token(m, facts), template)
    return clean_name(text, choices.replace_illegal, choices.colon_replacement)


def cut_to_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character, and without
    the trailing dots or spaces that clean_name would refuse."""
    cut = text.encode()[: max(limit, 0)].decode("utf-8", errors="ignore")
    return cut.rstrip(". ") or "_"


def _render_within(template: str, facts: NamingFacts, choices: NamingChoices, limit: int) -> str:
    """render(), with the title cut until the name fits in `limit` bytes (file systems
    refuse a name over NAME_MAX bytes); other tokens are kept whole while the title can
    give way, and only a name still too long without a title is cut itself."""
    name = render(template, facts, choices)
    if len(name.encode()) <= limit:
        return name

    def with_title(length: int) -> str:
        return render(template, replace(facts, title=facts.title[:length].rstrip()), choices)

    # The longest title that fits (a template may hold several title tokens).
    low, high = 0, len(facts.title)
    while low < high:
        middle = (low + high + 1) // 2
        if len(with_title(middle).encode()) <= limit:
            low = middle
        else:
            high = middle - 1
    name = with_title(low)
    return name if len(name.encode()) <= limit else cut_to_bytes(name, limit)


def file_name(facts: NamingFacts, choices: NamingChoices, extension: str) -> str:
    """The movie file's name, with its extension ('.mkv'), at most FILE_NAME_MAX bytes."""
    extension = extension.lower()
    limit = FILE_NAME_MAX - len(extension.encode())
    return _render_within(choices.file_format, facts, choices, limit) + extension


def folder_name(facts: NamingFacts, choices: NamingChoices) -> str:
    """The movie folder's name, at most NAME_MAX bytes."""
    return _render_within(choices.folder_format, facts, choices, NAME_MAX)
