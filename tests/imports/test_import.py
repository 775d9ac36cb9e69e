"""Importing scanned folders: Movie with the existing folder, MovieFile from the file name."""

from __future__ import annotations

import os

import pytest

from movies import imports, services
from movies.models import LibraryScan, Movie, MovieFile, ScannedFolder
from radarr_site import progress
from tests.imports.conftest import GB, snapshot

pytestmark = pytest.mark.usefixtures("fake_tmdb")

SCENE = "The.Matrix.1999.1080p.BluRay.x264-GRP"


def scanned(root_folder) -> dict[str, ScannedFolder]:
    assert imports.start_scan(root_folder)
    return {row.name: row for row in imports.scan_of(root_folder).folders.all()}


def run(root_folder, profile, rows, **options):
    return imports.import_selected(
        root_folder, [row.pk for row in rows], quality_profile=profile, **options
    )


def test_import_creates_the_movie_in_its_existing_folder(root_folder, library, quality_profile):
    folder = library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]

    outcome = run(root_folder, quality_profile, [row], minimum_availability="inCinemas")

    movie = Movie.objects.get(tmdb_id=603)
    assert outcome.counts["imported"] == 1
    assert movie.path == str(folder) and movie.root_folder == root_folder
    assert movie.minimum_availability == "inCinemas" and movie.quality_profile == quality_profile


def test_import_records_the_main_file_with_its_quality(root_folder, library, quality_profile):
    library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB, "other.avi": GB})
    run(root_folder, quality_profile, [scanned(root_folder)["The Matrix (1999)"]])

    movie_file = MovieFile.objects.get()
    assert movie_file.relative_path == f"{SCENE}.mkv" and movie_file.size == 8 * GB
    assert movie_file.quality_name == "Bluray-1080p" and movie_file.release_group == "GRP"
    assert movie_file.scene_name == SCENE
    movie = Movie.objects.get()
    assert movie.has_file and movie.size_on_disk == 8 * GB


def test_a_proper_file_is_imported_as_version_two(root_folder, library, quality_profile):
    library("Heat (1995)", {"Heat.1995.PROPER.720p.BluRay.x264-GRP.mkv": 4 * GB})
    run(root_folder, quality_profile, [scanned(root_folder)["Heat (1995)"]])

    movie_file = MovieFile.objects.get()
    assert (movie_file.quality_name, movie_file.quality_version) == ("Bluray-720p", 2)


def test_a_plain_file_name_takes_its_quality_from_a_scene_folder(
    root_folder, library, quality_profile
):
    library("Inception.2010.2160p.WEB-DL.DDP5.1.H.265-GRP", {"inception.mkv": 9 * GB})
    run(root_folder, quality_profile, list(scanned(root_folder).values()))

    movie_file = MovieFile.objects.get()
    assert movie_file.quality_name == "WEBDL-2160p"
    assert movie_file.scene_name == "Inception.2010.2160p.WEB-DL.DDP5.1.H.265-GRP"


def test_a_file_with_spaces_gets_no_scene_name(root_folder, library, quality_profile):
    library("Heat (1995)", {"Heat (1995) Bluray-1080p.mkv": 4 * GB})
    run(root_folder, quality_profile, [scanned(root_folder)["Heat (1995)"]])

    assert MovieFile.objects.get().scene_name == ""


def test_import_never_touches_the_files(root_folder, library, quality_profile):
    library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB, "extras/x.mkv": GB})
    library("Heat (1995)", {"Heat.mkv": GB})
    before = snapshot(root_folder.path)

    run(root_folder, quality_profile, list(scanned(root_folder).values()))

    assert Movie.objects.count() == 2 and snapshot(root_folder.path) == before


def test_importing_again_changes_nothing(root_folder, library, quality_profile):
    library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    run(root_folder, quality_profile, [row])

    outcome = run(root_folder, quality_profile, [row])

    assert outcome.counts == {"imported": 0, "in_library": 0, "skipped": 1, "failed": 0}
    assert Movie.objects.count() == 1 and MovieFile.objects.count() == 1


def test_scanning_after_an_import_shows_the_folder_in_the_library(
    root_folder, library, quality_profile
):
    library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB})
    run(root_folder, quality_profile, [scanned(root_folder)["The Matrix (1999)"]])

    row = scanned(root_folder)["The Matrix (1999)"]

    assert row.status == "in_library" and row.reason.startswith("Already in the library as")


def test_an_import_that_stopped_after_its_movie_gets_its_file_next_time(
    root_folder, library, quality_profile
):
    folder = library("The Matrix (1999)", {f"{SCENE}.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    services.add_movie(
        603, root_folder=root_folder, quality_profile=quality_profile, path=str(folder)
    )

    outcome = run(root_folder, quality_profile, [row])

    assert outcome.counts["imported"] == 1 and MovieFile.objects.count() == 1


def test_a_movie_added_elsewhere_since_the_scan_is_skipped(root_folder, library, quality_profile):
    library(SCENE, {f"{SCENE}.mkv": 8 * GB})
    row = scanned(root_folder)[SCENE]
    # Added from the add page meanwhile: a new "The Matrix (1999)" folder.
    existing = services.add_movie(603, root_folder=root_folder, quality_profile=quality_profile)

    outcome = run(root_folder, quality_profile, [row])

    row.refresh_from_db()
    assert outcome.counts["in_library"] == 1 and row.status == "in_library"
    assert row.movie == existing and MovieFile.objects.count() == 0


def test_two_ticked_folders_of_one_movie_are_both_refused_with_the_movie_named(
    root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Matrix (1999) copy", {"b.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})
    rows = scanned(root_folder)
    imports.choose_match(rows["Matrix (1999) copy"], 603)
    rows = scanned(root_folder)

    outcome = run(root_folder, quality_profile, list(rows.values()))

    assert outcome.conflicts == ["The Matrix (1999)"]
    assert list(Movie.objects.values_list("tmdb_id", flat=True)) == [949]  # Heat only
    assert {r.status for r in imports.scan_of(root_folder).folders.filter(tmdb_id=603)} == {
        "matched"
    }


