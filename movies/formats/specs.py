"""One small class per kind of custom format condition (Radarr's "implementation").

A condition is built from its `fields` (the guide shape: `{"value": ...}` or
`{"min": .., "max": ..}`), validates them in its constructor (ValueError with a readable
sentence) and answers `matches(facts)` for one release. `negate` and `required` are not
the condition's business: the matcher applies them (movies.formats.matcher).
The facts they look at are worked out in movies.formats.facts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from movies.formats import enums
from movies.formats.facts import ReleaseFacts
from movies.formats.facts import release_facts as release_facts  # re-exported
from movies.formats.patterns import SEARCH_TIMEOUT, PatternError, check_speed, compile_pattern

log = logging.getLogger(__name__)

GB = 1024**3


class Specification:
    """Base of every condition kind: `implementation` is Radarr's name for it."""

    implementation: ClassVar[str]
    label: ClassVar[str]
    # Field names in the guide shape, in the order the editor shows them.
    field_names: ClassVar[tuple[str, ...]] = ("value",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def matches(self, facts: ReleaseFacts) -> bool:
        raise NotImplementedError

    def describe(self) -> str:
        """A short reading of the condition for lists ('1080p', '/x265/')."""
        return str(self.fields.get("value"))

    def normalized_fields(self) -> dict[str, Any]:
        """The fields as stored and exported (the guide shape, with clean types)."""
        return {"value": self.fields.get("value")}


def _int_value(fields: dict[str, Any], name: str = "value") -> int:
    value = fields.get(name)
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, not {value!r}.") from None


def _number(fields: dict[str, Any], name: str) -> float:
    value = fields.get(name, 0)
    if value in (None, ""):
        return 0.0
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}.") from None
    if number < 0:
        raise ValueError(f"{name} must not be negative.")
    return number


def _log_timeout(spec: RegexSpecification, subject: str) -> None:
    log.warning(
        "The regex %s took longer than %s s on %.80r and counts as not matching; simplify it.",
        spec.describe(),
        SEARCH_TIMEOUT,
        subject,
    )


class RegexSpecification(Specification):
    """Base of the conditions that search a text fact with a regex."""

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        try:
            self.pattern = compile_pattern(fields.get("value"))
        except PatternError as exc:
            raise ValueError(str(exc)) from None
        # Bound once: these run for every condition of every release.
        self._search = self.pattern.search
        # Told when a search runs out of time; the matcher replaces it with a warning
        # that names the format and is logged once per format.
        self.on_timeout: Callable[[RegexSpecification, str], None] = _log_timeout
        # The raw answer when out of time. The matcher sets it to the condition's negate,
        # so that after negate the condition does not match either way: a regex that
        # runs out of time never makes a format match.
        self.timed_out_answer = False

    def found_in(self, subject: str) -> bool:
        """Whether the regex occurs in the subject. An empty subject (no group, no
        edition) never matches, even ".*"; a search out of time gives timed_out_answer."""
        if not subject:
            return False
        try:
            return self._search(subject) is not None
        except TimeoutError:
            self.on_timeout(self, subject)
            return self.timed_out_answer

    def describe(self) -> str:
        return f"/{self.fields.get('value')}/"


class ReleaseTitleSpecification(RegexSpecification):
    """The release title matches a regex."""

    implementation = "ReleaseTitleSpecification"
    label = "Release title"

    def matches(self, facts: ReleaseFacts) -> bool:
        return self.found_in(facts.title)


class ReleaseGroupSpecification(RegexSpecification):
    """The release group matches a regex (no group, no match)."""

    implementation = "ReleaseGroupSpecification"
    label = "Release group"

    def matches(self, facts: ReleaseFacts) -> bool:
        return self.found_in(facts.release_group)


class EditionSpecification(RegexSpecification):
    """The edition (Director's Cut, IMAX ...) matches a regex (no edition, no match)."""

    implementation = "EditionSpecification"
    label = "Edition"

    def matches(self, facts: ReleaseFacts) -> bool:
        return self.found_in(facts.edition)


class _ChoiceSpecification(Specification):
    choices: ClassVar[dict[int, str]]
    # Radarr's display names where they differ from the parser's words ("WEBDL", "Remux").
    labels: ClassVar[dict[int, str]] = {}
    fact: ClassVar[str]

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self.value = _int_value(fields)
        if self.value not in self.choices:
            known = ", ".join(f"{k} ({v})" for k, v in self.choices.items())
            raise ValueError(f"{self.value} is not a known {self.label.lower()}; use {known}.")

    def matches(self, facts: ReleaseFacts) -> bool:
        return getattr(facts, self.fact) == self.value

    def describe(self) -> str:
        return self.labels.get(self.value) or self.choices[self.value]

    def normalized_fields(self) -> dict[str, Any]:
        return {"value": self.value}


class SourceSpecification(_ChoiceSpecification):
    """The quality's source is this one (Radarr's Source numbers)."""

    implementation = "SourceSpecification"
    label = "Source"
    choices = enums.SOURCES
    labels = enums.SOURCE_LABELS
    fact = "source"


class ResolutionSpecification(_ChoiceSpecification):
    """The quality's resolution is this one."""

    implementation = "ResolutionSpecification"
    label = "Resolution"
    choices = {r: f"{r}p" for r in enums.RESOLUTIONS}
    fact = "resolution"


