"""Compile the regular expressions of custom format conditions, once and defensively.

Radarr runs .NET regexes; users paste them from guides. We accept .NET's named-group
spelling (`(?<name>...)`, `\\k<name>`) and `(?i)` anywhere, always ignore case as Radarr
does, and refuse patterns that could backtrack catastrophically, since Python's `re` has
no timeout:

- a pattern longer than MAX_PATTERN characters;
- a variable repetition of more than one step nested inside an unbounded one, such as
  `(a+)+`, `(\\w*\\s?)*` or `(a{1,3})+` (the classic exponential shapes); `(ab?)+`
  and atomic groups `(?>a+)+` are fine.

Subjects are cut to MAX_SUBJECT characters before matching (movies.formats.specs);
release titles are far shorter, so this only limits what a hostile name can cost.
"""

from __future__ import annotations

import re

try:  # the parser behind re.compile; private, so the nesting check is skipped without it
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Python versions
    _sre_parse = None
    MAXREPEAT = None

MAX_PATTERN = 2000
MAX_SUBJECT = 500

_INLINE_IGNORE_CASE = re.compile(r"\(\?i\)")
_DOTNET_GROUP = re.compile(r"\(\?<(?![=!])([A-Za-z_]\w*)>")
_DOTNET_BACKREF = re.compile(r"\\k<([A-Za-z_]\w*)>")
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


class PatternError(ValueError):
    """A pattern we refuse, with a sentence saying why."""


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The compiled, case-insensitive form of a condition's regex; PatternError if refused."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("The regular expression is empty.")
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"The regular expression is longer than {MAX_PATTERN} characters.")
    # (?i) is redundant (we always ignore case) and Python refuses it past the start.
    translated = _INLINE_IGNORE_CASE.sub("", pattern)
    translated = _DOTNET_BACKREF.sub(r"(?P=\1)", _DOTNET_GROUP.sub(r"(?P<\1>", translated))
    try:
        compiled = re.compile(translated, re.IGNORECASE)
    except re.error as exc:
        raise PatternError(f"Invalid regular expression {pattern!r}: {exc}.") from None
    if _sre_parse is not None and _nested_unbounded(_sre_parse.parse(translated, re.IGNORECASE)):
        raise PatternError(
            f"The regular expression {pattern!r} repeats a repetition without limit "
            "(as in (a+)+), which can take forever on some names; rewrite it without "
            "the nesting."
        )
    return compiled


def _nested_unbounded(parsed, inside_unbounded: bool = False) -> bool:
    for op, arg in parsed:
        name = str(op)
        if name in _REPEATS:
            low, high, body = arg
            unbounded = high == MAXREPEAT
            if inside_unbounded and high > 1 and high != low:
                return True
            if _nested_unbounded(body, inside_unbounded or unbounded):
                return True
        elif name == "SUBPATTERN":
            if _nested_unbounded(arg[-1], inside_unbounded):
                return True
        elif name == "BRANCH":
            if any(_nested_unbounded(branch, inside_unbounded) for branch in arg[1]):
                return True
        elif name in {"ASSERT", "ASSERT_NOT"}:
            if _nested_unbounded(arg[1], inside_unbounded):
                return True
        elif name == "ATOMIC_GROUP":
            # An atomic group never backtracks into itself: safe whatever it holds.
            continue
    return False
