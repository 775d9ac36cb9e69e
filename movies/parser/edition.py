"""Editions: the words of a release name that name a cut or an edition of the movie.

The vocabulary follows what Radarr recognises, written here as our own word tables. An
edition phrase is an optional lead word (Recut, Extended, Ultimate), a core word
(Director's, Theatrical, Extended ..., `25th Anniversary`, or a word such as Special or
Final that counts only before Cut / Edition / Version), an optional Cut / Edition /
Version, and an optional closing mark (Uncut, IMAX, Remastered, Fan Edit ...). A few
words are an edition alone (Remastered, Uncut, IMAX, Restored, Open Matte, 2in1 ...).
A bare `Edition` or `Cut` is not one (`The.Christmas.Edition.1941`).
"""

from __future__ import annotations

import re
from typing import Protocol


class _Word(Protocol):
    key: str
    start: int
    end: int


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEAD = _set("recut extended ultimate")
_CORE = _set("directors collectors theatrical ultimate extended despecialized")
# Core words only when Cut / Edition / Version follows: alone they are ordinary words
# (`Movie.Holiday.Special.1978`). Radarr spells one of them "Rouge"; both are kept.
# Deluxe, Definitive, Limited and Roadshow are ours: cuts people name, which Radarr's
# own list lacks.
_GATED = _set(
    "special rouge rogue final assembly imperial diamond signature hunter rekall "
    "deluxe definitive limited roadshow"
)
_TAIL = _set("cut edition version")
_CLOSING = _set("extended uncensored remastered unrated uncut imax fanedit openmatte")
# Criterion and Redux are ours too (the issue names Criterion as an edition).
_ALONE = _set(
    "uncensored remastered unrated uncut imax fanedit openmatte restored 2in1 3in1 4in1 "
    "criterion redux"
)
_NUMBER = re.compile(r"\d{2,3}(?:st|nd|rd|th)?", re.IGNORECASE)
# Two words that make one unit of the grammar.
_PAIRS = {("fan", "edit"): "fanedit", ("open", "matte"): "openmatte"}


def _unit(ws: list[_Word], i: int) -> tuple[str, int]:
    """The grammar unit starting at ws[i] and how many words it spans ("", 0 at the end)."""
    if i >= len(ws):
        return "", 0
    key = ws[i].key
    if i + 1 < len(ws) and ws[i + 1].start - ws[i].end <= 1:
        nxt = ws[i + 1].key
        if (key, nxt) in _PAIRS:
            return _PAIRS[key, nxt], 2
        if nxt == "anniversary" and _NUMBER.fullmatch(key):
            return "anniversary", 2
        if key == "criterion" and nxt == "collection":
            return "criterion", 2
    return key, 1


def _joined(ws: list[_Word], i: int) -> bool:
    """ws[i] follows ws[i - 1] with at most one separator character between them."""
    return 0 < i < len(ws) and ws[i].start - ws[i - 1].end <= 1


def _core(ws: list[_Word], i: int) -> int:
    """Words in the core unit at ws[i] (0 when none starts there)."""
    unit, size = _unit(ws, i)
    if unit in _CORE or unit == "anniversary":
        return size
    if unit in _GATED and _joined(ws, i + size) and _unit(ws, i + size)[0] in _TAIL:
        return size
    return 0


def _phrase(ws: list[_Word], i: int) -> int:
    """Words in the lead + core + tail + closing phrase at ws[i] (0 when none)."""
    lead, lead_size = _unit(ws, i)
    pos = 0
    if lead in _LEAD and _joined(ws, i + lead_size):
        core = _core(ws, i + lead_size)
        if core:
            pos = i + lead_size + core
    if not pos:
        core = _core(ws, i)
        if not core:
            return 0
        pos = i + core
    for table in (_TAIL, _CLOSING):
        unit, size = _unit(ws, pos)
        if unit in table and _joined(ws, pos):
            pos += size
    return pos - i


def edition_at(ws: list[_Word], i: int) -> int:
    """How many words from ws[i] make one edition phrase (0 when none starts there)."""
    size = _phrase(ws, i)
    if size:
        return size
    unit, size = _unit(ws, i)
    return size if unit in _ALONE else 0


def edition_text(text: str, ws: list[_Word], i: int, size: int) -> str:
    """The edition as written in `text`, dots read as spaces (`Extended.Cut` → `Extended Cut`)."""
    return text[ws[i].start : ws[i + size - 1].end].replace(".", " ").replace("_", " ")
