"""Which custom formats a release matches, and what they are worth to a profile.

Radarr's semantics: a format's conditions are grouped by kind (implementation). The
format matches when, in every group, no required condition fails and at least one
condition (required or not) matches; so a group whose required condition matched needs
no optional one. `negate` turns one condition's answer around before that. A format
without conditions matches nothing.

`FormatMatcher.from_db()` reads every format and every profile score in two queries and
compiles the regexes once; after that, matching is plain Python over plain data, so the
decision engine can score thousands of releases without touching the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from movies.formats.patterns import SEARCH_TIMEOUT
from movies.formats.specs import (
    IndexerFlagSpecification,
    LanguageSpecification,
    RegexSpecification,
    ReleaseFacts,
    SizeSpecification,
    Specification,
    build,
    release_facts,
)
from movies.parser.types import ParsedRelease

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MatchedFormat:
    """A custom format a release matched."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Condition:
    """One compiled condition of a format with its flags."""

    name: str
    spec: Specification
    negate: bool = False
    required: bool = False

    def matches(self, facts: ReleaseFacts) -> bool:
        return self.spec.matches(facts) != self.negate


class CompiledFormat:
    """A format ready to match: per kind, its required and its optional conditions.

    Kept as (test, negate) pairs of bound methods and walked with plain loops: this runs
    for every format of every release a search returns, so call overhead counts.
    """

    __slots__ = ("_groups", "groups", "id", "name", "timeouts")

    def __init__(
        self,
        format_id: int,
        name: str,
        groups: Sequence[tuple[Sequence[Condition], Sequence[Condition]]],
        timeouts: _TimeoutWarning | None = None,
    ) -> None:
        self.id = format_id
        self.name = name
        self.timeouts = timeouts
        self.groups = tuple((tuple(req), tuple(opt)) for req, opt in groups)
        self._groups = tuple(
            (
                tuple((c.spec.matches, c.negate) for c in req),
                tuple((c.spec.matches, c.negate) for c in opt),
            )
            for req, opt in self.groups
        )

    def matches(self, facts: ReleaseFacts) -> bool:
        if not self._groups:
            return False
        for required, optional in self._groups:
            for test, negate in required:
                if test(facts) == negate:  # with negate, a match is the failure
                    return False
            if required:
                continue  # every required one matched: the group holds
            for test, negate in optional:
                if test(facts) != negate:
                    break
            else:
                return False
        return True


def compile_conditions(specifications: Iterable[Mapping[str, Any]]) -> list[Condition]:
    """Conditions from the stored (guide-shaped) list; ValueError naming the bad condition."""
    conditions = []
    for number, raw in enumerate(specifications, start=1):
        if not isinstance(raw, Mapping):
            raise ValueError(f"Condition {number} is not an object.")
        name = str(raw.get("name") or f"condition {number}")
        try:
            spec = build(str(raw.get("implementation")), raw.get("fields") or {})
        except ValueError as exc:
            raise ValueError(f"Condition {name!r}: {exc}") from None
        conditions.append(Condition(name, spec, bool(raw.get("negate")), bool(raw.get("required"))))
    return conditions


class _TimeoutWarning:
    """Warns, once per compiled format, that one of its regexes ran out of time, and
    keeps every timed-out condition's name in `timed_out` for pages to show."""

    def __init__(self, format_name: str) -> None:
        self.format_name = format_name
        self.warned = False
        self.timed_out: list[str] = []

    def for_condition(self, condition_name: str) -> Callable[[RegexSpecification, str], None]:
        """The callback of one condition (so the page can name it)."""

        def on_timeout(spec: RegexSpecification, subject: str) -> None:
            self.timed_out.append(condition_name)
            self(spec, subject)

        return on_timeout

    def __call__(self, spec: RegexSpecification, subject: str) -> None:
        if self.warned:
            return
        self.warned = True
        log.warning(
            "Custom format %s: the regex %s took longer than %s s on %.80r; it counts as "
            "not matching (this is logged once). Simplify the regex.",
            self.format_name,
            spec.describe(),
            SEARCH_TIMEOUT,
            subject,
        )


