"""Library import, showing: a scan's rows as the Library Import page pages them.

Reads the database only (no disk, no network); the page shows one page of proposed
matches and one of folders that cannot be imported, with counts over the whole scan.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from movies.folders import normalised
from movies.imports.files import quality_note
from movies.imports.scanning import CHANGEABLE
from movies.models import LibraryScan, Movie, ScannedFolder

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


_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple:
    """Sort key reading runs of digits as numbers: 'Home Video 2' before 'Home Video 10'."""
    parts = _DIGITS.split(name.casefold())
    return tuple((1, int(p), p) if p.isdigit() else (0, 0, p) for p in parts)


def _page(rows, number, base: str | None) -> Page:
    """One page of `rows` in natural name order. Only (pk, name) pairs are read for the
    whole list (a database cannot sort naturally); the page's rows are then loaded."""
    names = sorted(rows.values_list("name", "pk"), key=lambda item: (natural_key(item[0]), item[1]))
    page = Paginator([pk for _name, pk in names], PAGE_SIZE).get_page(number)
    loaded = rows.in_bulk(list(page.object_list))
    page.object_list = [with_poster(loaded[pk], base) for pk in page.object_list if pk in loaded]
    return page


def annotate_rows(scan: LibraryScan, rows: list[ScannedFolder]) -> list[ScannedFolder]:
    """Set what the page says about each matched row (two queries for the whole page):

    - `also_matched_by`: other matched folders of the scan proposing the same movie;
    - `conflict`: this row and another of them are both ticked (the import refuses both);
    - `library_movie`: the proposed movie is in the library now, from another folder;
    - `quality_note`: how the quality was guessed, when only from the file extension.
    """
    matched = [r for r in rows if r.status == ScannedFolder.MATCHED and r.tmdb_id]
    ids = {r.tmdb_id for r in matched}
    others: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    if ids:
        same = scan.folders.filter(status=ScannedFolder.MATCHED, tmdb_id__in=ids)
        for pk, name, tmdb_id, selected in same.values_list("pk", "name", "tmdb_id", "selected"):
            others[tmdb_id].append((pk, name, selected))
    in_library = {
        m.tmdb_id: m for m in Movie.objects.filter(tmdb_id__in=ids).only("pk", "tmdb_id", "path")
    }
    for row in rows:
        row.also_matched_by, row.conflict, row.library_movie = [], False, None
        row.quality_note = quality_note(row.path, row.main_file, row.quality_id)
        if row.status != ScannedFolder.MATCHED or not row.tmdb_id:
            continue
        movie = in_library.get(row.tmdb_id)
        if movie is not None and normalised(movie.path) != normalised(row.path):
            row.library_movie, row.selected = movie, False
            continue
        twins = [(name, selected) for pk, name, selected in others[row.tmdb_id] if pk != row.pk]
        row.also_matched_by = sorted((name for name, _ in twins), key=natural_key)
        row.conflict = row.selected and any(selected for _, selected in twins)
    return rows


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
    matches = _page(rows.filter(shown_with_matches), page, base)
    annotate_rows(scan, matches.object_list)
    return Proposals(
        scan,
        matches=matches,
        unmatched=_page(rows.exclude(shown_with_matches), other_page, base),
        counts=counts,
        ticked=scan.folders.filter(status=ScannedFolder.MATCHED, selected=True).count(),
    )
