"""The group page's chart: each score component as a horizontal bar, drawn as inline SVG.

A pure function from data to an SVG string, so the page needs no JavaScript and the chart
is tested without a database. Every text that reaches the SVG (the group's name, the
component names) is escaped here: the result is marked safe for the template.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DASH = "\N{EN DASH}"  # shown for a missing value
WIDTH = 520
LABEL_WIDTH = 190  # the component name and its weight, right-aligned before the bar
BAR_WIDTH = 250  # 100 on the 0-100 scale
ROW_HEIGHT = 24
BAR_HEIGHT = 14
TOP = 6


def component_label(key: str) -> str:
    """A component key as words ("seeder_health" → "Seeder health")."""
    words = str(key).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def weight_percents(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights as percents, whether given as fractions (0.25) or percents (25)."""
    values = [float(w) for w in weights.values() if w is not None]
    scale = 100.0 if values and sum(values) <= 1.0 + 1e-9 else 1.0
    return {key: float(w) * scale for key, w in weights.items() if w is not None}


def ordered_components(
    components: Mapping[str, float | None], weights: Mapping[str, float]
) -> list[tuple[str, float | None, float | None]]:
    """(key, value 0-100 or None, weight % or None): the weighted components first, the
    heaviest on top (the order the issue lists them), then any others as stored."""
    percents = weight_percents(weights)
    keys = sorted(percents, key=lambda k: -percents[k])
    keys += [key for key in components if key not in percents]
    rows = []
    for key in keys:
        value = components.get(key)
        try:
            value = None if value is None else min(100.0, max(0.0, float(value)))
        except (TypeError, ValueError):
            value = None  # a malformed stored value is shown as missing, never drawn
        rows.append((key, value, percents.get(key)))
    return rows


def _percent(weight: float | None) -> str:
    if weight is None:
        return DASH
    return f"{weight:.0f}%" if weight == round(weight) else f"{weight:.1f}%"


def components_chart(
    name: str,
    components: Mapping[str, float | None],
    weights: Mapping[str, float],
    labels: Mapping[str, str] | None = None,
) -> SafeString:
    """The SVG of `name`'s components: one labelled bar per component (value 0-100 and
    its weight in the score), or an empty string when there is nothing to draw.
    `labels` names the components (default: the key in words)."""
    rows = ordered_components(components, weights)
    if not rows:
        return mark_safe("")
    height = TOP * 2 + ROW_HEIGHT * len(rows)
    title = escape(f"Score components of {name}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="component-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-label="{title}">',
        f"<title>{title}</title>",
    ]
    for index, (key, value, weight) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 3
        words = (labels or {}).get(key) or component_label(key)
        label = escape(f"{words} ({_percent(weight)})")
        bar = 0.0 if value is None else BAR_WIDTH * value / 100
        shown = DASH if value is None else f"{value:.0f}"
        parts += [
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end">'
            f"{label}</text>",
            f'<rect class="track" x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" '
            f'height="{BAR_HEIGHT}" rx="2"/>',
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{bar:.1f}" '
            f'height="{BAR_HEIGHT}" rx="2"><title>{label}: {shown}</title></rect>',
            f'<text class="value" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{text_y}">{shown}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))
