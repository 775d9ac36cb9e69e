"""The facts a custom format condition looks at, worked out once per release.

The conditions themselves live in movies.formats.specs.
"""

from __future__ import annotations

from dataclasses import dataclass

from movies.formats import enums
from movies.parser.types import ParsedRelease


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """What conditions look at, worked out once per release from its parse."""

    title: str  # every text fact is "" when unknown
    release_group: str
    edition: str
    source: int  # Radarr's Source number
    resolution: int
    modifier: int  # Radarr's Modifier number
    languages: frozenset[str]  # parser names; {"unknown"} when nothing is known
    original_language: str | None  # the movie's, as a parser name
    indexer_flags: int
    size: int | None  # bytes
    year: int | None


def release_facts(
    parsed: ParsedRelease,
    size: int | None = None,
    indexer_flags: int = 0,
    original_language: str | None = None,
) -> ReleaseFacts:
    """The facts of one release. Source, resolution and modifier come from the mapped
    quality (as Radarr does: DVD-R counts as a BR-DISK modifier), else from the raw parse.

    Languages as Radarr aggregates them: a release naming no language is taken to be in
    the movie's original language (given as a parser name, "french", or an ISO 639-1 code,
    "fr", what TMDB stores), and the parser's "original" (German DL) becomes that language.
    Without the movie's language they stay unknown: no made-up "original" joins the set,
    so "not English" cannot match a release merely because nothing was named."""
    parse = parsed.quality
    quality = parse.quality
    if quality.id:
        source, resolution, modifier = quality.source, quality.resolution, quality.modifier
    else:
        source, resolution, modifier = parse.source, parse.resolution, parse.modifier
    original_language = enums.parser_language(original_language)
    languages = set(parsed.languages)
    if "original" in languages:
        languages.discard("original")
        if original_language:
            languages.add(original_language)
    if not languages:
        languages.add(original_language or "unknown")
    return ReleaseFacts(
        title=parsed.original or "",
        release_group=parsed.release_group or "",
        edition=parsed.edition or "",
        source=enums.SOURCE_IDS.get(source or "unknown", 0),
        resolution=resolution or 0,
        modifier=enums.MODIFIER_IDS.get(modifier or "none", 0),
        languages=frozenset(languages),
        original_language=original_language,
        indexer_flags=indexer_flags or 0,
        size=size,
        year=parsed.year,
    )
