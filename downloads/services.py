"""The downloads app's public face. For now: the blocklist (the queue comes with issue 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from downloads.models import Blocklist


@dataclass(frozen=True)
class BlocklistEntry:
    """A blocklisted release as the decision engine reads it (plain data, no ORM)."""

    source_title: str
    guid: str = ""
    info_hash: str = ""
    indexer: str = ""
    protocol: str = ""
    quality_id: int = 0
    size: int = 0
    publish_date: datetime | None = None  # as the indexer gave it; usenet matches on it
    date: datetime | None = None  # when it was blocklisted
    message: str = ""
    id: int | None = None


_FIELDS = ("id", "source_title", "guid", "info_hash", "indexer", "protocol", "quality_id")


def blocklist_entries(movie_id: int) -> list[BlocklistEntry]:
    """Every blocklisted release of one movie, newest first, in one query."""
    rows = Blocklist.objects.filter(movie_id=movie_id).values(
        *_FIELDS, "size", "publish_date", "date", "message"
    )
    return [BlocklistEntry(**row) for row in rows]


def add_to_blocklist(
    movie_id: int,
    *,
    source_title: str,
    guid: str = "",
    info_hash: str = "",
    indexer: str = "",
    protocol: str = "",
    quality_id: int = 0,
    size: int = 0,
    publish_date: datetime | None = None,
    message: str = "",
) -> Blocklist:
    """Block a release for a movie so no search or RSS sync grabs it again."""
    # Columns are bounded (PostgreSQL enforces it); no real release title comes near.
    return Blocklist.objects.create(
        movie_id=movie_id,
        source_title=source_title[:500],
        guid=guid[:1000],
        info_hash=info_hash.strip().lower()[:64],
        indexer=indexer[:200],
        protocol=protocol[:10],
        quality_id=quality_id,
        size=size,
        publish_date=publish_date,
        date=timezone.now(),
        message=message[:1000],
    )
