"""Library import under concurrency and crashes: stale pages, dead workers, failed scans."""

from __future__ import annotations

import pytest

from movies import imports, services
from movies.folders import PathIndex
from movies.imports import scanning
from movies.models import LibraryScan, MovieFile, ScannedFolder
from tests.imports.conftest import GB

pytestmark = pytest.mark.usefixtures("fake_tmdb")

SCENE = "The.Matrix.1999.1080p.BluRay.x264-GRP"


def scanned(root_folder) -> dict[str, ScannedFolder]:
    assert imports.start_scan(root_folder)  # django-q runs it inline in tests
    return {row.name: row for row in imports.scan_of(root_folder).folders.all()}


def set_state(root_folder, state: str) -> None:
    LibraryScan.objects.filter(root_folder=root_folder).update(state=state)


# Rows a dead worker left "importing" ---------------------------------------------------


def test_a_row_left_importing_by_a_dead_worker_is_imported_on_the_next_run(
    root_folder, library, quality_profile
):
    library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    # The worker claimed the row and added the movie, then died before the file.
    ScannedFolder.objects.filter(pk=row.pk).update(status=ScannedFolder.IMPORTING)
    services.add_movie(603, root_folder=root_folder, quality_profile=quality_profile, path=row.path)

    outcome = imports.import_selected(root_folder, [row.pk], quality_profile=quality_profile)

    row.refresh_from_db()
    assert outcome.counts["imported"] == 1 and row.status == ScannedFolder.IMPORTED
    assert MovieFile.objects.get().movie.tmdb_id == 603


def test_taking_over_a_stale_import_puts_its_importing_rows_back_to_matched(root_folder, library):
    from radarr_site.housekeeping import stale_before

    library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    ScannedFolder.objects.filter(pk=row.pk).update(status=ScannedFolder.IMPORTING)
    long_ago = stale_before(LibraryScan.objects.get().updated_at)
    LibraryScan.objects.update(state=LibraryScan.IMPORTING, updated_at=long_ago)

    assert imports.runs.claim(imports.scan_of(root_folder), LibraryScan.IMPORTING)

    row.refresh_from_db()
    assert row.status == ScannedFolder.MATCHED and "interrupted" in row.reason


# Changing a match from a stale page ----------------------------------------------------


def test_a_match_cannot_change_while_the_root_folder_is_being_scanned_again(root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    row = scanned(root_folder)["Xyzzy (2011)"]
    set_state(root_folder, LibraryScan.SCANNING)

    with pytest.raises(imports.CannotChange, match="reload"):
        imports.choose_match(row, 949)

    assert ScannedFolder.objects.get(pk=row.pk).tmdb_id is None


def test_a_match_cannot_change_while_the_root_folder_is_being_imported(root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    row = scanned(root_folder)["Xyzzy (2011)"]
    set_state(root_folder, LibraryScan.IMPORTING)

    with pytest.raises(imports.CannotChange):
        imports.choose_match(row, 949)

    assert ScannedFolder.objects.get(pk=row.pk).tmdb_id is None


def test_a_match_picked_while_the_scan_asks_tmdb_is_refused(root_folder, library, monkeypatch):
    library("Xyzzy (2011)", {"x.mkv": GB})
    row = scanned(root_folder)["Xyzzy (2011)"]
    real = services.lookup_movie

    def scan_starts_meanwhile(tmdb_id):
        set_state(root_folder, LibraryScan.SCANNING)
        return real(tmdb_id)

    monkeypatch.setattr(services, "lookup_movie", scan_starts_meanwhile)

    with pytest.raises(imports.CannotChange):
        imports.choose_match(row, 949)

    assert ScannedFolder.objects.get(pk=row.pk).tmdb_id is None


def test_a_match_on_a_row_a_newer_scan_replaced_is_refused_and_not_resurrected(
    root_folder, library
):
    library("Xyzzy (2011)", {"x.mkv": GB})
    stale = scanned(root_folder)["Xyzzy (2011)"]
    scanned(root_folder)  # a second scan replaces every row

    with pytest.raises(imports.CannotChange):
        imports.choose_match(stale, 949)

    assert not ScannedFolder.objects.filter(pk=stale.pk).exists()
    assert ScannedFolder.objects.get().tmdb_id is None


# A failed scan keeps the previous rows -------------------------------------------------


def test_a_scan_that_fails_half_way_keeps_the_previous_rows_and_picks(
    root_folder, library, monkeypatch
):
    library("Alien (1979)", {"a.mkv": GB})
    library("Xyzzy (2011)", {"x.mkv": GB})
    row = scanned(root_folder)["Xyzzy (2011)"]
    imports.choose_match(row, 949)
    before = sorted(ScannedFolder.objects.values_list("pk", "name", "tmdb_id"))
    real = scanning.describe_folder

    def dies_on_the_second(folder, *args):
        if folder.name == "Xyzzy (2011)":
            raise RuntimeError("worker died")
        return real(folder, *args)

    monkeypatch.setattr(scanning, "describe_folder", dies_on_the_second)

    with pytest.raises(RuntimeError):
        imports.start_scan(root_folder)

    assert sorted(ScannedFolder.objects.values_list("pk", "name", "tmdb_id")) == before
    assert LibraryScan.objects.get().state == LibraryScan.FAILED


def test_a_scan_whose_claim_was_taken_over_writes_no_rows(root_folder, library, monkeypatch):
    library("Alien (1979)", {"a.mkv": GB})
    before = sorted(scanned(root_folder))
    real = scanning.describe_folder

    def another_run_takes_over(folder, *args):
        LibraryScan.objects.update(started_at=None)  # as a newer claim would
        return real(folder, *args)

    library("Heat (1995)", {"h.mkv": GB})
    monkeypatch.setattr(scanning, "describe_folder", another_run_takes_over)
    imports.start_scan(root_folder)

    assert sorted(ScannedFolder.objects.values_list("name", flat=True)) == before


# One folder index per import run -------------------------------------------------------


def test_an_import_reads_the_library_folders_once_however_many_rows(
    root_folder, library, quality_profile, monkeypatch
):
    for name in ("The Matrix (1999)", "Heat (1995)", "Alien (1979)"):
        library(name, {"m.mkv": GB})
    rows = scanned(root_folder)
    reads = []
    real = PathIndex.of.__func__

    def counted(cls, movies):
        reads.append(1)
        return real(cls, movies)

    monkeypatch.setattr(PathIndex, "of", classmethod(counted))

    outcome = imports.import_selected(
        root_folder, [row.pk for row in rows.values()], quality_profile=quality_profile
    )

    assert outcome.counts["imported"] == 3 and len(reads) == 1


def test_a_movie_added_during_a_run_joins_the_runs_folder_index(
    root_folder, library, quality_profile
):
    folder = library("The Matrix (1999)", {"m.mkv": GB})
    index = PathIndex([])

    services.add_movie(
        603,
        root_folder=root_folder,
        quality_profile=quality_profile,
        path=str(folder),
        path_index=index,
    )

    assert index.clash(str(folder / "extras")) is not None
