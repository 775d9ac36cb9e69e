"""Revision part of a release name: PROPER / REPACK / RERIP, anime versions and REAL.

Radarr keeps these apart from the quality itself (its `Revision`): a second release of
the same quality with a higher version replaces the first. Read from the whole name,
folders included, because a repack is often marked only on its folder.
"""

from __future__ import annotations

import re

from movies.parser.tokens import Token
from movies.parser.types import QualityParse

# A number counts after REPACK / RERIP only: Radarr reads "PROPER2" as no PROPER at all.
_REVISION = re.compile(r"(proper)|(repack|rerip)(\d?)")
_SEPARATORS = "-._ "


def _anime_version(tokens: tuple[Token, ...], index: int) -> int | None:
    """An anime version tag, Radarr's way: right after an episode number (`01v2`, `01 v2`,
    `01.v2`) and followed by a separator, or alone in brackets (`[v2]`)."""
    token = tokens[index]
    low = token.low
    followed = token.after in _SEPARATORS and token.after != ""
    if len(low) >= 3 and low[-2] == "v" and low[-1].isdigit() and low[-3].isdigit():
        return int(low[-1]) if followed else None
    if len(low) != 2 or low[0] != "v" or not low[1].isdigit():
        return None
    if token.before == "[" and token.after == "]":
        return int(low[1])
    previous = tokens[index - 1] if index else None
    if (
        previous is not None
        and previous.low[-1:].isdigit()
        and token.start - previous.end == 1
        and token.before in _SEPARATORS
        and followed
    ):
        return int(low[1])
    return None


def read_revision(tokens: tuple[Token, ...], result: QualityParse) -> None:
    """Set `version`, `repack` and `real` of `result` from the tokens of a name.

    Radarr's arithmetic: the first version number in the name (anime `v2`, `REPACK2`)
    is the base; a PROPER or REPACK adds one to it (a plain PROPER is version 2).
    """
    base: int | None = None
    revised = False
    for index, token in enumerate(tokens):
        if token.text == "REAL":
            result.real += 1  # only in capitals: "Real Steel" is a title
        match = _REVISION.fullmatch(token.low)
        if match:
            revised = True
            if match.group(2):
                result.repack = True
                if match.group(3) and base is None:
                    base = int(match.group(3))
            continue
        anime = _anime_version(tokens, index)
        if anime is not None and base is None:
            base = anime
    if revised:
        result.version = (base or 1) + 1
    else:
        result.version = base or 1
