"""Library import, showing: a scan's rows as the Library Import page pages them.

Reads the database only (no disk, no network); the page shows one page of proposed
matches and one of folders that cannot be imported, with counts over the whole scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from movies.imports.scanning import CHANGEABLE
from movies.models import LibraryScan, ScannedFolder

# Rows per page of the Library Import page: a large library is never loaded whole.
PAGE_SIZE = 100


@dataclass
class Proposals:
    """A scan as the page shows it: a page of proposed matches, a page of folders that
    cannot be imported, and the number of rows per status over the whole scan."""

    scan: LibraryScan
    matches: Page
    unmatched: Page
    counts: dict[str, int] = field(default_factory=dict)
    ticked: int = 0  # matched rows ticked for import, on every page

    @property
    def importable(self) -> bool:
        """Whether any row can still be imported (the import form is shown for them)."""
        return self.counts.get(ScannedFolder.MATCHED, 0) > 0

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """(label, count) for each status the scan has, in the model's order."""
        return [
            (label, self.counts[key]) for key, label in ScannedFolder.STATUSES if key in self.counts
        ]


def with_poster(row: ScannedFolder, base: str | None = None) -> ScannedFolder:
    """The row with `poster_url` set for the page (no network)."""
    from movies import services

    row.poster_url = services.poster_url(row.poster_path, "w92", base=base)
    return row


def _page(rows, number, base: str | None) -> Page:
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    page.object_list = [with_poster(row, base) for row in page.object_list]
    return page


def proposals(scan: LibraryScan, page: int | str = 1, other_page: int | str = 1) -> Proposals:
    """The scan's rows split for the page, one page of each (`page` of the matches,
    `other_page` of the rest), each row with `poster_url` (no network)."""
    from movies import services

    rows = scan.folders.select_related("movie").order_by("name", "pk")
    shown_with_matches = Q(
        status__in=[ScannedFolder.MATCHED, ScannedFolder.IMPORTING, ScannedFolder.IMPORTED]
    ) | (Q(status__in=CHANGEABLE, loose_file=False) & ~Q(main_file=""))
    # order_by() clears the model's ordering, which would otherwise split the groups by name.
    by_status = scan.folders.order_by().values("status").annotate(n=Count("pk"))
    counts = {item["status"]: item["n"] for item in by_status}
    base = services.image_base()
    return Proposals(
        scan,
        matches=_page(rows.filter(shown_with_matches), page, base),
        unmatched=_page(rows.exclude(shown_with_matches), other_page, base),
        counts=counts,
        ticked=scan.folders.filter(status=ScannedFolder.MATCHED, selected=True).count(),
    )
