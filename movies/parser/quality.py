"""Quality part of a release name: source, resolution bucket, modifier and revision.

The name is tokenised once (movies.parser.tokens); each token or glued pair of tokens
(`WEB-DL`, `Blu-ray`, `HD.TV`) is looked up in the tables of what release tags mean
(movies.parser.quality_tags). The facts of the
file name are completed from its parent folders, then turned into Radarr's bucket rules:
a Blu-ray without a resolution is 720p, a disc is filed under 1080p, SD TV is 480p, a
resolution with no source is HDTV, and a bare file falls back to its extension
(movies.parser.extensions). The revision (PROPER, REPACK, v2) is movies.parser.revision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from movies.parser.extensions import extension_quality
from movies.parser.quality_tags import (
    ENCODE_CONTAINERS,
    ENCODES,
    PAIR_TAGS,
    SD_CODECS,
    SOURCE_WORDS,
    TAGS,
    WEAK_2160,
    WEB_NEIGHBOURS,
)
from movies.parser.revision import read_revision
from movies.parser.tokens import Token, joined, split_extension, tokenize
from movies.parser.types import QualityParse
from movies.quality import QUALITIES

# Radarr quality ids: modifiers that decide the quality alone, remuxes by resolution, and
# the plain (source, resolution) qualities of movies.quality.
_MODIFIER_IDS = {"brdisk": 22, "rawhd": 10, "screener": 28, "regional": 29}
_REMUX_IDS = {1080: 30, 2160: 31}
_PLAIN_IDS = {(q.source, q.resolution): q.id for q in QUALITIES if not q.modifier and q.id}
_RES = re.compile(r"(\d{3,4})([pi])")
_DIMS = re.compile(r"(\d{3,4})x(\d{3,4})")
_GLUED_RES = re.compile(r"(.*?[a-z])(\d{3,4})[pi]")
_PATH_SPLIT = re.compile(r"[\\/]")
# Only an absolute path is read folder by folder; "1080p / WEB / x264" is one name.
_ABSOLUTE_PATH = re.compile(r"[\\/]|[A-Za-z]:[\\/]")


def _bucket(height: int) -> int | None:
    """Radarr's resolution bucket for a picture height (360p and 540p count as 480)."""
    if height >= 2000:
        return 2160
    if height >= 1000:
        return 1080
    if height >= 700:
        return 720
    if height >= 570:
        return 576
    if height >= 300:
        return 480
    return None


@dataclass
class _Facts:
    """Raw facts one name component carries, before defaults are applied."""

    source: str | None = None
    bracketed_source: bool = False
    resolution: int | None = None  # from an explicit tag (1080p, 1920x1080)
    weak_resolution: int | None = None  # UHD / 4K without an explicit tag
    flags: set[str] = field(default_factory=set)


def _resolution_of(low: str) -> int | None:
    if not low[:1].isdigit():
        return 1080 if low == "fhd" else None
    match = _RES.fullmatch(low)
    if match:
        return _bucket(int(match.group(1)))
    match = _DIMS.fullmatch(low)
    if match:
        # Width decides: 1920x800 is a cropped 1080p picture, not a 720p one.
        width, height = int(match.group(1)), int(match.group(2))
        by_width = 2160 if width >= 3800 else 1080 if width >= 1900 else 720 if width >= 1200 else 0
        return by_width or _bucket(height)
    return None


def _is_web(tokens: tuple[Token, ...], i: int) -> bool:
    """A bare `WEB` is a source when written in capitals, bracketed or beside a tech tag."""
    token = tokens[i]
    if (
        token.text == "WEB"
        or (token.before and token.before in "[(")
        or (token.after and token.after in "])")
    ):
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens):
            low = tokens[j].low
            if _resolution_of(low) or low in ENCODES or low in WEB_NEIGHBOURS:
                return True
    return False


