"""Audio languages of a release name and the language of subtitle file names."""

from __future__ import annotations

from movies.parser.types import SubtitleInfo


def parse_languages(name: str, *, title_end: int | None = None) -> list[str]:
    """Languages a release title names, corpus names (first version: stub)."""
    return []


def parse_subtitle(file_name: str) -> SubtitleInfo:
    """Language, tags and track title of a subtitle file name (first version: stub)."""
    return SubtitleInfo()
