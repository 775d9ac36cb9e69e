"""Compile the regular expressions of custom format conditions and search with a time limit.

Radarr runs .NET regexes and users paste them from guides, so we compile with the
`regex` package rather than `re`: it reads the .NET spellings the guides use (`\\p{..}`
classes, variable-width lookbehind, `(?<name>...)`, `(?i)` anywhere, atomic groups) and,
above all, its searches take a timeout. No static check can tell every pattern that
backtracks catastrophically (`(a|a)+$`, `(.*a){20}$`) from a useful one, so instead each
search is stopped after SEARCH_TIMEOUT seconds and the condition counts as not matching
(movies.formats.specs). We always ignore case, as Radarr does.
"""

from __future__ import annotations

from functools import partial

import regex

MAX_PATTERN = 2000
# Per search: a sane pattern over a release title takes microseconds; this only bounds
# what a hostile pattern or name can cost (a search of 1,000 releases stays under a minute
# even if one format's regex times out on every one of them).
SEARCH_TIMEOUT = 0.05

# regex spells a named backreference \g<name> or (?P=name); .NET writes \k<name>.
_DOTNET_BACKREF = regex.compile(r"\\k<([A-Za-z_]\w*)>")


class PatternError(ValueError):
    """A pattern we refuse, with a sentence saying why."""


class TimedPattern:
    """A compiled regex whose `search(subject)` always carries the timeout, so no caller
    can forget it; it raises TimeoutError when the time runs out."""

    __slots__ = ("compiled", "search")

    def __init__(self, compiled: regex.Pattern) -> None:
        self.compiled = compiled
        # A partial, not a method: this runs for every condition of every release.
        self.search = partial(compiled.search, timeout=SEARCH_TIMEOUT)


def compile_pattern(pattern: str) -> TimedPattern:
    """The compiled, case-insensitive form of a condition's regex; PatternError if refused."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("The regular expression is empty.")
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"The regular expression is longer than {MAX_PATTERN} characters.")
    translated = _DOTNET_BACKREF.sub(r"(?P=\1)", pattern)
    try:
        compiled = regex.compile(translated, regex.IGNORECASE)
    except (regex.error, ValueError, OverflowError) as exc:
        # Quoted as typed: repr() would double every backslash of the pattern.
        raise PatternError(f"Invalid regular expression \u201c{pattern}\u201d: {exc}.") from None
    return TimedPattern(compiled)


# Subjects on which backtracking patterns blow up: long runs of one character class with
# a spoiler at the end (`(a|a)+$`, `(\w+)+$`, `(.*,){20}x`), and a long realistic name.
_REAL_TITLE = "The.Lord.of.the.Rings.The.Return.of.the.King.2003.EXTENDED.2160p.UHD.BluRay"
ADVERSARIAL_SUBJECTS: tuple[str, ...] = (
    "a" * 100,
    "a" * 100 + "!",
    "1" * 100 + "!",
    "," * 100 + "x",
    "." * 100 + "x",
    " " * 100 + "x",
    "-" * 100 + "x",
    "_" * 100 + "x",
    (_REAL_TITLE + ".") * 4 + "REMUX.HDR.DV.HEVC.TrueHD.Atmos.7.1-GROUP",
)
TOO_SLOW = "This pattern takes too long to match; simplify it."


def check_speed(timed: TimedPattern) -> None:
    """PatternError when the pattern runs out of time on one of ADVERSARIAL_SUBJECTS.

    Run when a pattern is saved (editor, import, admin), not at every compile: a sane
    pattern costs microseconds here, a catastrophic one at most SEARCH_TIMEOUT per subject."""
    for subject in ADVERSARIAL_SUBJECTS:
        try:
            timed.search(subject)
        except TimeoutError:
            raise PatternError(TOO_SLOW) from None
