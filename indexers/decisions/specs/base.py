"""What every decision rule is: a name, a priority and one `evaluate` returning a Rejection."""

from __future__ import annotations

from indexers.decisions.context import DecisionContext, MovieFacts
from indexers.decisions.decision import Decision, Rejection

__all__ = [
    "LIBRARY",
    "PARSE",
    "RELEASE",
    "Decision",
    "DecisionContext",
    "MovieFacts",
    "Rejection",
    "Rule",
]

# Priorities order evaluation (lower first), cheapest facts first: the release's own
# numbers, then what its parse says, then how it compares with the library's state.
RELEASE, PARSE, LIBRARY = 10, 20, 30


class Rule:
    """A decision rule (Radarr's Specification). Subclasses set `name`, `label` (what
    reports show for its rejections) and `priority`."""

    name: str = ""
    label: str = ""
    priority: int = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        """False when the rule cannot reject anything in this context (a setting is off,
        there is no file): the engine then skips it for the whole batch."""
        return True

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        raise NotImplementedError

    def reject(self, reason: str, *, permanent: bool = True) -> Rejection:
        return Rejection(self.name, reason, permanent)
