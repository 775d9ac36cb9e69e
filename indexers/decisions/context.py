"""What the decision rules know besides the release: the movie and the settings, as plain data.

Nothing here touches the database; `indexers.services.decide_for_movie` builds these from
it, and tests build them by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from indexers.release import USENET, Release
from movies.services import QUALITIES_BY_ID as BY_ID
from movies.services import clean_title

if TYPE_CHECKING:
    from downloads.services import BlocklistEntry
    from movies.services import ParsedRelease
    from scenegroups.verdict import Verdict

log = logging.getLogger(__name__)
# Radarr's "Propers and Repacks" choices (Settings → Media Management).
PREFER = "prefer"  # prefer and upgrade: a proper of the file's quality replaces it
DO_NOT_UPGRADE = "do_not_upgrade"  # prefer propers in ranking, never replace a file for one
DO_NOT_PREFER = "do_not_prefer"  # revisions count for nothing; custom formats decide
PROPERS_CHOICES = (PREFER, DO_NOT_UPGRADE, DO_NOT_PREFER)


@dataclass(frozen=True)
class MovieFacts:
    """The movie the releases are judged for."""

    id: int
    title: str
    year: int | None = None
    clean_titles: frozenset[str] = frozenset()  # the title's and every alternative title's
    tmdb_id: int | None = None
    imdb_id: str = ""
    runtime: int = 0  # minutes; 0 = unknown
    available: bool = True  # minimum availability reached
    minimum_availability: str = "Released"  # its label, for the sentence

    @classmethod
    def of(cls, id: int, title: str, *, alternative_titles: Iterable[str] = (), **facts: Any):
        """Facts with the clean titles worked out from the title and alternative titles."""
        titles = {clean_title(t) for t in (title, *alternative_titles) if t}
        return cls(id=id, title=title, clean_titles=frozenset(titles - {""}), **facts)

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class ProfileFacts:
    """A quality profile as places: every quality it lists ranks by its item's index.

    Members of one group share a place (higher = better). Qualities the profile does not
    list have no place and rank below all others. A cutoff id that names none of the items
    leaves `cutoff_place` at -1 (`cutoff_known` is false) and the cutoff rule says so.
    """

    name: str
    places: Mapping[int, int]
    place_names: Mapping[int, str]
    allowed: frozenset[int]
    cutoff_place: int
    upgrade_allowed: bool = True
    min_format_score: int = 0
    cutoff_format_score: int = 0
    min_upgrade_format_score: int = 1
    minimum_reputation: int = 0  # 0-100; 0 = off (scene-group reputation)
    id: int | None = None
    cutoff_id: int | None = None  # the profile's stored cutoff, for the sentence

    @classmethod
    def from_items(
        cls, name: str, items: Sequence[Mapping[str, Any]], cutoff: int, **settings: Any
    ) -> ProfileFacts:
        """Build from Radarr-shaped profile items (worst first) and a cutoff quality/group id."""
        places: dict[int, int] = {}
        names: dict[int, str] = {}
        allowed: set[int] = set()
        cutoff_place = -1
        for place, item in enumerate(items):
            if "items" in item:
                members, item_id, label = list(item["items"]), item.get("id"), item.get("name")
            else:
                members, item_id, label = [item["quality"]], item["quality"], None
            names[place] = label or quality_name(members[0] if members else 0)
            for qid in members:
                places[qid] = place
            if item.get("allowed"):
                allowed.update(members)
            if item_id == cutoff:
                cutoff_place = place
        if cutoff_place < 0:
            log.warning("Quality profile %r: cutoff %s is none of its qualities", name, cutoff)
        return cls(
            name, places, names, frozenset(allowed), cutoff_place, cutoff_id=cutoff, **settings
        )

    def place(self, quality_id: int) -> int:
        return self.places.get(quality_id, -1)

    @property
    def allowed_ids(self) -> list[int]:
        """Allowed quality ids, best first."""
        return sorted(self.allowed, key=self.place, reverse=True)

    @property
    def cutoff_known(self) -> bool:
        return self.cutoff_place >= 0

    @property
    def cutoff_name(self) -> str:
        return self.place_names.get(self.cutoff_place, "?")


@dataclass(frozen=True)
class SizeLimit:
    """A quality definition's sizes in MB (MiB, as Radarr counts) per minute of runtime."""

    min_mb_per_minute: float = 0.0
    max_mb_per_minute: float | None = None  # None = no limit
    preferred_mb_per_minute: float | None = None


@dataclass(frozen=True)
class ExistingFile:
    """The movie's best file on disk, as the rules compare against it."""

    quality_id: int
    version: int = 1
    real: int = 0
    format_score: int = 0
    release_group: str = ""
    date_added: datetime | None = None


@dataclass(frozen=True)
class QueuedRelease:
    """A release of this movie already in the download queue (issue 4 fills these)."""

    title: str
    quality_id: int
    version: int = 1
    real: int = 0
    format_score: int = 0


def _parse_with_movies_service(title: str) -> ParsedRelease:
    from movies.services import parse_release

    return parse_release(title)


def _no_formats(parsed: ParsedRelease, release: Release) -> tuple[list, int]:
    return [], 0


def _no_verdicts(group: str) -> Verdict | None:
    return None


@dataclass
class DecisionContext:
    """Everything about the library and the settings that the rules need, as plain data.

    `parse` turns a title into a ParsedRelease and `score_formats` gives the matched custom
    formats and their score for this profile; the service passes the real ones, tests pass
    their own so the rules run without the parser, the formats or a database.
    `group_verdict` gives a release group's reputation (None: nothing known); the service
    passes scenegroups' lookup, read once per batch.
    """

    profile: ProfileFacts
    sizes: Mapping[int, SizeLimit] = field(default_factory=dict)
    existing_file: ExistingFile | None = None
    blocklist: Sequence[BlocklistEntry] = ()
    queue: Sequence[QueuedRelease] = ()
    disabled_indexer_ids: frozenset[int] = frozenset()
    minimum_seeders: int = 1  # Radarr's default for a torrent indexer
    indexer_minimum_seeders: Mapping[int, int] = field(default_factory=dict)
    retention_days: int = 0  # 0 = unlimited
    minimum_age_minutes: int = 0
    maximum_size_mb: int = 0  # 0 = unlimited
    propers_and_repacks: str = PREFER
    preferred_protocol: str = USENET  # Radarr's default delay profile prefers usenet
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    rss: bool = False  # an RSS sync, not a search: Radarr then takes propers of recent files only
    parse: Callable[[str], ParsedRelease] = _parse_with_movies_service
    score_formats: Callable[[ParsedRelease, Release], tuple[list, int]] = _no_formats
    group_verdict: Callable[[str], Verdict | None] = _no_verdicts

    def seeders_needed(self, indexer_id: int | None) -> int:
        return self.indexer_minimum_seeders.get(indexer_id, self.minimum_seeders)

    @cached_property
    def blocklist_index(self) -> dict[tuple[str, str], list[BlocklistEntry]]:
        """Entries under ('hash', info hash) and ('title', lower-case title) for lookups."""
        index: dict[tuple[str, str], list[BlocklistEntry]] = {}
        for entry in self.blocklist:
            if entry.info_hash:
                index.setdefault(("hash", entry.info_hash.lower()), []).append(entry)
            index.setdefault(("title", entry.source_title.lower()), []).append(entry)
        return index


def quality_name(quality_id: int) -> str:
    return BY_ID.get(quality_id, BY_ID[0]).name
