"""The Library Import pages: admins scan, adjust and import; members are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies import imports
from movies.models import LibraryScan, Movie, ScannedFolder
from tests.imports.conftest import GB

pytestmark = pytest.mark.usefixtures("fake_tmdb")


def page(client, root_folder):
    return client.get(reverse("movies:import"), {"root": root_folder.pk})


def scan(client, root_folder):
    return client.post(reverse("movies:import_scan"), {"root": root_folder.pk})


def test_members_cannot_open_the_page(member_client, root_folder):
    assert page(member_client, root_folder).status_code == 403


def test_members_cannot_start_a_scan(member_client, root_folder):
    assert scan(member_client, root_folder).status_code == 403
    assert not LibraryScan.objects.exists()


@pytest.fixture
def scanned_row(root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    assert imports.start_scan(root_folder)
    return ScannedFolder.objects.get()


def test_members_cannot_search_tmdb_for_a_folder(member_client, scanned_row):
    response = member_client.get(reverse("movies:import_search", args=[scanned_row.pk]))

    assert response.status_code == 403


def test_members_cannot_change_a_folders_match(member_client, scanned_row):
    url = reverse("movies:import_match", args=[scanned_row.pk])

    assert member_client.post(url, {"tmdb_id": 949}).status_code == 403
    assert ScannedFolder.objects.get().tmdb_id is None


def test_members_cannot_run_an_import(member_client, root_folder, scanned_row, quality_profile):
    response = member_client.post(
        reverse("movies:import_run"),
        {
            "root": root_folder.pk,
            "folders": [scanned_row.pk],
            "quality_profile": quality_profile.pk,
            "minimum_availability": "released",
        },
    )

    assert response.status_code == 403 and not Movie.objects.exists()


def test_members_cannot_poll_the_scan_status(member_client, root_folder):
    url = reverse("movies:import_status", args=[root_folder.pk])

    assert member_client.get(url, HTTP_HX_REQUEST="true").status_code == 403


def test_members_do_not_see_the_nav_link(member_client):
    assert reverse("movies:import") not in member_client.get("/").content.decode()


def test_admins_see_the_nav_link(admin_client):
    assert reverse("movies:import") in admin_client.get("/").content.decode()


def test_the_page_without_root_folders_says_to_add_one(admin_client):
    response = admin_client.get(reverse("movies:import"))
    assert response.status_code == 200 and "Add a root folder" in response.content.decode()


def test_a_root_never_scanned_invites_a_scan(admin_client, root_folder):
    assert "has not been scanned yet" in page(admin_client, root_folder).content.decode()


def test_scan_then_the_page_shows_the_proposed_matches(admin_client, root_folder, library):
    library("The Matrix (1999)", {"The.Matrix.1999.1080p.BluRay.x264-GRP.mkv": 8 * GB})
    library("Xyzzy (2011)", {"x.mkv": GB})

    response = scan(admin_client, root_folder)

    assert response.status_code == 302
    content = page(admin_client, root_folder).content.decode()
    assert "The Matrix" in content and "(1999)" in content and "Bluray-1080p" in content
    assert "high" in content and "8.0\xa0GB" in content
    assert "No TMDB result for &#x27;Xyzzy&#x27; (2011)" in content
    assert 'name="folders"' in content and 'form="import-form"' in content


def test_the_page_lists_loose_files_with_the_reason(admin_client, root_folder):
    from pathlib import Path

    from tests.imports.conftest import make_file

    make_file(Path(root_folder.path) / "Heat.1995.mkv", GB)
    scan(admin_client, root_folder)

    content = page(admin_client, root_folder).content.decode()
    assert "Not importable" in content and "move each into its own folder" in content


def test_folder_names_are_escaped(admin_client, root_folder, library):
    library("<script>Heat (1995)", {"h.mkv": GB})
    scan(admin_client, root_folder)

    content = page(admin_client, root_folder).content.decode()
    assert "&lt;script&gt;Heat (1995)" in content and "<script>Heat" not in content


def test_a_running_scan_shows_progress_and_polls(admin_client, root_folder):
    from radarr_site import progress

    record = imports.scan_of(root_folder)
    LibraryScan.objects.filter(pk=record.pk).update(state=LibraryScan.SCANNING)
    progress.start(imports.scan_progress_name(root_folder), 412)
    progress.advance(imports.scan_progress_name(root_folder), 37, "Scanning 37/412: Heat (1995)")

    content = page(admin_client, root_folder).content.decode()

    assert "Scanning 37/412: Heat (1995)" in content
    assert 'hx-trigger="every 2s"' in content
    assert reverse("movies:import_status", args=[root_folder.pk]) in content


def test_the_status_fragment_stops_polling_when_the_scan_is_done(
    admin_client, root_folder, library
):
    library("Heat (1995)", {"h.mkv": GB})
    scan(admin_client, root_folder)

    response = admin_client.get(
        reverse("movies:import_status", args=[root_folder.pk]), HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert "<html" not in content and "Heat" in content and "every 2s" not in content


def test_the_status_fragment_without_htmx_redirects_to_the_page(admin_client, root_folder):
    response = admin_client.get(reverse("movies:import_status", args=[root_folder.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"?root={root_folder.pk}")


def test_a_second_scan_while_one_runs_is_refused_with_a_message(admin_client, root_folder):
    record = imports.scan_of(root_folder)
    LibraryScan.objects.filter(pk=record.pk).update(state=LibraryScan.SCANNING)

    response = scan(admin_client, root_folder)

    assert response.status_code == 302
    content = admin_client.get(response["Location"]).content.decode()
    assert "already being scanned" in content


def test_import_selected_imports_the_ticked_folders(
    admin_client, root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    library("Heat (1995)", {"h.mkv": 8 * GB})
    scan(admin_client, root_folder)
    matrix = ScannedFolder.objects.get(name="The Matrix (1999)")

    response = admin_client.post(
        reverse("movies:import_run"),
        {
            "root": root_folder.pk,
            "folders": [matrix.pk],
            "quality_profile": quality_profile.pk,
            "minimum_availability": "released",
        },
    )

    assert response.status_code == 302
    movie = Movie.objects.get()
    assert movie.tmdb_id == 603 and movie.monitored is False  # the box was not ticked
    assert "Imported 1 movie(s)." in admin_client.get(response["Location"]).content.decode()


def test_import_without_ticked_folders_says_so(admin_client, root_folder, quality_profile):
    response = admin_client.post(
        reverse("movies:import_run"),
        {
            "root": root_folder.pk,
            "quality_profile": quality_profile.pk,
            "minimum_availability": "released",
        },
        follow=True,
    )
    assert "Tick at least one folder" in response.content.decode()


def test_the_row_search_without_js_is_a_page_with_results(admin_client, root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    scan(admin_client, root_folder)
    row = ScannedFolder.objects.get()

    response = admin_client.get(reverse("movies:import_search", args=[row.pk]), {"q": "heat"})

    content = response.content.decode()
    assert "<html" in content and "Heat" in content
    assert f'action="{reverse("movies:import_match", args=[row.pk])}"' in content


def test_the_row_search_with_htmx_is_a_fragment(admin_client, root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    scan(admin_client, root_folder)
    row = ScannedFolder.objects.get()

    response = admin_client.get(
        reverse("movies:import_search", args=[row.pk]), {"q": "heat"}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert "<html" not in content and 'value="949"' in content


def test_choosing_a_match_with_htmx_returns_the_updated_row(admin_client, root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    scan(admin_client, root_folder)
    row = ScannedFolder.objects.get()

    response = admin_client.post(
        reverse("movies:import_match", args=[row.pk]), {"tmdb_id": 949}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert content.lstrip().startswith(f'<tbody id="folder-{row.pk}"')
    assert "Heat" in content and "chosen" in content
    row.refresh_from_db()
    assert (row.status, row.tmdb_id, row.selected) == ("matched", 949, True)


def test_choosing_a_match_without_js_goes_back_to_the_page(admin_client, root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    scan(admin_client, root_folder)
    row = ScannedFolder.objects.get()

    response = admin_client.post(reverse("movies:import_match", args=[row.pk]), {"tmdb_id": 949})

    assert response.status_code == 302 and ScannedFolder.objects.get().tmdb_id == 949


def test_choosing_a_movie_tmdb_does_not_know_shows_the_error(admin_client, root_folder, library):
    library("Xyzzy (2011)", {"x.mkv": GB})
    scan(admin_client, root_folder)
    row = ScannedFolder.objects.get()

    response = admin_client.post(
        reverse("movies:import_match", args=[row.pk]), {"tmdb_id": 999999}, follow=True
    )

    assert "TMDB has no movie with id 999999" in response.content.decode()
    assert ScannedFolder.objects.get().tmdb_id is None


def test_the_import_form_goes_once_everything_is_imported(
    admin_client, root_folder, library, quality_profile
):
    library("The Matrix (1999)", {"a.mkv": 8 * GB})
    scan(admin_client, root_folder)
    assert "Import selected" in page(admin_client, root_folder).content.decode()
    imports.import_selected(
        root_folder, [ScannedFolder.objects.get().pk], quality_profile=quality_profile
    )

    content = page(admin_client, root_folder).content.decode()

    assert "Import selected" not in content and "Imported" in content