def _scan(tokens: tuple[Token, ...]) -> _Facts:
    """Collect the quality facts of the tokens of one name component."""
    facts = _Facts()
    flags = facts.flags
    i = 0
    count = len(tokens)
    while i < count:
        token = tokens[i]
        word, width, tag = token.low, 1, None
        if i + 1 < count:
            pair = joined(token, tokens[i + 1])
            if pair is not None:
                tag = PAIR_TAGS.get(pair)
                if tag is not None:
                    word, width = pair, 2
        if tag is None:
            tag = TAGS.get(word)
        i += width
        if tag is not None:
            kind, traits = tag
            if word == "web" and _is_web(tokens, i - 1):
                kind = "webdl"
            elif word in ("ts", "bd") and not token.after:
                kind = None  # at the very end of a name these are no source tag
            if kind:
                facts.source = kind
                # "[HDTV]", "[WEBDL]" and anime's "[WEB 1080p]" / "(WEB ..." default to 720p.
                facts.bracketed_source = width == 1 and (
                    token.bracketed or (word == "web" and token.before in ("[", "("))
                )
            if traits:
                flags.update(traits)
            if word in WEAK_2160:
                # Radarr reads a lone "4K" as 2160p only beside UHD / HEVC / BD / H.265; we
                # read it anywhere ("4K.WEB-DL.x265" is a 2160p file), a tag still wins.
                facts.weak_resolution = 2160
            continue
        if word.endswith("remux"):
            flags.add("remux")
        elif word in ("dl", "ml") and i > 1 and tokens[i - 2].low != "web":
            flags.add("dual_language")
        elif word[-1:] in ("p", "i") or word[:1].isdigit() or word == "fhd":
            _scan_resolution(word, facts)
    return facts


def _scan_resolution(word: str, facts: _Facts) -> None:
    """A resolution tag, alone (`1080p`, `1920x1080`) or glued to a source (`BD720p`)."""
    resolution = _resolution_of(word)
    if resolution is None:
        glued = _GLUED_RES.fullmatch(word)
        if glued is None:
            return
        resolution = _resolution_of(word[len(glued.group(1)) :])
        kind = SOURCE_WORDS.get(glued.group(1))
        if kind == "bluray" and resolution in (480, 576):
            kind = "dvd"  # an SD "BD480p" anime encode is filed as DVD, Radarr's way
        if kind:
            facts.source, facts.bracketed_source = kind, False
    if resolution is None:
        return
    if facts.resolution is None:
        facts.resolution = resolution
    if word.endswith("1080i"):
        facts.flags.add("1080i")
    if resolution == 720:
        facts.flags.add("720p")
    if resolution == 1080 and word.endswith("p"):
        facts.flags.add("1080p")


def _merge(facts: _Facts, parent: _Facts) -> None:
    """Fill what the file name lacks from its folder's name."""
    if facts.source is None and parent.source is not None:
        facts.source = parent.source
        facts.bracketed_source = parent.bracketed_source
        facts.flags |= parent.flags
    if facts.resolution is None:
        facts.resolution = parent.resolution
    if facts.weak_resolution is None:
        facts.weak_resolution = parent.weak_resolution


def _is_disc(facts: _Facts) -> bool:
    """A Blu-ray / HD DVD disc image rather than an encode of one."""
    flags = facts.flags
    if facts.source != "bluray":
        return False
    if "german" in flags and flags & {"dual_language", "disc_codec"}:
        return False  # German DL/ML or German with the disc's own codec: a remux (below)
    if flags & {"disc", "complete", "disk"}:
        return True
    if "disc_codec" not in flags or "remux" in flags or "not_disc" in flags:
        return False
    if "encode" in flags or "720p" in flags:
        return False
    return not ("1080p" in flags and "hevc" in flags)


