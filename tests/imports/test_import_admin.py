"""The library import's scans in the Django admin: read-only lists with counts and status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import LibraryScan, Movie, QualityProfile, ScannedFolder

pytestmark = pytest.mark.django_db

SCANS = reverse("admin:movies_libraryscan_changelist")
FOLDERS = reverse("admin:movies_scannedfolder_changelist")


@pytest.fixture
def scan(root_folder):
    scan = LibraryScan.objects.create(root_folder=root_folder, state=LibraryScan.IDLE)
    folders = [
        ("Alien (1979)", ScannedFolder.MATCHED, "", 348),
        ("Heat (1995)", ScannedFolder.MATCHED, "", 949),
        ("Home Videos", ScannedFolder.UNMATCHED, "No movie on TMDB matches “Home Videos”.", None),
        ("Up (2009)", ScannedFolder.IMPORTED, "", 14160),
    ]
    for name, status, reason, tmdb_id in folders:
        ScannedFolder.objects.create(
            scan=scan,
            name=name,
            path=f"{root_folder.path}/{name}",
            status=status,
            reason=reason,
            tmdb_id=tmdb_id,
            title=name.split(" (")[0] if tmdb_id else "",
            year=int(name[-5:-1]) if tmdb_id else None,
            quality_id=7 if tmdb_id else 0,
        )
    return scan


def rows(response) -> list:
    return list(response.context["cl"].result_list)


def test_scan_list_counts_folders_by_status(admin_client, scan):
    response = admin_client.get(SCANS)
    [row] = rows(response)
    assert (row.folder_count, row.matched_count, row.unmatched_count, row.imported_count) == (
        4,
        2,
        1,
        1,
    )
    assert f'href="{FOLDERS}?scan__id__exact={scan.pk}">4</a>' in response.content.decode()


def test_scan_list_shows_root_folder_and_state(admin_client, scan, root_folder):
    scan.state, scan.message = LibraryScan.FAILED, "The root folder is not readable."
    scan.save()
    html = admin_client.get(SCANS).content.decode()
    assert root_folder.path in html and "Failed" in html
    assert "The root folder is not readable." in html


def test_folder_list_shows_status_reason_and_proposed_movie(admin_client, scan):
    html = admin_client.get(FOLDERS).content.decode()
    assert "No movie on TMDB matches “Home Videos”." in html
    assert "Alien (1979) [TMDB 348]" in html
    assert '<td class="field-quality">Bluray-1080p</td>' in html
    assert '<td class="field-status">Unmatched</td>' in html


def test_folder_list_names_the_library_movie_a_folder_uses(admin_client, scan, root_folder):
    movie = Movie.objects.create(
        tmdb_id=949,
        title="Heat",
        year=1995,
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/Heat (1995)",
    )
    ScannedFolder.objects.filter(name="Heat (1995)").update(
        status=ScannedFolder.IN_LIBRARY, movie=movie
    )
    response = admin_client.get(FOLDERS, {"status__exact": ScannedFolder.IN_LIBRARY})
    [row] = rows(response)
    assert row.name == "Heat (1995)"
    assert '<td class="field-proposed_movie">Heat (1995)</td>' in response.content.decode()


def test_folder_list_filters_by_status(admin_client, scan):
    response = admin_client.get(FOLDERS, {"status__exact": ScannedFolder.UNMATCHED})
    assert [folder.name for folder in rows(response)] == ["Home Videos"]


def test_folder_list_filters_by_scan_from_the_scan_link(admin_client, scan, tmp_path):
    from movies.models import RootFolder

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = LibraryScan.objects.create(root_folder=RootFolder.objects.create(path=str(other_dir)))
    ScannedFolder.objects.create(scan=other, name="Brazil (1985)", path=f"{other_dir}/Brazil")
    response = admin_client.get(FOLDERS, {"scan__id__exact": other.pk})
    assert [folder.name for folder in rows(response)] == ["Brazil (1985)"]


def test_scans_and_folders_cannot_be_added_changed_or_deleted(admin_client, scan):
    folder = scan.folders.first()
    assert admin_client.get(reverse("admin:movies_libraryscan_add")).status_code == 403
    assert admin_client.get(reverse("admin:movies_scannedfolder_add")).status_code == 403
    change = reverse("admin:movies_scannedfolder_change", args=[folder.pk])
    response = admin_client.post(change, {"name": "Renamed", "status": "imported"})
    assert response.status_code == 403
    delete = reverse("admin:movies_libraryscan_delete", args=[scan.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    folder.refresh_from_db()
    assert folder.name != "Renamed" and LibraryScan.objects.filter(pk=scan.pk).exists()


def test_a_folder_opens_read_only(admin_client, scan):
    folder = scan.folders.get(name="Home Videos")
    response = admin_client.get(reverse("admin:movies_scannedfolder_change", args=[folder.pk]))
    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()


def test_members_cannot_open_the_scan_admin(member_client, scan):
    response = member_client.get(SCANS)
    assert response.status_code in (302, 403)
