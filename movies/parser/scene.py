"""Scene naming: is a name a scene release name, and the clean scene name of a file name."""

from __future__ import annotations

from collections.abc import Callable

from movies.parser.title import EXTENSION
from movies.parser.types import ParsedRelease

# Full-width brackets some indexers put around tags: `【720p】`.
_BRACKETS = str.maketrans({"\u3010": "[", "\u3011": "]", "\uff3b": "[", "\uff3d": "]"})


def is_scene_name(name: str, parse: Callable[[str], ParsedRelease]) -> bool:
    """Dots instead of spaces, and a title, a known quality and a group all parse."""
    if " " in name or "." not in name:
        return False
    parsed = parse(name)
    return (
        bool(parsed.title) and parsed.release_group is not None and parsed.quality.quality_id != 0
    )


def clean_scene_name(name: str) -> str:
    """The name without its file extension and with full-width brackets made plain."""
    name = name.strip().translate(_BRACKETS)
    match = EXTENSION.search(name)
    return name[: match.start()] if match else name
