"""Import from Prowlarr: one Torznab / Newznab indexer of ours per enabled Prowlarr indexer.

Each created indexer talks to Prowlarr's per-indexer proxy (`{prowlarr}/{id}/api`) with
Prowlarr's API key, so it gets its own switches, priority, rate limit and health here.
Running it again creates nothing new: an indexer whose name or address we already have
is skipped with the reason, and so is one whose categories hold no movie category.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from indexers.clients.prowlarr import Prowlarr
from indexers.models import Indexer
from indexers.models.indexer import default_categories
from indexers.release import TORRENT, USENET

KIND_FOR_PROTOCOL = {TORRENT: "torznab", USENET: "newznab"}
MOVIE_CATEGORIES = range(2000, 3000)  # Newznab's Movies family, subcategories included
NAME_MAX = Indexer._meta.get_field("name").max_length


@dataclass
class ImportResult:
    """What an import did: the names created, and each name skipped with its reason."""

    created: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _priority(value: int | None) -> int:
    return min(50, max(1, value)) if value else 25


def import_from_prowlarr(prowlarr: Indexer) -> ImportResult:
    """Create our indexers from `prowlarr`'s enabled indexers (network, then one
    transaction). Raises the toolkit's errors when Prowlarr cannot be read; then nothing
    is created."""
    client = prowlarr.client()
    if not isinstance(client, Prowlarr):
        raise ValueError(f"{prowlarr.name} is not a Prowlarr indexer")
    theirs = client.list_indexers()
    base = prowlarr.base_url.rstrip("/")
    result = ImportResult()
    with transaction.atomic():
        for indexer in theirs:
            name = indexer["name"][:NAME_MAX]
            url = f"{base}/{indexer['id']}"
            kind = KIND_FOR_PROTOCOL.get(indexer["protocol"])
            if not indexer["enable"]:
                result.skipped.append((name, "disabled in Prowlarr"))
                continue
            if kind is None:
                result.skipped.append((name, "neither torrent nor usenet"))
                continue
            existing = Indexer.objects.filter(
                Q(name__iexact=name) | Q(base_url__in=[url, f"{url}/"])
            ).first()
            if existing is not None:
                why = (
                    "already exists"
                    if existing.name.lower() == name.lower()
                    else (f"its address is already used by {existing.name}")
                )
                result.skipped.append((name, why))
                continue
            categories = [c for c in indexer["categories"] if c in MOVIE_CATEGORIES]
            if indexer["categories"] and not categories:
                # A TV-only or music-only tracker: searching it for movies finds nothing.
                # (One that lists no categories at all gets Radarr's movie defaults.)
                result.skipped.append((name, "no movie categories"))
                continue
            try:
                with transaction.atomic():  # a concurrent import may have just made it
                    Indexer.objects.create(
                        kind=kind,
                        name=name,
                        base_url=url,
                        api_path="/api",
                        api_key=prowlarr.api_key,
                        priority=_priority(indexer["priority"]),
                        categories=categories or default_categories(),
                    )
            except IntegrityError:
                result.skipped.append((name, "already exists"))
                continue
            result.created.append(name)
    return result
