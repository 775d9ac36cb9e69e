"""What an indexer's settings must satisfy, whichever form (settings page, admin) saves them.

Indexer.clean() calls `setting_problems`; the settings form and the admin's ModelForm
both reach it through model validation, so neither can store what a client cannot use
(a feed URL with ?apikey=, a Jackett id that is not a slug, an HDBits codec it lacks).
Messages are keyed by the model field they belong to; per-kind options under "options".
"""

from __future__ import annotations

import re
from typing import Any

from indexers.clients import KINDS

# HDBits' codec and medium ids (its API reference): the settings form offers these.
HDBITS_CODECS = [(1, "H.264"), (2, "MPEG-2"), (3, "VC-1"), (4, "XviD"), (5, "HEVC")]
HDBITS_MEDIUMS = [(1, "Blu-ray/HD DVD"), (3, "Encode"), (4, "Capture"), (5, "Remux"), (6, "WEB-DL")]
# Kinds that cannot work without a key (HDBits: the passkey).
KEY_REQUIRED = {"jackett", "prowlarr", "hdbits"}
JACKETT_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_REQUESTS_PER_MINUTE = 600
_ADDRESS = re.compile(r"^https?://[^/\s]+")


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def option_problems(kind: str, options: Any) -> list[str]:
    """What is wrong with a kind's `options` JSON (keys other kinds use are left alone)."""
    if not isinstance(options, dict):
        return ["Options must be a JSON object, like {}."]
    problems = []
    if kind == "jackett" and "indexer" in options:
        slug = options["indexer"]
        if not isinstance(slug, str) or not JACKETT_SLUG.match(slug):
            problems.append("Use the indexer's id as Jackett shows it, or “all”.")
    if kind == "prowlarr" and "indexer_ids" in options:
        ids = options["indexer_ids"]
        if not isinstance(ids, list) or not all(_is_whole(i) for i in ids):
            problems.append("Prowlarr indexer ids are a list of positive whole numbers.")
    if kind == "hdbits":
        for key, what, known in (
            ("codecs", "codec", HDBITS_CODECS),
            ("mediums", "medium", HDBITS_MEDIUMS),
        ):
            ids = options.get(key, [])
            allowed = {number for number, _ in known}
            if not isinstance(ids, list) or not all(_is_whole(i) and i in allowed for i in ids):
                problems.append(
                    f"HDBits {what}s are a list of its {what} ids "
                    f"({', '.join(str(n) for n in sorted(allowed))})."
                )
    return problems


def setting_problems(
    *,
    kind: str,
    base_url: str,
    api_path: str,
    api_key: str,
    username: str,
    priority: int | None,
    seed_ratio: float | None,
    requests_per_minute: int | None,
    options: Any,
) -> dict[str, list[str]]:
    """Every problem of an indexer's settings: field name → messages (empty when fine)."""
    found: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        found.setdefault(field, []).append(message)

    url = (base_url or "").strip()
    if not _ADDRESS.match(url):
        add("base_url", "Give the full address, starting http:// or https://.")
    elif "?" in url or "#" in url:
        # A pasted feed URL carries ?apikey=…: the key belongs in its write-only field.
        add("base_url", "Give the address without ?… (put the API key in its own field).")
    path = api_path or "/api"
    if not path.startswith("/") or re.search(r"[\s?#]", path):
        add("api_path", "Give a path starting with /, such as /api.")
    if priority is None or not 1 <= priority <= 50:
        add("priority", "Priority runs from 1 (most preferred) to 50.")
    if seed_ratio is not None and seed_ratio < 0:
        add("seed_ratio", "The seed ratio cannot be negative.")
    if requests_per_minute is None or not 0 <= requests_per_minute <= MAX_REQUESTS_PER_MINUTE:
        add("requests_per_minute", f"Use 0 (no limit) to {MAX_REQUESTS_PER_MINUTE}.")
    if kind in KEY_REQUIRED and not api_key:
        what = "passkey" if kind == "hdbits" else "API key"
        add("api_key", f"{KINDS[kind][0]} needs its {what}.")
    if kind == "hdbits" and not (username or "").strip():
        add("username", "HDBits needs your user name.")
    for problem in option_problems(kind, options):
        add("options", problem)
    return found