def compile_format(format_id: int, name: str, specifications: Sequence[Any]) -> CompiledFormat:
    """A stored format compiled for matching; ValueError when a condition is invalid."""
    by_kind: dict[str, list[Condition]] = {}
    warn = _TimeoutWarning(name)
    for condition in compile_conditions(specifications):
        if isinstance(condition.spec, RegexSpecification):
            condition.spec.on_timeout = warn.for_condition(condition.name)
            condition.spec.timed_out_answer = condition.negate
        elif isinstance(condition.spec, LanguageSpecification):
            # Unknown original language: no match, with or without negate.
            condition.spec.unknown_answer = condition.negate
        by_kind.setdefault(condition.spec.implementation, []).append(condition)
    groups = tuple(
        (
            tuple(c for c in group if c.required),
            tuple(c for c in group if not c.required),
        )
        for group in by_kind.values()
    )
    return CompiledFormat(format_id, name, groups, warn)


class FormatMatcher:
    """Every custom format and every profile's scores, compiled for a batch of releases."""

    def __init__(
        self,
        formats: Sequence[CompiledFormat],
        scores: Mapping[int, Mapping[int, int]] | None = None,
    ) -> None:
        self.formats = tuple(formats)
        # profile id → {format id: score}
        self.scores = {profile: dict(by_format) for profile, by_format in (scores or {}).items()}
        self._kinds = frozenset(
            condition.spec.implementation
            for compiled in self.formats
            for group in compiled.groups
            for conditions in group
            for condition in conditions
        )

    @property
    def uses_original_language(self) -> bool:
        """Whether some format has a Language condition on the movie's original language."""
        return any(
            getattr(condition.spec, "needs_original_language", False)
            for compiled in self.formats
            for group in compiled.groups
            for conditions in group
            for condition in conditions
        )

    def take_timeouts(self) -> list[tuple[str, str]]:
        """(format name, condition name) of every regex that ran out of time since the
        last call, each once, in order; the record is cleared (call it per release)."""
        found: list[tuple[str, str]] = []
        for compiled in self.formats:
            if compiled.timeouts is None or not compiled.timeouts.timed_out:
                continue
            for condition_name in dict.fromkeys(compiled.timeouts.timed_out):
                found.append((compiled.name, condition_name))
            compiled.timeouts.timed_out.clear()
        return found

    @property
    def uses_size(self) -> bool:
        """Whether some format asks about the release's size (else size never changes a match)."""
        return SizeSpecification.implementation in self._kinds

    @property
    def uses_indexer_flags(self) -> bool:
        """Whether some format asks about the indexer's flags on the release."""
        return IndexerFlagSpecification.implementation in self._kinds

    @classmethod
    def from_db(cls) -> FormatMatcher:
        """Two queries: the formats, then the scores. A stored format that no longer
        compiles (edited by hand in the database) is skipped with a warning, never fatal."""
        from movies.models import CustomFormat, ProfileFormatScore

        formats = []
        for pk, name, specifications in CustomFormat.objects.values_list(
            "pk", "name", "specifications"
        ):
            try:
                formats.append(compile_format(pk, name, specifications or []))
            except ValueError as exc:
                log.warning("Custom format %s skipped: %s", name, exc)
        scores: dict[int, dict[int, int]] = {}
        for profile_id, format_id, score in ProfileFormatScore.objects.values_list(
            "profile_id", "custom_format_id", "score"
        ):
            scores.setdefault(profile_id, {})[format_id] = score
        return cls(formats, scores)

    def matching(
        self,
        parsed: ParsedRelease,
        size: int | None = None,
        indexer_flags: int = 0,
        original_language: str | None = None,
    ) -> list[MatchedFormat]:
        """The formats the release matches, in format-name order.

        `size` is in bytes; `original_language` is the movie's (Movie.original_language,
        an ISO 639-1 code such as "fr", or a parser name such as "french"): a release that
        names no language counts as being in it, and the Original condition compares
        with it (without it, Original matches no release).
        """
        facts = release_facts(parsed, size, indexer_flags, original_language)
        return [MatchedFormat(f.id, f.name) for f in self.formats if f.matches(facts)]

    def score(self, profile_id: int, matched: Iterable[MatchedFormat]) -> int:
        """The sum of the profile's scores for the matched formats (unscored formats: 0)."""
        by_format = self.scores.get(profile_id)
        if not by_format:
            return 0
        return sum(by_format.get(m.id, 0) for m in matched)
