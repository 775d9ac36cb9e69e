"""Scanning a root folder into proposed matches against the fake TMDB (real folders)."""

from __future__ import annotations

import pytest

from movies import imports, services
from movies.imports.scan import LOOSE_FILE_REASON
from movies.models import LibraryScan, ScannedFolder
from radarr_site import progress
from tests.imports.conftest import GB, MB, make_file

pytestmark = pytest.mark.usefixtures("fake_tmdb")


def scan(root_folder) -> dict[str, ScannedFolder]:
    assert imports.start_scan(root_folder)  # django-q runs it inline in tests
    return {row.name: row for row in imports.scan_of(root_folder).folders.all()}


def test_matches_title_and_year_folders_with_high_confidence(root_folder, library):
    library("The Matrix (1999)", {"The.Matrix.1999.1080p.BluRay.x264-GRP.mkv": 8 * GB})

    row = scan(root_folder)["The Matrix (1999)"]

    assert (row.status, row.tmdb_id, row.title, row.year) == ("matched", 603, "The Matrix", 1999)
    assert row.confidence_label == "high" and row.selected


def test_reads_quality_size_and_main_file_from_the_folder(root_folder, library):
    library("Heat (1995)", {"Heat.1995.1080p.BluRay.x264-GRP.mkv": 8 * GB, "extra.mkv": GB})

    row = scan(root_folder)["Heat (1995)"]

    assert row.main_file == "Heat.1995.1080p.BluRay.x264-GRP.mkv"
    assert (row.file_count, row.size, row.main_file_size) == (2, 9 * GB, 8 * GB)
    assert row.quality_name == "Bluray-1080p"


def test_matches_a_scene_named_folder(root_folder, library):
    library("Inception.2010.1080p.BluRay.x264-GRP", {"grp-inception.mkv": 6 * GB})

    row = scan(root_folder)["Inception.2010.1080p.BluRay.x264-GRP"]

    assert (row.tmdb_id, row.confidence_label) == (27205, "high")


def test_a_tmdb_id_in_the_name_wins_over_the_title(root_folder, library, fake_tmdb):
    # Two films called Dune; the id says which one.
    library("Dune (1984) {tmdb-841}", {"Dune.mkv": 4 * GB})

    row = scan(root_folder)["Dune (1984) {tmdb-841}"]

    assert (row.tmdb_id, row.confidence) == (841, 100)
    assert "/3/search/movie" not in fake_tmdb.paths()


def test_an_imdb_id_in_the_name_is_found_on_tmdb(root_folder, library, fake_tmdb):
    library("Some Folder [imdb-tt0133093]", {"movie.mkv": 4 * GB})

    row = scan(root_folder)["Some Folder [imdb-tt0133093]"]

    assert (row.tmdb_id, row.confidence) == (603, 100)
    assert "/3/find/tt0133093" in fake_tmdb.paths()


def test_a_year_one_off_still_matches_with_lower_confidence(root_folder, library):
    library("Dune (2020)", {"Dune.2020.mkv": 4 * GB})
    library("Dune (2021)", {"Dune.2021.mkv": 4 * GB})

    rows = scan(root_folder)

    assert rows["Dune (2020)"].tmdb_id == rows["Dune (2021)"].tmdb_id == 438631
    assert rows["Dune (2020)"].confidence < rows["Dune (2021)"].confidence


def test_a_folder_named_by_hand_without_a_year_is_searched_by_its_words(root_folder, library):
    library("Heat", {"movie.mkv": GB})

    row = scan(root_folder)["Heat"]

    assert (row.status, row.tmdb_id, row.title) == ("matched", 949, "Heat")


def test_a_hashed_folder_name_is_not_searched(root_folder, library):
    library("0e895c37245186812cb08aab1529cf8ee389dd05", {"a8f7e6d5c4b3.mkv": GB})

    row = scan(root_folder)["0e895c37245186812cb08aab1529cf8ee389dd05"]

    assert row.status == "unmatched" and row.tmdb_id is None
    assert "No title in the folder name" in row.reason


