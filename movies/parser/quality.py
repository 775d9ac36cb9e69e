"""Quality part of a release name: source, resolution bucket, modifier and revision."""

from __future__ import annotations

from movies.parser.types import QualityParse


def quality_for(source: str | None, resolution: int | None, modifier: str | None) -> int:
    """Radarr's quality id for a source / resolution / modifier triple (0 = Unknown)."""
    return 0


def parse_quality(name: str) -> QualityParse:
    """Parse the quality facts of a release title or file name (first version: stub)."""
    return QualityParse()
