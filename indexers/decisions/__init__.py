"""The decision engine: which releases of a movie to grab, and why the others are refused.

Plain Python: rules and ranking take data (MovieFacts, DecisionContext, Release) and
never touch the database; `indexers.services.decide_for_movie` builds that data.
"""

from __future__ import annotations

from indexers.decisions.context import (
    DO_NOT_PREFER,
    DO_NOT_UPGRADE,
    PREFER,
    PROPERS_CHOICES,
    DecisionContext,
    ExistingFile,
    MovieFacts,
    ProfileFacts,
    QueuedRelease,
    SizeLimit,
)
from indexers.decisions.decision import Decision, Rejection
from indexers.decisions.engine import decide, judge
from indexers.decisions.ranking import rank, rank_key

__all__ = [
    "DO_NOT_PREFER",
    "DO_NOT_UPGRADE",
    "PREFER",
    "PROPERS_CHOICES",
    "Decision",
    "DecisionContext",
    "ExistingFile",
    "MovieFacts",
    "ProfileFacts",
    "QueuedRelease",
    "Rejection",
    "SizeLimit",
    "decide",
    "judge",
    "rank",
    "rank_key",
]