def test_unticking_one_of_two_folders_of_a_movie_imports_the_other(
    root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Matrix (1999) copy", {"b.mkv": 8 * GB})
    rows = scanned(root_folder)
    imports.choose_match(rows["Matrix (1999) copy"], 603)
    rows = scanned(root_folder)

    outcome = run(root_folder, quality_profile, [rows["Matrix (1999) copy"]])

    assert outcome.conflicts == [] and outcome.counts["imported"] == 1
    assert Movie.objects.get().path.endswith("Matrix (1999) copy")


def test_a_file_gone_since_the_scan_is_not_imported(root_folder, library, quality_profile):
    folder = library("The Matrix (1999)", {"a.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    os.remove(folder / "a.mkv")

    outcome = run(root_folder, quality_profile, [row])

    row.refresh_from_db()
    assert outcome.counts["failed"] == 1 and Movie.objects.count() == 0
    assert row.status == "matched" and "no longer there" in row.reason


def test_a_tmdb_failure_during_import_leaves_the_row_to_try_again(
    root_folder, library, quality_profile, fake_tmdb
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    fake_tmdb.fail_next(401)

    outcome = run(root_folder, quality_profile, [row])

    row.refresh_from_db()
    assert outcome.counts["failed"] == 1 and Movie.objects.count() == 0
    assert row.status == "matched" and row.reason.startswith("TMDB failed:")


def test_unmatched_rows_are_not_imported(root_folder, library, quality_profile):
    library("Xyzzy (2011)", {"x.mkv": GB})
    row = scanned(root_folder)["Xyzzy (2011)"]

    outcome = run(root_folder, quality_profile, [row])

    assert outcome.counts["skipped"] == 1 and Movie.objects.count() == 0


def test_import_is_refused_while_a_scan_runs(root_folder, library, quality_profile):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    LibraryScan.objects.filter(root_folder=root_folder).update(state=LibraryScan.SCANNING)

    assert run(root_folder, quality_profile, [row]).refused
    assert Movie.objects.count() == 0


def test_many_folders_import_as_a_task_with_progress(
    root_folder, library, quality_profile, monkeypatch
):
    from movies.imports import importing

    monkeypatch.setattr(importing, "IMPORT_INLINE_LIMIT", 1)
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})

    outcome = run(root_folder, quality_profile, list(scanned(root_folder).values()))

    assert outcome.queued  # and django-q ran it inline, as tests configure it
    assert Movie.objects.count() == 2
    record = progress.get(imports.import_progress_name(root_folder))
    assert (record.state, record.done, record.total) == ("done", 2, 2)
    assert imports.scan_of(root_folder).state == LibraryScan.IDLE


def test_unticked_rows_are_remembered(root_folder, library, quality_profile):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})
    rows = scanned(root_folder)

    run(root_folder, quality_profile, [rows["Heat (1995)"]])

    rows["The Matrix (1999)"].refresh_from_db()
    assert rows["The Matrix (1999)"].selected is False


def test_add_movie_refuses_a_path_outside_the_root_folder(root_folder, quality_profile, tmp_path):
    with pytest.raises(ValueError, match="inside"):
        services.add_movie(
            603, root_folder=root_folder, quality_profile=quality_profile, path=str(tmp_path)
        )
    assert Movie.objects.count() == 0


def test_add_movie_refuses_a_path_inside_another_movies_folder(
    root_folder, library, quality_profile
):
    folder = library("The Matrix (1999)", {"a.mkv": GB})
    services.add_movie(
        603, root_folder=root_folder, quality_profile=quality_profile, path=str(folder)
    )

    with pytest.raises(ValueError, match="overlaps"):
        services.add_movie(
            949,
            root_folder=root_folder,
            quality_profile=quality_profile,
            path=str(folder / "Heat"),
        )


def test_a_quality_profile_deleted_before_the_task_runs_fails_it_and_frees_the_root(
    root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    row = scanned(root_folder)["The Matrix (1999)"]
    scan = imports.scan_of(root_folder)
    LibraryScan.objects.filter(pk=scan.pk).update(state=LibraryScan.IMPORTING)

    with pytest.raises(Exception, match="does not exist"):
        imports.run_import(scan.pk, [row.pk], 999999, True, "released")

    scan.refresh_from_db()
    assert scan.state == LibraryScan.FAILED and "The import stopped" in scan.message


def test_a_folder_matched_to_a_movie_in_the_library_can_take_another_match(
    root_folder, library, quality_profile
):
    services.add_movie(603, root_folder=root_folder, quality_profile=quality_profile)
    library("Heat (1995) {tmdb-603}", {"heat.mkv": 4 * GB})  # a wrong id in the name
    row = scanned(root_folder)["Heat (1995) {tmdb-603}"]
    assert row.status == "in_library"

    imports.choose_match(row, 949)
    outcome = run(root_folder, quality_profile, [row])

    assert outcome.counts["imported"] == 1 and Movie.objects.filter(tmdb_id=949).exists()
