"""Radarr's paging for list endpoints (queue, history, blocklist).

A paged answer is {page, pageSize, sortKey, sortDirection, totalRecords, records}. Each
endpoint names the sort keys it accepts (Radarr's names, matched without regard to case)
and the columns each sorts by; the page is cut in the database, so a page costs the same
few queries however long the list is. Bad parameters are a 400 naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from radarr_site.api.core import invalid

DIRECTIONS = ("ascending", "descending", "default")


@dataclass(frozen=True)
class SortKey:
    """One accepted sort key: Radarr's name and the columns it orders by (ascending);
    nulls always last, and the primary key last of all so pages never overlap."""

    name: str
    columns: tuple[str, ...]


@dataclass
class Paged:
    """A page's figures and rows (model instances, before they become resources)."""

    page: int
    pageSize: int
    sortKey: str
    sortDirection: str
    totalRecords: int
    rows: list[Any]

    def resource(self, build: Callable[[Any], Any]) -> dict[str, Any]:
        """The JSON body: Radarr's paging fields and each row built into a resource."""
        return {
            "page": self.page,
            "pageSize": self.pageSize,
            "sortKey": self.sortKey,
            "sortDirection": self.sortDirection,
            "totalRecords": self.totalRecords,
            "records": [build(row) for row in self.rows],
        }


def _sort_key(value: str | None, keys: Sequence[SortKey], default: SortKey) -> SortKey:
    if value is None or value == "":
        return default
    wanted = value.strip().lower()
    for key in keys:
        if key.name.lower() == wanted:
            return key
    # As Radarr: a key this list cannot sort by (pyarr offers many) sorts by the default
    # key, and the answer's sortKey says which one was used.
    return default


def _direction(value: str | None) -> str:
    if value is None or value == "":
        return "default"
    lowered = value.strip().lower()
    if lowered not in DIRECTIONS:
        raise invalid(
            {"sortDirection": "Use ascending, descending or default."}, {"sortDirection": value}
        )
    return lowered


def paginate(
    rows: QuerySet,
    *,
    page: int | None,
    page_size: int | None,
    sort_key: str | None,
    sort_direction: str | None,
    keys: Sequence[SortKey],
    default_key: str,
    default_direction: str,
    default_size: int,
    max_size: int = 1000,
) -> Paged:
    """Validate the paging parameters, order and cut `rows`; two queries (count, page).

    `default_direction` ("ascending"/"descending") is what "default" means here.
    """
    if page is None:
        page = 1
    if page < 1:
        raise invalid({"page": "Page must be 1 or more."}, {"page": page})
    if page_size is None:
        page_size = default_size
    if page_size < 1 or page_size > max_size:
        raise invalid(
            {"pageSize": f"Page size must be between 1 and {max_size}."}, {"pageSize": page_size}
        )
    default = next(key for key in keys if key.name == default_key)
    key = _sort_key(sort_key, keys, default)
    direction = _direction(sort_direction)
    descending = (default_direction if direction == "default" else direction) == "descending"
    order = [
        F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
        for column in key.columns
    ]
    order.append(F("pk").desc() if descending else F("pk").asc())
    total = rows.count()
    start = (page - 1) * page_size
    found = list(rows.order_by(*order)[start : start + page_size]) if start < total else []
    return Paged(
        page=page,
        pageSize=page_size,
        sortKey=key.name,
        # Radarr answers the direction it used ("default" resolved).
        sortDirection="descending" if descending else "ascending",
        totalRecords=total,
        rows=found,
    )
