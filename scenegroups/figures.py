"""Each group's raw figures from the GroupTorrent rows the analysis stored, in a fixed
number of queries whatever the number of groups (aggregates in SQL; the medians from one
narrow read of two columns), and our own history per group from downloads.

The figures' keys are listed in scenegroups.scoring, which turns them into components.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth

from scenegroups.models import GroupTorrent, group_key
from scenegroups.scoring import MOVIE_LENGTH_CATEGORIES, SIZE_BANDS


@dataclass(frozen=True)
class GroupFigures:
    """One group's key, its name as most often written, and its figures."""

    key: str
    name: str
    figures: dict


def _judged() -> Q:
    return Q(category__in=MOVIE_LENGTH_CATEGORIES, resolution__in=list(SIZE_BANDS))


def _typical() -> Q:
    bands = (
        Q(resolution=res, size__gte=low, size__lte=high) for res, (low, high) in SIZE_BANDS.items()
    )
    return Q(category__in=MOVIE_LENGTH_CATEGORIES) & reduce(or_, bands)


def _names(rows) -> dict[str, str]:
    """Each key's name as most often written (ties: the first in sort order)."""
    counted = rows.values("group_key", "group_name").annotate(n=Count("pk"))
    best: dict[str, tuple[int, str]] = {}
    for row in counted:
        key, name, n = row["group_key"], row["group_name"], row["n"]
        held = best.get(key)
        if held is None or n > held[0] or (n == held[0] and name < held[1]):
            best[key] = (n, name)
    return {key: name for key, (_, name) in best.items()}


def _medians(rows) -> dict[str, tuple[float, float]]:
    """Median seeders and median times completed per key, read in one query."""
    seeders: dict[str, list[int]] = {}
    completed: dict[str, list[int]] = {}
    for key, s, c in rows.values_list("group_key", "seeders", "times_completed").iterator():
        seeders.setdefault(key, []).append(s)
        completed.setdefault(key, []).append(c)
    return {
        key: (float(statistics.median(seeders[key])), float(statistics.median(completed[key])))
        for key in seeders
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def group_figures(rows=None) -> list[GroupFigures]:
    """The figures of every group among `rows` (default: every GroupTorrent), sorted by
    key; six queries in all. Torrents naming no group are left out."""
    rows = GroupTorrent.objects.all() if rows is None else rows
    # A torrent naming no group has nothing to say about one; no ordering may split the
    # GROUP BY.
    rows = rows.exclude(group_key="").order_by()
    totals = rows.values("group_key").annotate(
        releases=Count("pk"),
        internal=Count("pk", filter=Q(internal=True)),
        seeders_total=Sum("seeders"),
        leechers_total=Sum("leechers"),
        completed_total=Sum("times_completed"),
        first=Min("added"),
        newest=Max("added"),
    )
    figures: dict[str, dict] = {}
    for row in totals:
        figures[row["group_key"]] = {
            "releases": row["releases"],
            "internal": row["internal"],
            "seeders_total": row["seeders_total"] or 0,
            "leechers_total": row["leechers_total"] or 0,
            "completed_total": row["completed_total"] or 0,
            "first_release": _iso(row["first"]),
            "newest_release": _iso(row["newest"]),
            "categories": {},
            "resolutions": {},
            "releases_by_month": {},
        }
    for key, (seeders, completed) in _medians(rows).items():
        figures[key]["seeders_median"] = seeders
        figures[key]["completed_median"] = completed
    for row in rows.values("group_key", "category").annotate(n=Count("pk")):
        figures[row["group_key"]]["categories"][str(row["category"])] = row["n"]
    by_resolution = rows.values("group_key", "resolution").annotate(
        n=Count("pk"),
        judged=Count("pk", filter=_judged()),
        typical=Count("pk", filter=_typical()),
        size_total=Sum("size"),
        size_min=Min("size"),
        size_max=Max("size"),
    )
    for row in by_resolution:
        figures[row["group_key"]]["resolutions"][row["resolution"]] = {
            "releases": row["n"],
            "judged": row["judged"],
            "typical": row["typical"],
            "size_total": row["size_total"] or 0,
            "size_min": row["size_min"] or 0,
            "size_max": row["size_max"] or 0,
        }
    months = (
        rows.filter(added__isnull=False)
        .annotate(month=TruncMonth("added"))
        .values("group_key", "month")
        .annotate(n=Count("pk"))
    )
    for row in months:
        figures[row["group_key"]]["releases_by_month"][f"{row['month']:%Y-%m}"] = row["n"]
    for row in figures.values():
        row["releases_by_month"] = dict(sorted(row["releases_by_month"].items()))
    names = _names(rows)
    return [GroupFigures(key, names.get(key, key), figures[key]) for key in sorted(figures)]


def history_by_group() -> dict[str, dict[str, int]]:
    """Our own grabs, imports and failed downloads per group key: downloads counts them per
    group name as parsed, the names' cases are added up here under one key."""
    from downloads.services import group_history

    found: dict[str, dict[str, int]] = {}
    for name, counts in group_history().items():
        if not name.strip():
            continue
        held = found.setdefault(group_key(name), {"grabbed": 0, "imported": 0, "failed": 0})
        for event, n in counts.items():
            held[event] = held.get(event, 0) + n
    return found
