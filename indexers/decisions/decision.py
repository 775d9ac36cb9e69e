"""The engine's answer for one release: its parse, quality, formats and any rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indexers.release import Release
from movies.services import ParsedRelease, QualityParse

if TYPE_CHECKING:
    from scenegroups.verdict import Verdict


@dataclass(frozen=True)
class Rejection:
    """Why a rule turned a release down, as a sentence a user can act on.

    Permanent rejections stay true for this release; temporary ones (Radarr's kind, e.g. a
    usenet post younger than the minimum age) may pass later, so a caller can retry.
    """

    rule: str
    reason: str
    permanent: bool = True

    def __str__(self) -> str:
        return self.reason


@dataclass
class Decision:
    """One release judged for one movie; accepted when no rule rejected it.

    `notes` hold remarks that are not rejections (a check that could not run, a release
    group whose reputation is unknown), shown beside the decision. `reputation` is the
    release group's verdict when scenegroups knows the group, for display.
    """

    release: Release
    parsed: ParsedRelease
    custom_formats: list[Any] = field(default_factory=list)
    format_score: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reputation: Verdict | None = None

    @property
    def quality(self) -> QualityParse:
        return self.parsed.quality

    @property
    def accepted(self) -> bool:
        return not self.rejections

    @property
    def temporarily_rejected(self) -> bool:
        return bool(self.rejections) and all(not r.permanent for r in self.rejections)

    @property
    def reasons(self) -> list[str]:
        return [r.reason for r in self.rejections]
