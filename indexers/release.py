"""A release as an indexer reports it: plain data, the input of the decision engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntFlag

TORRENT, USENET = "torrent", "usenet"
PROTOCOLS = (TORRENT, USENET)
DEFAULT_INDEXER_PRIORITY = 25  # Radarr's default; 1 is the most preferred, 50 the least


class IndexerFlags(IntFlag):
    """Radarr's indexer flag bits (the values its API and custom formats use)."""

    FREELEECH = 1
    HALFLEECH = 2
    DOUBLE_UPLOAD = 4
    PTP_GOLDEN = 8
    PTP_APPROVED = 16
    INTERNAL = 32
    SCENE = 128
    FREELEECH_75 = 256
    FREELEECH_25 = 512
    NUKED = 2048


@dataclass(slots=True)
class Release:
    """One search or RSS result: what an indexer says about a downloadable release.

    `size` is in bytes; `seeders`/`peers` are None when the indexer does not say (usenet
    never does); `publish_date` is an aware datetime or None when unknown.
    """

    title: str
    size: int = 0
    indexer: str = ""
    indexer_id: int | None = None
    indexer_priority: int = DEFAULT_INDEXER_PRIORITY
    protocol: str = TORRENT
    seeders: int | None = None
    peers: int | None = None
    publish_date: datetime | None = None
    indexer_flags: int = 0
    download_url: str = ""
    guid: str = ""
    info_hash: str = ""
    info_url: str = ""
    tmdb_id: int | None = None
    imdb_id: str = ""

    def age_hours_at(self, now: datetime) -> float | None:
        """Hours since publication as of `now` (None when the date is unknown)."""
        if self.publish_date is None:
            return None
        return max(0.0, (now - self.publish_date).total_seconds() / 3600)

    @property
    def age_hours(self) -> float | None:
        return self.age_hours_at(datetime.now(UTC))

    @property
    def age_days(self) -> float | None:
        hours = self.age_hours
        return None if hours is None else hours / 24
