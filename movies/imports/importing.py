"""Library import, importing: each chosen row becomes a Movie (its existing folder) plus a
MovieFile for its main video. Nothing on disk changes; a run can be repeated safely.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from movies.folders import PathIndex, normalised
from movies.imports.files import add_movie_file
from movies.imports.runs import (
    IMPORT_INLINE_LIMIT,
    IMPORT_TASK,
    claim,
    enqueue,
    import_progress_name,
    release,
    scan_of,
    touch,
)
from movies.models import LibraryScan, Movie, QualityProfile, RootFolder, ScannedFolder
from movies.models.movie import MinimumAvailability
from radarr_site import progress
from radarr_site.http import IntegrationError

log = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    """What an import request did: queued as a task, or the counts of an inline run."""

    queued: bool = False
    refused: bool = False
    nothing: bool = False  # no folder was ticked
    folders: int = 0  # how many folders the import takes
    counts: dict[str, int] = field(default_factory=dict)
    # "Title (Year)" of each movie two or more ticked folders point at: none of them is taken.
    conflicts: list[str] = field(default_factory=list)


def ticked_conflicts(scan: LibraryScan, row_ids: set[int]) -> tuple[set[int], list[str]]:
    """The matched rows among `row_ids` whose movie another of them also proposes, and
    those movies as "Title (Year)": importing either would drop the other copy silently."""
    rows = scan.folders.filter(pk__in=row_ids, status=ScannedFolder.MATCHED, tmdb_id__isnull=False)
    by_movie: dict[int, list[ScannedFolder]] = {}
    for row in rows.only("pk", "tmdb_id", "title", "year"):
        by_movie.setdefault(row.tmdb_id, []).append(row)
    clashing = [group for group in by_movie.values() if len(group) > 1]
    names = sorted(f"{g[0].title} ({g[0].year})" if g[0].year else g[0].title for g in clashing)
    return {row.pk for group in clashing for row in group}, names


def tick_all(root_folder: RootFolder, ticked: bool) -> int:
    """Tick (or untick) every matched row of the root folder's scan; refused while busy."""
    scan = scan_of(root_folder)
    if scan.busy:
        return 0
    return scan.folders.filter(status=ScannedFolder.MATCHED).update(selected=ticked)


def import_selected(
    root_folder: RootFolder,
    folder_ids: list[int],
    *,
    quality_profile: QualityProfile,
    monitored: bool = True,
    minimum_availability: str = MinimumAvailability.RELEASED,
    user=None,
    shown: list[int] | None = None,
) -> ImportOutcome:
    """Import the chosen rows: inline when few, as a task when many; refused while busy.

    Without `shown`, `folder_ids` are the rows to import and every other row is unticked.
    With `shown` (the rows of the page the user saw), the ticks in `folder_ids` are saved
    for those rows only and every ticked matched row of the scan is imported, so ticks
    left on other pages count too. Ticked rows proposing the same movie are all left out
    (named in `conflicts`) until the user unticks or re-matches all but one.
    """
    if minimum_availability not in MinimumAvailability.values:
        raise ValueError(f"Unknown minimum availability {minimum_availability!r}.")
    scan = scan_of(root_folder)
    # Remember the ticks, so a reload shows what was chosen.
    if shown is None:
        wanted = set(scan.folders.filter(pk__in=folder_ids).values_list("pk", flat=True))
        scan.folders.filter(status=ScannedFolder.MATCHED).update(selected=False)
        scan.folders.filter(pk__in=wanted).update(selected=True)
    else:
        on_page = scan.folders.filter(pk__in=shown)
        on_page.exclude(pk__in=folder_ids).update(selected=False)
        on_page.filter(pk__in=folder_ids).update(selected=True)
        ticked = scan.folders.filter(status=ScannedFolder.MATCHED, selected=True)
        wanted = set(ticked.values_list("pk", flat=True))
    clashing, conflicts = ticked_conflicts(scan, wanted)
    wanted -= clashing
    if not wanted:
        return ImportOutcome(nothing=not conflicts, conflicts=conflicts)
    if not claim(scan, LibraryScan.IMPORTING):
        return ImportOutcome(refused=True, folders=len(wanted), conflicts=conflicts)
    args = (sorted(wanted), quality_profile.pk, monitored, minimum_availability)
    user_id = user.pk if user is not None else None
    if len(wanted) > IMPORT_INLINE_LIMIT:
        progress.start(import_progress_name(root_folder), len(wanted), "Waiting for a worker…")
        enqueue(IMPORT_TASK, scan, f"Library import of {root_folder.path}", *args, user_id)
        return ImportOutcome(queued=True, folders=len(wanted), conflicts=conflicts)
    counts = run_import(scan.pk, *args, user_id)
    return ImportOutcome(folders=len(wanted), counts=counts, conflicts=conflicts)


