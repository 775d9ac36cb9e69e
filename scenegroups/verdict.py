"""A release group's reputation as the decision engine reads it: plain data, no ORM."""

from __future__ import annotations

from dataclasses import dataclass

LOW = "low"


@dataclass(frozen=True)
class Verdict:
    """A group's score (0-100), its quality tier and how confident we are in it."""

    name: str
    score: float
    tier: str
    confidence: str  # low / medium / high
    releases: int = 0  # releases seen: what the confidence rests on

    def influences_decision(self, threshold: float) -> bool:
        """True when the score reaches `threshold` and the confidence is not low."""
        return self.confidence != LOW and self.score >= threshold

    def rejects_below(self, minimum: float) -> bool:
        """Known, confidently, below `minimum`: the only case a profile's minimum
        reputation turns a release down (unknown groups and low confidence never do)."""
        return self.confidence != LOW and self.score < minimum
