"""The scenegroups app's public face: the verdicts the decision engine asks for.

(The analysis, scoring and export functions are added here by the modules that own them.)
"""

from __future__ import annotations

from collections.abc import Callable

from scenegroups.models import SceneGroup, group_key
from scenegroups.verdict import Verdict


def verdict_lookup() -> Callable[[str], Verdict | None]:
    """A lookup of every scored group's verdict by name (any case), read in one query;
    None for a group we know nothing about."""
    found = {
        key: Verdict(name, score, tier, confidence)
        for key, name, score, tier, confidence in SceneGroup.objects.filter(
            score__isnull=False
        ).values_list("key", "name", "score", "tier", "confidence")
    }

    def lookup(name: str) -> Verdict | None:
        return found.get(group_key(name)) if name else None

    return lookup


__all__ = ["Verdict", "group_key", "verdict_lookup"]