def run_import(
    scan_id: int,
    folder_ids: list[int],
    quality_profile_id: int,
    monitored: bool,
    minimum_availability: str,
    user_id: int | None = None,
) -> dict[str, int]:
    """The import task: each chosen matched row becomes a Movie with its MovieFile."""
    from django.contrib.auth import get_user_model

    scan = LibraryScan.objects.select_related("root_folder").get(pk=scan_id)
    root = scan.root_folder
    name = import_progress_name(root)
    counts = {"imported": 0, "in_library": 0, "skipped": 0, "failed": 0}
    try:
        profile = QualityProfile.objects.get(pk=quality_profile_id)
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        rows = list(scan.folders.filter(pk__in=folder_ids))
        progress.start(name, len(rows), f"Importing 0/{len(rows)}")
        # Read once and kept up to date by add_movie: one index per run, not one per folder.
        index = PathIndex.of(Movie.objects.filter(root_folder=root))
        for number, row in enumerate(rows, 1):
            progress.advance(name, 1, f"Importing {number}/{len(rows)}: {row.name}")
            outcome = import_folder(
                row, root, profile, monitored, minimum_availability, user, path_index=index
            )
            counts[outcome] += 1
            touch(scan)
    except Exception as exc:
        release(scan, f"The import stopped: {exc}", failed=True)
        progress.finish(name, f"The import stopped: {exc}", failed=True)
        raise
    release(scan)
    summary = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in counts.items())
    progress.finish(name, f"Import done: {summary}.")
    return counts


def _set(row: ScannedFolder, status: str, reason: str = "", movie: Movie | None = None) -> None:
    row.status, row.reason, row.movie = status, reason[:500], movie
    row.save(update_fields=["status", "reason", "movie"])


def import_folder(
    row: ScannedFolder,
    root: RootFolder,
    profile: QualityProfile,
    monitored: bool,
    minimum_availability: str,
    user=None,
    *,
    path_index: PathIndex | None = None,
) -> str:
    """Import one row; returns "imported", "in_library", "skipped" or "failed".

    The row is claimed (matched → importing) by a conditional update, so two workers never
    import it twice; an import that stopped after its Movie is finished by the next run.
    `path_index` is the root folder's movie folders, shared by the rows of one run.
    """
    from movies import services

    claimed = ScannedFolder.objects.filter(
        pk=row.pk, status=ScannedFolder.MATCHED, tmdb_id__isnull=False
    ).update(status=ScannedFolder.IMPORTING)
    if not claimed:
        return "skipped"
    file_path = os.path.join(row.path, row.main_file)
    if not os.path.isfile(file_path):
        _set(row, ScannedFolder.MATCHED, f"{row.main_file} is no longer there: scan again.")
        return "failed"
    try:
        movie = services.add_movie(
            row.tmdb_id,
            root_folder=root,
            quality_profile=profile,
            monitored=monitored,
            minimum_availability=minimum_availability,
            added_by=user,
            path=row.path,
            path_index=path_index,
        )
    except services.MovieExists as exc:
        movie = exc.movie
        if normalised(movie.path) != normalised(row.path):
            _set(row, ScannedFolder.IN_LIBRARY, f"Already in the library as {movie}", movie)
            return "in_library"
        # Our own earlier import of this folder stopped before its file: finish it.
    except ValueError as exc:
        _set(row, ScannedFolder.MATCHED, str(exc))
        return "failed"
    except IntegrationError as exc:
        _set(row, ScannedFolder.MATCHED, f"TMDB failed: {exc.message}")
        return "failed"
    except Exception:
        _set(row, ScannedFolder.MATCHED, "The import failed; see the log.")
        raise
    try:
        add_movie_file(movie, row.path, row.main_file)
    except OSError as exc:
        # The movie stays; the next import of this row finds it and adds the file.
        _set(row, ScannedFolder.MATCHED, f"Cannot read {row.main_file}: {exc.strerror or exc}")
        return "failed"
    _set(row, ScannedFolder.IMPORTED, "", movie)
    log.info("Imported %s from %s", movie, row.path)
    return "imported"