def _resolve(facts: _Facts) -> tuple[str | None, int | None, str | None]:
    """Source, resolution bucket and modifier from the raw facts, Radarr's way."""
    source, flags = facts.source, facts.flags
    resolution = facts.resolution or facts.weak_resolution
    if _is_disc(facts):
        return "bluray", 1080, "brdisk"
    # German scene: a Blu-ray named with the disc's own codec (AVC, VC-1 ...) is a remux.
    german_remux = (
        source == "bluray"
        and "german" in flags
        and "disc_codec" in flags
        and "bluray_word" in flags
    )
    if ("remux" in flags and source in (None, "bluray", "bdrip")) or german_remux:
        return "bluray", resolution or 1080, "remux" if (resolution or 1080) >= 1080 else None
    if source == "dvd" and "dvd_remux" in flags:
        return "dvd", 480, "remux"
    if "rawhd" in flags or ("mpeg2" in flags and source == "hdtv"):
        return "tv", 1080, "rawhd"
    if source in ("bluray", "bdrip"):
        if flags & SD_CODECS:
            return "bluray", 480, None  # an XviD / DivX encode of a Blu-ray is SD
        return "bluray", resolution or (720 if source == "bluray" else 480), None
    if source == "webdl":
        return source, resolution or (720 if facts.bracketed_source else 480), None
    if source == "webrip":
        return source, resolution or 480, None
    if source == "hdtv":
        return "tv", resolution or (720 if facts.bracketed_source else 480), None
    if source == "hdtv_spaced":
        return "tv", resolution or 720, None
    if source in ("tv", "sdtv_spaced"):
        return "tv", resolution or (720 if "hrws" in flags else 480), None
    if source == "dvd":
        return "dvd", 480, None
    if source == "scr":
        return "dvd", 480, "screener"
    if source == "regional":
        return "dvd", 480, "regional"
    if source in ("ts", "tc", "cam", "wp"):
        names = {"ts": "telesync", "tc": "telecine", "cam": "cam", "wp": "workprint"}
        return names[source], resolution, None
    return None, resolution, None


def quality_for(source: str | None, resolution: int | None, modifier: str | None) -> int:
    """Radarr's quality id for a source / resolution / modifier triple (0 = Unknown)."""
    if modifier in _MODIFIER_IDS:
        return _MODIFIER_IDS[modifier]
    if modifier == "remux":
        remux = 23 if source == "dvd" else _REMUX_IDS.get(resolution or 0)
        if remux:
            return remux
    if (source, 0) in _PLAIN_IDS:
        return _PLAIN_IDS[(source, 0)]  # CAM, TELESYNC, DVD ...: no resolution of their own
    # 576p exists only for Blu-ray; other SD resolutions share the 480p quality.
    return _PLAIN_IDS.get((source, resolution or 480), _PLAIN_IDS.get((source, 480), 0))


def _fallback(
    file_name: str, resolution: int | None, facts: _Facts, result: QualityParse
) -> tuple[str | None, int | None]:
    """Source (and resolution) when the name names no source, Radarr's order."""
    implied = extension_quality(file_name)
    if resolution is not None:
        # A resolution alone: the container's source when it has one, else HDTV.
        if implied and implied[0]:
            result.source_detection = "extension"
            return implied[0], resolution
        return "tv", resolution
    if "x264" in facts.flags:
        return "tv", 480  # an x264 encode with nothing else is filed as SDTV
    if implied is not None:
        result.source_detection = result.resolution_detection = "extension"
        return implied
    return None, None


def parse_quality(name: str) -> QualityParse:
    """Parse the quality facts of a release title, a file name or a path to a file.

    Never raises. For a path the file name decides and its nearest folders fill in what
    it lacks; a name that says nothing falls back on its media extension (`.mkv`).
    """
    result = QualityParse()
    if not isinstance(name, str) or not name.strip():
        return result
    name = name.strip()
    is_path = _ABSOLUTE_PATH.match(name) is not None or "\\" in name
    parts = [part for part in _PATH_SPLIT.split(name) if part.strip()] if is_path else [name]
    if not parts:
        return result
    _stem, extension = split_extension(parts[-1])
    tokens = tokenize(parts[-1])
    stem_tokens = tokens[:-1] if extension else tokens
    facts = _scan(stem_tokens)
    if extension in ENCODE_CONTAINERS:
        facts.flags.add("encode")  # a Matroska / MP4 file is an encode, never a disc image
    revision_tokens = stem_tokens
    for parent in reversed(parts[-3:-1]):
        parent_tokens = tokenize(parent)
        revision_tokens = parent_tokens + revision_tokens
        if facts.source is None or facts.resolution is None:
            _merge(facts, _scan(parent_tokens))
    read_revision(revision_tokens, result)
    source, resolution, modifier = _resolve(facts)
    if source is not None:
        result.source_detection = "name"
    if facts.resolution is not None or facts.weak_resolution is not None:
        result.resolution_detection = "name"
    if source is None:
        source, resolution = _fallback(parts[-1], resolution, facts, result)
    if resolution == 576 and source not in ("bluray", "telesync"):
        resolution = 480  # 576p is a Blu-ray quality only; other sources file it as 480p
    result.source, result.resolution, result.modifier = source, resolution, modifier
    result.quality_id = quality_for(source, resolution, modifier)
    return result
