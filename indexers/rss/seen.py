"""Feed items RSS sync has already handled: their keys, claiming new ones, forgetting old.

An item is claimed by inserting its SeenRelease row with a conditional insert
(`INSERT … ON CONFLICT DO NOTHING RETURNING key`, SQLite ≥ 3.35 and PostgreSQL): only the
rows this run created come back, so two workers syncing at once never both process an
item, whoever commits first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from indexers.models import RssSyncReport, SeenRelease
from indexers.release import Release

KEEP_SEEN = timedelta(days=30)  # feeds show a few days of items; a month is plenty
KEEP_REPORTS = 20  # per indexer
BATCH = 200  # rows per INSERT: well under SQLite's variable limit


def seen_key(release: Release) -> str:
    """The sha1 of the item's guid, or of its title and size when it has none."""
    basis = release.guid.strip() or f"{release.title}\x00{release.size}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()


def claim_new(indexer_id: int, keys: Iterable[str], now: datetime | None = None) -> set[str]:
    """Record `keys` as seen for the indexer; return those no earlier run had recorded.

    A bulk look-up first drops the keys already known (the common case: most of a feed
    was there last time); the rest go through the conditional insert, whose returned
    keys are the only ones this caller may process.
    """
    now = now or timezone.now()
    wanted = list(dict.fromkeys(keys))
    known = set(
        SeenRelease.objects.filter(indexer_id=indexer_id, key__in=wanted).values_list(
            "key", flat=True
        )
    )
    fresh = [key for key in wanted if key not in known]
    claimed: set[str] = set()
    for start in range(0, len(fresh), BATCH):
        claimed |= _insert(indexer_id, fresh[start : start + BATCH], now)
    return claimed


def release_claims(pairs: Iterable[tuple[int, str]]) -> int:
    """Forget the (indexer id, key) claims given, so the next sync sees those items as
    new again; returns how many rows went."""
    by_indexer: dict[int, set[str]] = {}
    for indexer_id, key in pairs:
        if indexer_id is not None:
            by_indexer.setdefault(indexer_id, set()).add(key)
    removed = 0
    for indexer_id, keys in by_indexer.items():
        ordered = sorted(keys)
        for start in range(0, len(ordered), BATCH):
            removed += SeenRelease.objects.filter(
                indexer_id=indexer_id, key__in=ordered[start : start + BATCH]
            ).delete()[0]
    return removed


def _insert(indexer_id: int, keys: list[str], now: datetime) -> set[str]:
    if not keys:
        return set()
    meta = SeenRelease._meta
    quote = connection.ops.quote_name
    indexer, key, seen = (quote(meta.get_field(f).column) for f in ("indexer", "key", "seen_at"))
    seen_at = meta.get_field("seen_at").get_db_prep_value(now, connection)
    rows = ", ".join(["(%s, %s, %s)"] * len(keys))
    params: list = []
    for value in keys:
        params += [indexer_id, value, seen_at]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({indexer}, {key}, {seen}) VALUES {rows} "
        f"ON CONFLICT ({indexer}, {key}) DO NOTHING RETURNING {key}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def prune(now: datetime | None = None) -> dict[str, int]:
    """Forget items seen more than 30 days ago; keep each indexer's last 20 reports."""
    now = now or timezone.now()
    seen, _ = SeenRelease.objects.filter(seen_at__lt=now - KEEP_SEEN).delete()
    stale: list[int] = []
    for indexer_id in (
        RssSyncReport.objects.order_by().values_list("indexer_id", flat=True).distinct()
    ):
        stale += list(
            RssSyncReport.objects.filter(indexer_id=indexer_id)
            .order_by("-started_at", "-pk")
            .values_list("pk", flat=True)[KEEP_REPORTS:]
        )
    reports, _ = RssSyncReport.objects.filter(pk__in=stale).delete()
    return {"seen_releases": seen, "rss_reports": reports}
