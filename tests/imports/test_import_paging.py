"""The Library Import page pages its rows on the server and counts them per status."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from movies import imports
from movies.imports.proposals import PAGE_SIZE
from movies.models import LibraryScan, Movie, ScannedFolder
from tests.imports.conftest import GB

pytestmark = pytest.mark.usefixtures("fake_tmdb")


@pytest.fixture
def big_scan(root_folder):
    """A finished scan with PAGE_SIZE + 5 matched rows and 3 rows without a video."""
    scan = imports.scan_of(root_folder)
    LibraryScan.objects.filter(pk=scan.pk).update(started_at=timezone.now())
    rows = [
        ScannedFolder(
            scan=scan,
            name=f"Movie {n:03d}",
            path=f"{root_folder.path}/Movie {n:03d}",
            main_file="m.mkv",
            status=ScannedFolder.MATCHED,
            tmdb_id=1000 + n,
            title=f"Movie {n:03d}",
        )
        for n in range(PAGE_SIZE + 5)
    ]
    rows += [
        ScannedFolder(scan=scan, name=f"Empty {n}", path=f"{root_folder.path}/Empty {n}")
        for n in range(3)
    ]
    ScannedFolder.objects.bulk_create(rows)
    return scan


def page(client, root_folder, **query):
    return client.get(reverse("movies:import"), {"root": root_folder.pk, **query})


def test_the_page_shows_one_page_of_matches(admin_client, root_folder, big_scan):
    content = page(admin_client, root_folder).content.decode()

    assert "Movie 000" in content and f"Movie {PAGE_SIZE - 1:03d}" in content
    assert f"Movie {PAGE_SIZE:03d}" not in content
    assert "Page 1 of 2" in content


def test_the_next_page_shows_the_rest(admin_client, root_folder, big_scan):
    content = page(admin_client, root_folder, page=2).content.decode()

    assert f"Movie {PAGE_SIZE + 4:03d}" in content and "Movie 000" not in content


def test_the_page_counts_rows_per_status_over_the_whole_scan(admin_client, root_folder, big_scan):
    content = page(admin_client, root_folder, page=2).content.decode()

    assert f"Matched: {PAGE_SIZE + 5}" in content and "Unmatched: 3" in content


def test_the_page_reads_a_bounded_number_of_rows(root_folder, big_scan):
    result = imports.proposals(big_scan)

    assert len(result.matches.object_list) == PAGE_SIZE
    assert result.counts == {"matched": PAGE_SIZE + 5, "unmatched": 3}


def test_an_import_from_a_page_keeps_the_ticks_of_other_pages(
    root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"m.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 4 * GB})
    assert imports.start_scan(root_folder)
    matrix = imports.scan_of(root_folder).folders.get(name="The Matrix (1999)")

    # The page showed only The Matrix, unticked; Heat, on another page, stays ticked.
    outcome = imports.import_selected(
        root_folder, [], quality_profile=quality_profile, shown=[matrix.pk]
    )

    assert outcome.counts["imported"] == 1
    assert list(Movie.objects.values_list("tmdb_id", flat=True)) == [949]
    assert not ScannedFolder.objects.get(pk=matrix.pk).selected


def test_an_import_with_nothing_ticked_anywhere_says_so(
    admin_client, root_folder, big_scan, quality_profile
):
    ScannedFolder.objects.update(selected=False)

    response = admin_client.post(
        reverse("movies:import_run"),
        {
            "root": root_folder.pk,
            "shown": [row.pk for row in ScannedFolder.objects.all()[:3]],
            "quality_profile": quality_profile.pk,
            "minimum_availability": "released",
        },
        follow=True,
    )

    assert "Tick at least one folder to import." in response.content.decode()
    assert LibraryScan.objects.get().state == LibraryScan.IDLE
