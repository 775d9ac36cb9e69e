"""The decision rules in evaluation order: one small class per file, one line each here.

Every rule runs for every release so a decision lists all its reasons, not just the first.
A new rule is a new file and a line in RULES.
"""

from __future__ import annotations

from indexers.decisions.specs.availability import MinimumAvailability
from indexers.decisions.specs.base import Rule
from indexers.decisions.specs.blocklist import NotBlocklisted
from indexers.decisions.specs.cutoff import CutoffNotMet
from indexers.decisions.specs.format_score import MinimumFormatScore
from indexers.decisions.specs.indexer_enabled import IndexerEnabled
from indexers.decisions.specs.maximum_size import MaximumSize
from indexers.decisions.specs.minimum_age import MinimumAge
from indexers.decisions.specs.movie_match import ReleaseIsThisMovie
from indexers.decisions.specs.proper_age import ProperForRecentFile
from indexers.decisions.specs.propers import ProperRepackPreference
from indexers.decisions.specs.quality_allowed import QualityAllowed
from indexers.decisions.specs.queue import NotInQueue
from indexers.decisions.specs.repack import RepackOfSameGroup
from indexers.decisions.specs.reputation import GroupReputation
from indexers.decisions.specs.retention import Retention
from indexers.decisions.specs.seeders import MinimumSeeders
from indexers.decisions.specs.size import SizeWithinDefinition
from indexers.decisions.specs.upgrade import UpgradeOverExisting

RULES: list[Rule] = [
    # The release's own facts, cheapest first.
    IndexerEnabled(),
    MaximumSize(),
    MinimumSeeders(),
    Retention(),
    MinimumAge(),
    NotBlocklisted(),
    # What the parse says about it.
    ReleaseIsThisMovie(),
    QualityAllowed(),
    SizeWithinDefinition(),
    MinimumFormatScore(),
    MinimumAvailability(),
    # How it compares with the library: the file on disk and the download queue.
    UpgradeOverExisting(),
    CutoffNotMet(),
    ProperRepackPreference(),
    ProperForRecentFile(),
    RepackOfSameGroup(),
    NotInQueue(),
    # The release group's reputation (scenegroups' verdict): may reject, or leave a note.
    GroupReputation(),
]

__all__ = ["RULES", "Rule"]