class QualityModifierSpecification(_ChoiceSpecification):
    """The quality's modifier is this one (remux, BR-DISK ...; 0 = none)."""

    implementation = "QualityModifierSpecification"
    label = "Quality modifier"
    choices = enums.MODIFIERS
    labels = enums.MODIFIER_LABELS
    fact = "modifier"


class LanguageSpecification(Specification):
    """The release is in this language (or, with exceptLanguage, in some other one).

    As in Radarr, value -2 (Original) stands for the movie's original language and is
    compared as that language. Without a movie that language is unknown and the condition
    cannot be judged: it then answers `unknown_answer`, which the matcher sets to the
    condition's negate so that it does not match either way ("not Original" must not
    match every release just because no movie was given)."""

    implementation = "LanguageSpecification"
    label = "Language"
    field_names = ("value", "exceptLanguage")

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self.value = _int_value(fields)
        self.name = enums.language_name(self.value)
        self.except_language = bool(fields.get("exceptLanguage", False))
        self.unknown_answer = False

    @property
    def needs_original_language(self) -> bool:
        """Whether the condition compares with the movie's original language."""
        return self.value == enums.ORIGINAL_LANGUAGE

    def matches(self, facts: ReleaseFacts) -> bool:
        compared = self.name
        if self.value == enums.ORIGINAL_LANGUAGE:
            if not facts.original_language:
                return self.unknown_answer
            compared = facts.original_language
        if self.except_language:
            return any(language != compared for language in facts.languages)
        return compared in facts.languages

    def describe(self) -> str:
        label = enums.language_label(self.value)
        return f"not only {label}" if self.except_language else label

    def normalized_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"value": self.value}
        if self.except_language:
            fields["exceptLanguage"] = True
        return fields


class IndexerFlagSpecification(Specification):
    """The indexer marked the release with this flag (freeleech, internal ...)."""

    implementation = "IndexerFlagSpecification"
    label = "Indexer flag"

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self.value = _int_value(fields)
        if self.value not in enums.INDEXER_FLAGS:
            known = ", ".join(f"{k} ({v})" for k, v in enums.INDEXER_FLAGS.items())
            raise ValueError(f"{self.value} is not a known indexer flag; use {known}.")

    def matches(self, facts: ReleaseFacts) -> bool:
        return facts.indexer_flags & self.value == self.value

    def describe(self) -> str:
        return enums.INDEXER_FLAGS[self.value]

    def normalized_fields(self) -> dict[str, Any]:
        return {"value": self.value}


class _RangeSpecification(Specification):
    field_names = ("min", "max")

    def normalized_fields(self) -> dict[str, Any]:
        return {"min": self.low, "max": self.high}


class SizeSpecification(_RangeSpecification):
    """The release size lies above min and up to max GB (Radarr's bounds; 0 max = none)."""

    implementation = "SizeSpecification"
    label = "Size"

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self.low = _number(fields, "min")
        self.high = _number(fields, "max")
        if self.high and self.high < self.low:
            raise ValueError("Max must not be below min.")
        self._low_bytes = self.low * GB
        self._high_bytes = self.high * GB if self.high else None

    def matches(self, facts: ReleaseFacts) -> bool:
        if facts.size is None:
            return False
        if facts.size <= self._low_bytes:
            return False
        return self._high_bytes is None or facts.size <= self._high_bytes

    def describe(self) -> str:
        return f"{self.low:g}-{self.high:g} GB" if self.high else f"over {self.low:g} GB"


class YearSpecification(_RangeSpecification):
    """The release year lies between min and max, both included (0 max = no upper bound)."""

    implementation = "YearSpecification"
    label = "Year"

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self.low = int(_number(fields, "min"))
        self.high = int(_number(fields, "max"))
        if self.high and self.high < self.low:
            raise ValueError("Max must not be below min.")

    def matches(self, facts: ReleaseFacts) -> bool:
        if facts.year is None:
            return False
        return facts.year >= self.low and (not self.high or facts.year <= self.high)

    def describe(self) -> str:
        return f"{self.low}-{self.high}" if self.high else f"from {self.low}"


SPECIFICATIONS: dict[str, type[Specification]] = {
    cls.implementation: cls
    for cls in (
        ReleaseTitleSpecification,
        ReleaseGroupSpecification,
        EditionSpecification,
        SourceSpecification,
        ResolutionSpecification,
        QualityModifierSpecification,
        LanguageSpecification,
        IndexerFlagSpecification,
        SizeSpecification,
        YearSpecification,
    )
}


def build(implementation: str, fields: dict[str, Any]) -> Specification:
    """The condition of that kind; ValueError when the kind or its fields are wrong."""
    cls = SPECIFICATIONS.get(implementation)
    if cls is None:
        raise ValueError(f"Unknown condition type {implementation!r}.")
    if not isinstance(fields, dict):
        raise ValueError("fields must be an object.")
    return cls(fields)


def build_checked(implementation: str, fields: dict[str, Any]) -> Specification:
    """`build`, and for a regex condition also the speed check that saving needs
    (movies.formats.patterns.check_speed); ValueError with the reason."""
    spec = build(implementation, fields)
    if isinstance(spec, RegexSpecification):
        try:
            check_speed(spec.pattern)
        except PatternError as exc:
            raise ValueError(str(exc)) from None
    return spec