def test_a_folder_tmdb_does_not_know_is_unmatched_with_the_reason(root_folder, library):
    library("Xyzzy Plugh (2011)", {"xyzzy.mkv": GB})

    row = scan(root_folder)["Xyzzy Plugh (2011)"]

    assert row.status == "unmatched" and row.tmdb_id is None
    assert row.reason == "No TMDB result for 'Xyzzy Plugh' (2011)"
    assert row.can_change_match  # the user can still search for it


def test_a_folder_without_video_is_unmatched_with_the_reason(root_folder, library):
    library("Up (2009)", {"Up.2009.nfo": 100, "sample.mkv": 20 * MB})

    row = scan(root_folder)["Up (2009)"]

    assert (row.status, row.reason) == ("unmatched", "No video file")
    assert not row.can_change_match


def test_loose_files_in_the_root_are_listed_as_unmatched(root_folder):
    make_file(imports_root(root_folder) / "The.Matrix.1999.mkv", GB)

    row = scan(root_folder)["The.Matrix.1999.mkv"]

    assert row.loose_file and row.status == "unmatched" and row.reason == LOOSE_FILE_REASON


def imports_root(root_folder):
    from pathlib import Path

    return Path(root_folder.path)


def test_a_folder_a_library_movie_uses_is_not_a_candidate(root_folder, library, quality_profile):

    folder = library("The Matrix (1999)", {"m.mkv": GB})
    services.add_movie(
        603, root_folder=root_folder, quality_profile=quality_profile, path=str(folder)
    )

    row = scan(root_folder)["The Matrix (1999)"]

    assert (
        row.status == "in_library" and row.reason == "Already in the library as The Matrix (1999)"
    )


def test_a_match_already_in_the_library_elsewhere_is_skipped(root_folder, library, quality_profile):

    services.add_movie(603, root_folder=root_folder, quality_profile=quality_profile)
    library("Matrix, The (1999) copy", {"m.mkv": GB})
    library("The Matrix (1999) {tmdb-603}", {"m.mkv": GB})

    row = scan(root_folder)["The Matrix (1999) {tmdb-603}"]

    assert row.status == "in_library" and not row.selected
    assert row.reason.startswith("Already in the library as The Matrix (1999)")


def test_a_tmdb_failure_marks_the_folder_and_the_scan_goes_on(root_folder, library, fake_tmdb):
    library("Alien (1979)", {"a.mkv": GB})
    library("Heat (1995)", {"h.mkv": GB})
    services.refresh_image_configuration()  # so the failure meets the first search
    fake_tmdb.fail_next(401)  # the first folder's search; a bad key is never retried

    rows = scan(root_folder)

    assert rows["Alien (1979)"].status == "unmatched"
    assert rows["Alien (1979)"].reason.startswith("TMDB failed:")
    assert rows["Heat (1995)"].tmdb_id == 949


def test_no_tmdb_key_stops_the_scan_with_a_clear_message(root_folder, library, settings):
    settings.TMDB_API_KEY = ""
    library("Alien (1979)", {"a.mkv": GB})

    scan(root_folder)

    record = imports.scan_of(root_folder)
    assert record.state == LibraryScan.FAILED and "No TMDB API key" in record.message
    assert progress.get(imports.scan_progress_name(root_folder)).state == "failed"


def test_an_unreadable_root_folder_fails_the_scan_with_the_reason(root_folder, tmp_path):
    import shutil

    shutil.rmtree(root_folder.path)

    scan(root_folder)

    record = imports.scan_of(root_folder)
    assert record.state == LibraryScan.FAILED and "Cannot read the root folder" in record.message


def test_scanning_again_gives_the_same_rows(root_folder, library):
    library("The Matrix (1999)", {"m.mkv": GB})
    library("Xyzzy (2011)", {"x.mkv": GB})

    first = {n: (r.status, r.tmdb_id, r.reason) for n, r in scan(root_folder).items()}
    second = {n: (r.status, r.tmdb_id, r.reason) for n, r in scan(root_folder).items()}

    assert first == second and len(second) == 2


