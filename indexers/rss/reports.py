"""The Indexers page's view of RSS sync: each indexer's newest report.

Reports store rejections by rule id (stable keys, {"minimum_seeders": 3}); each report
handed out carries `rejection_labels`, [(label, count)] most frequent first, with each
rule's human label ("Too few seeders") for the page to show.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from indexers.decisions.wording import rule_label
from indexers.models import RssSyncReport


def rejection_labels(rejections: dict[str, int] | None) -> list[tuple[str, int]]:
    """[(label, count)] of a report's rejections, most frequent first, labels merged."""
    counts: dict[str, int] = {}
    for rule, count in (rejections or {}).items():
        label = rule_label(rule)
        counts[label] = counts.get(label, 0) + int(count)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def last_sync_reports() -> dict[int, RssSyncReport]:
    """Each indexer's newest RSS sync report, keyed by indexer id (one query), each with
    its `rejection_labels`."""
    newest = (
        RssSyncReport.objects.filter(indexer_id=OuterRef("indexer_id"))
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )
    rows = RssSyncReport.objects.filter(pk=Subquery(newest))
    reports = {row.indexer_id: row for row in rows}
    for report in reports.values():
        report.rejection_labels = rejection_labels(report.rejections)
    return reports
