"""Library import, scanning: each folder of a root folder as a row with a proposed movie.

run_scan walks the disk (movies.imports.scan), parses each folder and file name and asks
TMDB for a match (an id in the name first, else title and year). Rows are kept so the
page survives a reload; the user can change a match or untick it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re

from django.db import transaction

from movies.folders import PathIndex, normalised, root_problem
from movies.imports.files import file_facts, parse
from movies.imports.match import (
    ID_CONFIDENCE,
    MEDIUM,
    Candidate,
    best_match,
    has_title_match,
)
from movies.imports.runs import (
    SCAN_TASK,
    claim,
    enqueue,
    release,
    scan_of,
    scan_progress_name,
    touch,
)
from movies.imports.scan import LOOSE_FILE_REASON, MovieFolder, list_root_folder, read_movie_folder
from movies.models import LibraryScan, Movie, RootFolder, ScannedFolder
from radarr_site import progress
from radarr_site.http import IntegrationError, NotFound

log = logging.getLogger(__name__)


def start_scan(root_folder: RootFolder, user=None) -> bool:
    """Queue a scan of the root folder; False when a scan or import of it is running."""
    scan = scan_of(root_folder)
    if not claim(scan, LibraryScan.SCANNING, user):
        return False
    progress.start(scan_progress_name(root_folder), 0, "Waiting for a worker…")
    enqueue(SCAN_TASK, scan, f"Library scan of {root_folder.path}")
    return True


def run_scan(scan_id: int) -> dict[str, int]:
    """The scan task: list the root folder, then describe and match each folder in turn.

    A TMDB failure marks only its folder; no TMDB key at all stops the scan with that
    message. Folders the user matched by hand keep their match across scans.
    """
    from movies.metadata import TmdbNotConfigured

    scan = LibraryScan.objects.select_related("root_folder").get(pk=scan_id)
    root = scan.root_folder
    name = scan_progress_name(root)
    try:
        listing = list_root_folder(root.path)
    except OSError as exc:
        message = f"Cannot read the root folder {root.path}: {exc.strerror or exc}"
        release(scan, message, failed=True)
        progress.finish(name, message, failed=True)
        return {"folders": 0, "matched": 0}
    chosen = {row.name: row for row in scan.folders.filter(chosen=True)}
    # The new rows are kept aside and swapped in at the end, so a scan that fails or whose
    # worker dies leaves the previous scan's rows (and the user's picks) as they were.
    rows = [_loose_row(root, loose) for loose in listing.loose_files]
    total = len(listing.folders)
    progress.start(name, total, f"Scanning 0/{total}")
    _warm_image_base()
    index = PathIndex.of(Movie.objects.filter(root_folder=root))
    matched = 0
    try:
        for number, folder in enumerate(listing.folders, 1):
            progress.advance(name, 1, f"Scanning {number}/{total}: {folder.name}")
            row = describe_folder(folder, root, index, chosen.get(folder.name))
            rows.append(row)
            matched += row.status == ScannedFolder.MATCHED
            touch(scan)
        swapped = _swap_rows(scan, rows)
    except TmdbNotConfigured as exc:
        release(scan, exc.message, failed=True)
        progress.finish(name, exc.message, failed=True)
        return {"folders": total, "matched": matched}
    except Exception as exc:
        release(scan, f"The scan stopped: {exc}", failed=True)
        progress.finish(name, f"The scan stopped: {exc}", failed=True)
        raise
    if not swapped:
        log.warning("Library scan of %s was taken over by another run; its rows are dropped", root)
        return {"folders": total, "matched": matched}
    release(scan)
    progress.finish(name, f"Scanned {total} folders: {matched} matched.")
    return {"folders": total, "matched": matched}


def _loose_row(root: RootFolder, loose) -> ScannedFolder:
    return ScannedFolder(
        name=loose.relative_path,
        path=os.path.join(root.path, loose.relative_path),
        loose_file=True,
        file_count=1,
        size=loose.size,
        reason=LOOSE_FILE_REASON,
        selected=False,
    )


def _swap_rows(scan: LibraryScan, rows: list[ScannedFolder]) -> bool:
    """Replace the scan's rows with the new ones in one transaction; False (and nothing
    written) when this run no longer holds the scan (a stale claim was taken over)."""
    with transaction.atomic():
        ours = LibraryScan.objects.select_for_update().filter(
            pk=scan.pk, state=LibraryScan.SCANNING, started_at=scan.started_at
        )
        if not ours.exists():
            return False
        scan.folders.all().delete()
        for row in rows:
            row.scan = scan
        ScannedFolder.objects.bulk_create(rows, batch_size=500)
    return True


def _warm_image_base() -> None:
    """Ask TMDB where posters live once per scan when no page has yet, so rows get posters."""
    from movies import services

    if services.cached_image_base() is None:
        try:
            services.refresh_image_configuration()
        except IntegrationError as exc:  # TmdbNotConfigured too: the first folder reports it
            log.info("No TMDB image configuration for the scan: %s", exc)


def describe_folder(
    folder: MovieFolder,
    root: RootFolder,
    index: PathIndex,
    previous: ScannedFolder | None = None,
) -> ScannedFolder:
    """One folder as a row: its videos (read from disk), parse and proposed movie (TMDB)."""
    row = ScannedFolder(name=folder.name, path=normalised(folder.path))
    if root_problem(folder.path, root.path):
        row.reason = "The folder leads outside the root folder (a link); it is not imported."
        return row
    owner = index.clash(folder.path)
    if owner:
        return _in_library(row, owner[0])
    read_movie_folder(folder, root.path)
    if folder.problem or not folder.videos:
        row.reason = "; ".join([folder.problem or "No video file", *folder.notes])[:500]
        return row
    main = folder.main_file
    row.file_count, row.size = len(folder.videos), folder.size
    row.main_file, row.main_file_size = main.relative_path, main.size
    facts = file_facts(folder.path, main.relative_path)
    row.quality_id = facts["quality_id"]
    parsed = parse(folder.name)
    if not parsed.title:  # an obfuscated folder name: the file may say more
        from_file = parse(os.path.basename(main.relative_path))
        parsed = dataclasses.replace(
            parsed,
            title=from_file.title,
            year=parsed.year or from_file.year,
            tmdb_id=parsed.tmdb_id or from_file.tmdb_id,
            imdb_id=parsed.imdb_id or from_file.imdb_id,
        )
    if not parsed.title:
        parsed = dataclasses.replace(parsed, title=plain_folder_title(folder.name))
    row.parsed_title, row.parsed_year = parsed.title or "", parsed.year
    if previous is not None and previous.tmdb_id:
        _propose(row, previous_candidate(previous), ID_CONFIDENCE, chosen=True)
    else:
        _match(row, parsed)
    _check_library(row)
    if folder.notes:  # left out of the scan: the user should know why a file is missing
        row.reason = "; ".join(filter(None, [row.reason, *folder.notes]))[:500]
    return row


_HASH_LIKE = re.compile(r"[0-9a-f]{12,}|(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{12,}", re.IGNORECASE)


def plain_folder_title(name: str) -> str | None:
    """A folder the user named by hand ('Alien', 'Home Video 2') names no release, so the
    parser gives no title; its words are still worth a TMDB search. Hashes are not."""
    words = re.sub(r"[._]+", " ", name).strip()
    if not words or (_HASH_LIKE.search(words.replace(" ", "")) and " " not in words):
        return None
    return words[:200]


def previous_candidate(row: ScannedFolder) -> Candidate:
    return Candidate(row.tmdb_id, row.title, row.year, (), row.poster_path)


def _in_library(row: ScannedFolder, title: str, movie: Movie | None = None) -> ScannedFolder:
    row.status, row.selected, row.movie = ScannedFolder.IN_LIBRARY, False, movie
    row.reason = f"Already in the library as {title}"
    return row


def _check_library(row: ScannedFolder) -> ScannedFolder:
    movie = Movie.objects.filter(tmdb_id=row.tmdb_id).first() if row.tmdb_id else None
    return _in_library(row, str(movie), movie) if movie else row


def _propose(row: ScannedFolder, candidate: Candidate, score: int, chosen: bool = False) -> None:
    row.status, row.reason = ScannedFolder.MATCHED, ""
    row.tmdb_id, row.title, row.year = candidate.tmdb_id, candidate.title, candidate.year
    row.poster_path, row.confidence, row.chosen = candidate.poster_path, score, chosen
    # Low-confidence guesses wait for a look: they are proposed, not ticked.
    row.selected = chosen or score >= MEDIUM


def _candidate(item) -> Candidate:
    titles = (item.original_title, *getattr(item, "alternative_titles", ()))
    return Candidate(item.tmdb_id, item.title, item.year, titles, item.poster_path)


def _match(row: ScannedFolder, parsed) -> None:
    """Propose a TMDB movie for the row: tmdb id, imdb id, then title and year search."""
    from movies import services
    from movies.metadata import TmdbNotConfigured

    note = ""
    try:
        if parsed.tmdb_id:
            try:
                details = services.lookup_movie(parsed.tmdb_id)
            except NotFound:
                note = f"TMDB has no movie with id {parsed.tmdb_id}. "
            else:
                return _propose(row, _candidate(details), ID_CONFIDENCE)
        if parsed.imdb_id:
            found = services.find_by_imdb_id(parsed.imdb_id)
            if found:
                return _propose(row, _candidate(found[0]), ID_CONFIDENCE)
            note += f"TMDB knows no movie with IMDb id {parsed.imdb_id}. "
        if not parsed.title:
            row.reason = note + "No title in the folder name"
            return None
        candidates = [_candidate(r) for r in services.search_titles(parsed.title, parsed.year)]
        if parsed.year and not has_title_match(parsed.title, candidates):
            # The year may be a year off TMDB's: look again without it.
            seen = {c.tmdb_id for c in candidates}
            more = services.search_titles(parsed.title, None)
            candidates += [_candidate(r) for r in more if r.tmdb_id not in seen]
    except TmdbNotConfigured:
        raise
    except IntegrationError as exc:
        row.reason = f"TMDB failed: {exc.message}"
        return None
    best = best_match(parsed.title, parsed.year, candidates)
    if best is None:
        year = f" ({parsed.year})" if parsed.year else ""
        row.reason = f"{note}No TMDB result for '{parsed.title}'{year}"
        return None
    return _propose(row, best.candidate, best.confidence)


# Changing a match --------------------------------------------------------------------


class CannotChange(Exception):
    """The row cannot take a match (no video, loose file, already imported, or the scan is
    busy or has replaced the row since the page was loaded)."""


CHANGEABLE = (ScannedFolder.MATCHED, ScannedFolder.UNMATCHED, ScannedFolder.IN_LIBRARY)
_MATCH_FIELDS = (
    "status",
    "reason",
    "tmdb_id",
    "title",
    "year",
    "poster_path",
    "confidence",
    "chosen",
    "selected",
    "movie",
)


def choose_match(row: ScannedFolder, tmdb_id: int) -> ScannedFolder:
    """Make `tmdb_id` the row's movie (the user's pick); TMDB errors are raised.

    The write is one conditional UPDATE: a row a scan or import is working on, or one a
    newer scan has replaced, is refused (CannotChange) rather than changed or resurrected.
    """
    from movies import services

    if not row.can_change_match:
        raise CannotChange(f"{row.name} cannot be matched: {row.reason or row.status}")
    current = ScannedFolder.objects.filter(pk=row.pk).select_related("scan").first()
    if current is None or current.scan.busy:
        raise CannotChange(_STALE)
    details = services.lookup_movie(tmdb_id)
    _propose(row, _candidate(details), ID_CONFIDENCE, chosen=True)
    row.movie = None
    _check_library(row)
    changed = ScannedFolder.objects.filter(
        pk=row.pk,
        status__in=CHANGEABLE,
        loose_file=False,
        scan__state__in=[LibraryScan.IDLE, LibraryScan.FAILED],
    ).update(**{name: getattr(row, name) for name in _MATCH_FIELDS})
    if not changed:
        raise CannotChange(_STALE)
    return row


_STALE = "The folder list changed (a scan or import ran): reload the page and pick again."
