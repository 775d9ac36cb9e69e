"""The Indexers page's view of RSS sync: each indexer's newest report."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from indexers.models import RssSyncReport


def last_sync_reports() -> dict[int, RssSyncReport]:
    """Each indexer's newest RSS sync report, keyed by indexer id (one query)."""
    newest = (
        RssSyncReport.objects.filter(indexer_id=OuterRef("indexer_id"))
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )
    rows = RssSyncReport.objects.filter(pk=Subquery(newest))
    return {row.indexer_id: row for row in rows}
