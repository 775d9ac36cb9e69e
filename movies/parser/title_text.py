"""How the title cut from a release name is written back the way people write it."""

from __future__ import annotations

import re

_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_DOTTED = re.compile(r"[^\W_]\.[^\W_]|_")  # scene style: dots or underscores join words
_ACRONYM_END = re.compile(r"\b(?:[A-Za-z]\.){2,}$")
_AKA_DOTTED = re.compile(r"(?<![A-Za-z])a\.k\.a\.?(?![A-Za-z])", re.IGNORECASE)
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "jr", "sr", "st", "vs"})


def clean_title_text(raw: str) -> str:
    """The title as people write it.

    A name without spaces is scene style: dots and underscores separate words, single
    letters between dots are initials (`U.N.C.L.E.`, `V.H.S. 2`, `L.A. Confidential`)
    and `Dr.` keeps its dot, as Radarr writes them. In a name written with spaces
    (`Mr. & Mrs. Smith (2005)`) dots are punctuation and stay, but for a dangling one.
    """
    raw = _AKA_DOTTED.sub("AKA", raw).strip(" -")
    if " " not in raw:
        return _initials(raw.replace("_", " ")).rstrip(" -([{")
    if not _DOTTED.search(_ACRONYM.sub("", raw)):
        raw = raw.replace("_", " ").strip(" -").rstrip(" -([{")
        return raw if _ACRONYM_END.search(raw) else raw.rstrip(" .")
    out: list[str] = []
    pos = 0
    for match in _ACRONYM.finditer(raw):
        out.append(_spaces(raw[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
        if pos < len(raw) and raw[pos].isalnum():
            out.append(" ")
    out.append(_spaces(raw[pos:]))
    return "".join(out).strip(" -").rstrip(" -([{")


def _initials(raw: str) -> str:
    """`V.H.S.2` → `V.H.S. 2`, `A.I.Artificial` → `A.I. Artificial`, `Das.A.Team` → `Das A Team`."""
    parts = [p for p in raw.split(".") if p]
    out: list[str] = []
    initial = False  # the previous part was an initial
    for n, part in enumerate(parts):
        nxt = parts[n + 1] if n + 1 < len(parts) else ""
        low = part.lower()
        if len(part) == 1 and part.isalpha() and low != "a":
            # Initials come in runs (`R.I.P.D.`, `L.A.`): a lone letter between words is a
            # word itself (`La.Vita.e.Bella`, `Plan.B.Movie`).
            keep = initial or (len(nxt) == 1 and nxt.isalpha())
        else:
            keep = (low == "a" and (initial or len(nxt) == 1)) or low == "dr"
        if keep:
            out.append(part + ".")
        else:
            out.append((" " if initial else "") + part + " ")
        initial = keep
    return "".join(out).strip()


def _spaces(text: str) -> str:
    chars = list(text)
    for i, char in enumerate(chars):
        if char == "_":
            chars[i] = " "
        elif char == ".":
            head = text[max(0, i - 3) : i].split(" ")[-1].split(".")[-1].lower()
            keep = head in _ABBREVIATIONS and i + 1 < len(text) and text[i + 1].isalpha()
            chars[i] = ". " if keep else " "
    return "".join(chars)