def test_a_match_the_user_chose_survives_a_new_scan(root_folder, library):
    library("Heat (1995)", {"h.mkv": GB})
    row = scan(root_folder)["Heat (1995)"]
    imports.choose_match(row, 807)  # the user says it is Se7en

    row = scan(root_folder)["Heat (1995)"]

    assert (row.tmdb_id, row.chosen, row.confidence_label) == (807, True, "chosen")


def test_a_second_scan_of_the_same_root_is_refused_while_one_runs(root_folder):
    record = imports.scan_of(root_folder)
    LibraryScan.objects.filter(pk=record.pk).update(state=LibraryScan.SCANNING)

    assert imports.start_scan(root_folder) is False


def test_a_scan_left_running_by_a_dead_worker_can_be_restarted(root_folder, library):
    from datetime import timedelta

    from django.utils import timezone

    record = imports.scan_of(root_folder)
    long_ago = timezone.now() - timedelta(days=1)
    LibraryScan.objects.filter(pk=record.pk).update(state="scanning", updated_at=long_ago)

    assert imports.start_scan(root_folder) is True


def test_the_scan_records_its_progress(root_folder, library):
    library("Alien (1979)", {"a.mkv": GB})
    library("Heat (1995)", {"h.mkv": GB})

    scan(root_folder)

    record = progress.get(imports.scan_progress_name(root_folder))
    assert (record.state, record.done, record.total) == ("done", 2, 2)
    assert record.message == "Scanned 2 folders: 2 matched."


def test_progress_names_the_folder_being_scanned(root_folder, library, monkeypatch):
    from movies.imports import scanning

    seen = []
    real = scanning.describe_folder

    def spy(folder, *args):
        seen.append(progress.get(imports.scan_progress_name(root_folder)).message)
        return real(folder, *args)

    monkeypatch.setattr(scanning, "describe_folder", spy)
    library("Alien (1979)", {"a.mkv": GB})
    library("Heat (1995)", {"h.mkv": GB})

    scan(root_folder)

    assert seen == ["Scanning 1/2: Alien (1979)", "Scanning 2/2: Heat (1995)"]


def test_a_linked_folder_leading_outside_the_root_is_not_imported(root_folder, tmp_path):
    import os

    outside = tmp_path / "elsewhere" / "Heat (1995)"
    make_file(outside / "Heat.mkv", GB)
    os.symlink(outside, imports_root(root_folder) / "Heat (1995)")

    row = scan(root_folder)["Heat (1995)"]

    assert row.status == "unmatched" and "outside the root folder" in row.reason
    assert not row.can_change_match


def test_a_titled_folder_with_an_imdb_id_matches_by_the_id(root_folder, library):
    library("Dune (1984) [imdb-tt0087182]", {"dune.mkv": 4 * GB})

    row = scan(root_folder)["Dune (1984) [imdb-tt0087182]"]

    assert (row.tmdb_id, row.confidence) == (841, 100)


def test_a_file_left_out_of_the_scan_is_named_on_the_matched_row(root_folder, library):
    import os

    folder = library("The Matrix (1999)", {"The.Matrix.1999.1080p.BluRay.x264-GRP.mkv": 8 * GB})
    os.symlink("loop.mkv", folder / "loop.mkv")

    row = scan(root_folder)["The Matrix (1999)"]

    assert row.status == "matched" and row.tmdb_id == 603
    assert "Cannot read loop.mkv" in row.reason


def test_a_folder_whose_only_video_cannot_be_read_says_why(root_folder, library):
    import os

    folder = library("The Matrix (1999)")
    os.symlink("loop.mkv", folder / "loop.mkv")

    row = scan(root_folder)["The Matrix (1999)"]

    assert row.status == "unmatched"
    assert row.reason.startswith("No video file; Cannot read loop.mkv")
