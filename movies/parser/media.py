"""Media facts of a release name: video codec, bit depth, audio, HDR formats and 3D."""

from __future__ import annotations

from movies.parser.types import MediaParse


def parse_media(name: str) -> MediaParse:
    """Parse codec, audio, HDR and 3D facts (first version: stub)."""
    return MediaParse()
