"""The Library Import page helps the review: duplicates, notes, ticking, order, status."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from movies import imports
from movies.models import Movie, ScannedFolder
from tests.imports.conftest import GB

pytestmark = pytest.mark.usefixtures("fake_tmdb")


def page(client, root_folder) -> str:
    return client.get(reverse("movies:import"), {"root": root_folder.pk}).content.decode()


def scan(client, root_folder):
    return client.post(reverse("movies:import_scan"), {"root": root_folder.pk}, follow=True)


def post_run(client, root_folder, profile, **extra):
    data = {
        "root": root_folder.pk,
        "quality_profile": profile.pk,
        "minimum_availability": "released",
        **extra,
    }
    return client.post(reverse("movies:import_run"), data, follow=True)


@pytest.fixture
def two_matrix_folders(admin_client, root_folder, library):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Matrix 1999 remaster", {"b.mkv": 9 * GB})
    scan(admin_client, root_folder)
    copy = ScannedFolder.objects.get(name="Matrix 1999 remaster")
    imports.choose_match(copy, 603)
    return ScannedFolder.objects.get(name="The Matrix (1999)"), copy


def test_two_folders_matched_to_one_movie_name_each_other(
    admin_client, root_folder, two_matrix_folders
):
    content = page(admin_client, root_folder)

    said = "The Matrix (1999) is also matched by folder \u2018{}\u2019."
    assert said.format("Matrix 1999 remaster") in content
    assert said.format("The Matrix (1999)") in content


def test_two_ticked_folders_of_one_movie_carry_the_refusal_on_both_rows(
    admin_client, root_folder, two_matrix_folders
):
    content = page(admin_client, root_folder)

    assert content.count("another ticked folder points at the same movie") == 2


def test_importing_two_ticked_folders_of_one_movie_refuses_with_the_reason(
    admin_client, root_folder, two_matrix_folders, quality_profile
):
    first, copy = two_matrix_folders

    response = post_run(admin_client, root_folder, quality_profile, folders=[first.pk, copy.pk])

    assert Movie.objects.count() == 0
    assert "The Matrix (1999) was not imported: two ticked folders point at it." in (
        response.content.decode()
    )


def test_an_unticked_twin_lifts_the_refusal(admin_client, root_folder, two_matrix_folders):
    first, _copy = two_matrix_folders
    ScannedFolder.objects.filter(pk=first.pk).update(selected=False)

    content = page(admin_client, root_folder)

    assert "is also matched by folder" in content
    assert "another ticked folder points at the same movie" not in content


def test_a_folder_with_several_videos_says_which_becomes_the_movie_file(
    admin_client, root_folder, library
):
    library("The Matrix (1999)", {"small.mkv": GB, "big.mkv": 8 * GB})
    scan(admin_client, root_folder)

    content = page(admin_client, root_folder)

    assert (
        "2 video files; the largest, big.mkv, becomes the movie file;"
        " the others stay on disk untouched." in content
    )


def test_a_quality_guessed_from_the_extension_says_so(admin_client, root_folder, library):
    library("The Matrix (1999)", {"The.Matrix.1999.mkv": 8 * GB})
    scan(admin_client, root_folder)

    content = page(admin_client, root_folder)

    assert "(from the .mkv extension)" in content


def test_a_quality_named_in_the_file_has_no_extension_note(admin_client, root_folder, library):
    library("The Matrix (1999)", {"The.Matrix.1999.1080p.BluRay.x264-GRP.mkv": 8 * GB})
    scan(admin_client, root_folder)

    content = page(admin_client, root_folder)

    assert "Bluray-1080p" in content and "extension)" not in content


def test_untick_all_unticks_every_matched_folder(
    admin_client, root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})
    scan(admin_client, root_folder)

    post_run(admin_client, root_folder, quality_profile, tick="none")

    assert not ScannedFolder.objects.filter(selected=True).exists()
    assert Movie.objects.count() == 0  # ticking is not importing


def test_tick_all_ticks_every_matched_folder(admin_client, root_folder, library, quality_profile):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})
    scan(admin_client, root_folder)
    ScannedFolder.objects.update(selected=False)

    post_run(admin_client, root_folder, quality_profile, tick="all")

    assert ScannedFolder.objects.filter(status="matched", selected=False).count() == 0
    assert Movie.objects.count() == 0


def test_the_table_header_has_a_tick_all_box(admin_client, root_folder, library):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    scan(admin_client, root_folder)

    assert 'aria-label="Tick all folders on this page"' in page(admin_client, root_folder)


def test_folders_are_listed_in_natural_order(admin_client, root_folder, library):
    for n in (10, 2, 1):
        library(f"Home Video {n}", {"v.mkv": GB})
    scan(admin_client, root_folder)

    content = page(admin_client, root_folder)

    positions = [content.index(f"<strong>Home Video {n}</strong>") for n in (1, 2, 10)]
    assert positions == sorted(positions)


def test_a_finished_scan_shows_its_outcome_and_no_scanning_message(
    admin_client, root_folder, library
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})

    content = scan(admin_client, root_folder).content.decode()

    assert f"Scanning {root_folder.path}." not in content
    assert "Scanned 1 folders: 1 matched." in content


def test_a_missing_root_shows_only_the_error(admin_client, root_folder):
    shutil.rmtree(root_folder.path)

    content = scan(admin_client, root_folder).content.decode()

    assert "Cannot read the root folder" in content
    assert "Scanning" not in content and "Last scan of" not in content


def test_a_row_whose_movie_was_imported_from_elsewhere_shows_in_library_unticked(
    admin_client, root_folder, library, quality_profile, tmp_path
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    scan(admin_client, root_folder)
    row = ScannedFolder.objects.get()
    from movies import services

    services.add_movie(
        603,
        root_folder=root_folder,
        quality_profile=quality_profile,
        path=str(tmp_path / "movies" / "Elsewhere"),
    )

    content = page(admin_client, root_folder)

    assert '<span class="badge">In library</span>' in content
    assert f'name="folders" value="{row.pk}"' not in content
    assert "high 99" not in content


def test_the_shown_root_is_marked_current_among_several(admin_client, root_folder, tmp_path):
    from movies.models import RootFolder

    other_path = tmp_path / "more"
    other_path.mkdir()
    other = RootFolder(path=str(other_path))
    other.probe_disk()
    other.save()

    content = admin_client.get(reverse("movies:import"), {"root": other.pk}).content.decode()

    assert f'?root={other.pk}" aria-current="page"' in content
    assert f'?root={root_folder.pk}" aria-current' not in content


def test_a_background_import_leaves_no_flash_behind(
    admin_client, root_folder, library, quality_profile, monkeypatch
):
    from movies.imports import importing

    monkeypatch.setattr(importing, "IMPORT_INLINE_LIMIT", 1)
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})
    scan(admin_client, root_folder)
    ids = list(ScannedFolder.objects.values_list("pk", flat=True))

    content = post_run(admin_client, root_folder, quality_profile, folders=ids).content.decode()

    assert Movie.objects.count() == 2  # the task ran (synchronously in tests)
    assert "in the background" not in content
    assert "Import done: 2 imported" in content  # the status comes from the run's record
