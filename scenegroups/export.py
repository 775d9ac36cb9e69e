"""The analysis exported: every group with its figures, components, score, tier,
confidence and our own history, as one JSON document or one CSV row per group.

Group names come from HDBits (untrusted): in the CSV a text cell that a spreadsheet
would read as a formula (=, +, -, @, tab, carriage return first) is prefixed with an
apostrophe.
"""

from __future__ import annotations

import csv
import io
import json

from django.db.models import F
from django.utils import timezone

from scenegroups.models import SceneGroup
from scenegroups.scoring import COMPONENTS, WEIGHTS

FIGURE_COLUMNS = (
    "internal",
    "seeders_median",
    "seeders_total",
    "leechers_total",
    "completed_median",
    "completed_total",
    "first_release",
    "newest_release",
)
HISTORY_COLUMNS = ("grabbed", "imported", "failed")
CSV_HEADER = (
    ["name", "key", "score", "tier", "confidence", "releases", "last_analyzed_at"]
    + [key for key, _, _ in COMPONENTS]
    + list(FIGURE_COLUMNS)
    + ["categories", "resolutions"]
    + list(HISTORY_COLUMNS)
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _groups():
    """Every group, best score first (unscored last), then by name."""
    return SceneGroup.objects.order_by(F("score").desc(nulls_last=True), "name", "key")


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def group_record(group: SceneGroup) -> dict:
    """One group as the JSON export writes it."""
    return {
        "name": group.name,
        "key": group.key,
        "score": group.score,
        "tier": group.tier,
        "confidence": group.confidence,
        "releases": group.releases,
        "last_analyzed_at": _when(group.last_analyzed_at),
        "components": group.components,
        "figures": group.figures,
        "history": group.history,
    }


def as_json() -> str:
    """The JSON document: when, the component weights, and every group."""
    document = {
        "exported_at": timezone.now().isoformat(),
        "weights": WEIGHTS,
        "groups": [group_record(group) for group in _groups()],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _counts(mapping: dict) -> str:
    """{"1080p": {"releases": 3}, ...} or {"1": 3, ...} as "1080p:3 2160p:1"."""
    parts = []
    for name, value in sorted(mapping.items()):
        n = value.get("releases", 0) if isinstance(value, dict) else value
        parts.append(f"{name or 'unknown'}:{n}")
    return " ".join(parts)


def csv_row(group: SceneGroup) -> list:
    """One group as a CSV row, in CSV_HEADER's order."""
    figures, history = group.figures or {}, group.history or {}
    row = [
        group.name,
        group.key,
        group.score,
        group.tier,
        group.confidence,
        group.releases,
        _when(group.last_analyzed_at),
    ]
    row += [(group.components or {}).get(key) for key, _, _ in COMPONENTS]
    row += [figures.get(name) for name in FIGURE_COLUMNS]
    row += [_counts(figures.get("categories", {})), _counts(figures.get("resolutions", {}))]
    row += [history.get(name, 0) for name in HISTORY_COLUMNS]
    return [_cell(value) for value in row]


def as_csv() -> str:
    """The CSV: a header, then one row per group."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for group in _groups():
        writer.writerow(csv_row(group))
    return out.getvalue()
