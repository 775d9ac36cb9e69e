"""How rejections word numbers: sizes, counts and qualities, so every sentence reads alike;
and each rule's short label for reports that count rejections by rule."""

from __future__ import annotations

from indexers.decisions.context import quality_name

MIB = 1024 * 1024  # Radarr's "MB" in quality definitions and size limits is a mebibyte
GIB = 1024 * MIB


def size_text(size: float) -> str:
    """Bytes as '412.5 MB' or '1.2 GB' (binary units, as Radarr shows them)."""
    if size >= GIB:
        return f"{size / GIB:,.1f} GB"
    return f"{size / MIB:,.1f} MB"


def count_text(count: int, singular: str, plural: str | None = None) -> str:
    """'1 seeder', '2 seeders', '3,000 days'."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {word}"


def quality_text(quality_id: int, version: int = 1, real: int = 0) -> str:
    """'WEBDL-1080p', with ' v2' for a proper or repack and ' REAL' when it carries one."""
    text = quality_name(quality_id)
    if version > 1:
        text += f" v{version}"
    if real:
        text += " REAL" if real == 1 else f" REAL x{real}"
    return text


def rule_label(name: str) -> str:
    """The human label of the rule named `name` ("minimum_seeders" → "Too few seeders");
    a name no rule has (an older report's) reads as its words."""
    from indexers.decisions.specs import RULES  # the rules import this module

    for rule in RULES:
        if rule.name == name:
            return rule.label or name.replace("_", " ").capitalize()
    return name.replace("_", " ").capitalize()
