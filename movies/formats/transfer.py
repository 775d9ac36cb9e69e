"""Custom formats in and out as Radarr's JSON, so guide formats paste straight in.

Import accepts one format or a list, with each condition's `fields` either as the guides
write them (`{"value": ...}`) or as Radarr's API serves them (`[{"name": "value",
"value": ...}]`). Everything in a paste is checked before anything is saved: one bad
format or condition and nothing is stored. A format whose name exists is updated (its
conditions replaced, its profile scores kept), so re-pasting a newer guide version works.
Export writes the guide shape, which import reads back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from movies.formats.matcher import compile_conditions
from movies.formats.specs import SPECIFICATIONS, build_checked
from movies.models import CustomFormat

MAX_IMPORT_CHARS = 2_000_000


def _fields_dict(fields: Any) -> dict[str, Any]:
    """Radarr's API list of {"name", "value"} or the guides' object → an object."""
    if fields is None:
        return {}
    if isinstance(fields, Mapping):
        return dict(fields)
    if isinstance(fields, list):
        out = {}
        for item in fields:
            if not isinstance(item, Mapping) or "name" not in item:
                raise ValueError("fields must be an object or a list of {name, value}.")
            out[str(item["name"])] = item.get("value")
        return out
    raise ValueError("fields must be an object or a list of {name, value}.")


def normalize_specification(raw: Any, number: int) -> dict[str, Any]:
    """One condition in the stored guide shape; ValueError naming what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"condition {number} is not an object.")
    name = str(raw.get("name") or "").strip() or f"Condition {number}"
    implementation = raw.get("implementation")
    if implementation not in SPECIFICATIONS:
        supported = ", ".join(SPECIFICATIONS)
        raise ValueError(
            f"condition {name!r} uses the unsupported type {implementation!r} "
            f"(supported: {supported})."
        )
    try:
        spec = build_checked(implementation, _fields_dict(raw.get("fields")))
    except ValueError as exc:
        raise ValueError(f"condition {name!r}: {exc}") from None
    return {
        "name": name,
        "implementation": implementation,
        "negate": bool(raw.get("negate", False)),
        "required": bool(raw.get("required", False)),
        "fields": spec.normalized_fields(),
    }


def normalize_specifications(raw: Any) -> list[dict[str, Any]]:
    """A whole condition list in the stored shape; ValueError on the first problem."""
    if not isinstance(raw, list):
        raise ValueError("specifications must be a list.")
    if not raw:
        raise ValueError("a custom format needs at least one condition.")
    return [normalize_specification(item, n) for n, item in enumerate(raw, start=1)]


def _parse(text: str) -> list[Any]:
    if len(text) > MAX_IMPORT_CHARS:
        raise ValidationError("The pasted text is too long (over 2 MB).")
    text = text.lstrip("\ufeff")  # a byte-order mark from a saved file
    if not text.strip():
        raise ValidationError("Paste the JSON of one custom format or a list of them.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise ValidationError("The list is empty: there is no custom format to import.")
    return items


def _checked(items: list[Any]) -> list[tuple[str, bool, list[dict[str, Any]]]]:
    problems: list[str] = []
    checked = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.append(f"Item {number} is not a custom format object.")
            continue
        name = str(item.get("name") or "").strip()
        if not name:
            problems.append(f"Custom format {number} has no name.")
            continue
        if len(name) > 100:
            problems.append(f"Custom format {name[:40]!r}…: the name is over 100 characters.")
            continue
        if name.lower() in seen:
            problems.append(f"Custom format {name!r} appears twice in the paste.")
            continue
        seen.add(name.lower())
        try:
            specifications = normalize_specifications(item.get("specifications"))
        except ValueError as exc:
            problems.append(f"Custom format {name!r}: {exc}")
            continue
        renaming = bool(item.get("includeCustomFormatWhenRenaming", False))
        checked.append((name, renaming, specifications))
    if problems:
        raise ValidationError(problems)
    return checked


def import_formats(text: str) -> list[CustomFormat]:
    """Create or update the formats in pasted Radarr JSON; all or nothing.

    Raises ValidationError whose messages each name the format (and condition) at fault.
    """
    checked = _checked(_parse(text))
    saved = []
    with transaction.atomic():
        existing = {cf.name.lower(): cf for cf in CustomFormat.objects.select_for_update()}
        for name, renaming, specifications in checked:
            custom_format = existing.get(name.lower()) or CustomFormat()
            custom_format.name = name
            custom_format.include_when_renaming = renaming
            custom_format.specifications = specifications
            custom_format.save()
            saved.append(custom_format)
    return saved


def format_data(custom_format: CustomFormat) -> dict[str, Any]:
    """One format in the guide shape (what Radarr's import box accepts)."""
    return {
        "name": custom_format.name,
        "includeCustomFormatWhenRenaming": custom_format.include_when_renaming,
        "specifications": [
            {
                "name": spec.get("name", ""),
                "implementation": spec.get("implementation"),
                "negate": bool(spec.get("negate")),
                "required": bool(spec.get("required")),
                "fields": _fields_dict(spec.get("fields")),
            }
            for spec in custom_format.specifications or []
        ],
    }


def export_format(custom_format: CustomFormat) -> str:
    """One format as pretty JSON, ready to paste into Radarr or share."""
    return json.dumps(format_data(custom_format), indent=2, ensure_ascii=False)


def export_formats(formats: Iterable[CustomFormat]) -> str:
    """Formats as a pretty JSON list (import reads it back to the same formats)."""
    return json.dumps([format_data(cf) for cf in formats], indent=2, ensure_ascii=False)


def summarize(custom_format: CustomFormat) -> list[str]:
    """Readable one-liners of a format's conditions ('Release title /x265/ (required)')."""
    lines = []
    for spec in custom_format.specifications or []:
        try:
            condition = compile_conditions([spec])[0]
            text = f"{condition.spec.label}: {'not ' if condition.negate else ''}"
            text += condition.spec.describe()
        except ValueError as exc:
            lines.append(f"Invalid: {exc}")
            continue
        if condition.required:
            text += " (required)"
        lines.append(text)
    return lines
