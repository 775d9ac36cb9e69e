"""Column sort links shared by the sortable tables (interactive search, Wanted pages)."""

from __future__ import annotations

from collections.abc import Mapping


def sort_links(sorts: Mapping[str, tuple], current: str, descending: bool) -> dict[str, dict]:
    """Per column of `sorts` (key → (label, …)): its label, its query string (clicking the
    sorted column flips the direction, any other sorts ascending) and the arrow to show."""
    links = {}
    for key, (label, *_rest) in sorts.items():
        flip = key == current and not descending
        arrow = ("▼" if descending else "▲") if key == current else ""
        links[key] = {
            "label": label,
            "query": f"sort={key}&dir={'desc' if flip else 'asc'}",
            "arrow": arrow,
        }
    return links
