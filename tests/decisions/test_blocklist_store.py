"""The blocklist model and the downloads services that read and write it."""

import pytest

from downloads.models import Blocklist
from downloads.services import BlocklistEntry, add_to_blocklist, blocklist_entries
from movies.models import Movie, QualityProfile


@pytest.fixture
def movie(seeded_qualities, root_folder):
    profile = QualityProfile.objects.get(name="HD-1080p")
    return Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        quality_profile=profile,
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )


@pytest.mark.django_db
def test_add_to_blocklist_stores_the_release_with_a_lower_case_hash(movie):
    row = add_to_blocklist(
        movie.pk,
        source_title="The.Matrix.1999.1080p.WEB-DL-GRP",
        guid="g-1",
        info_hash="ABCDEF",
        indexer="Example",
        protocol="torrent",
        quality_id=3,
        size=123,
        message="Download failed",
    )
    row.refresh_from_db()
    assert (row.info_hash, row.quality_name, row.message) == (
        "abcdef",
        "WEBDL-1080p",
        "Download failed",
    )


@pytest.mark.django_db
def test_blocklist_entries_returns_plain_entries_of_that_movie_only(movie, root_folder):
    other = Movie.objects.create(
        tmdb_id=604,
        title="The Matrix Reloaded",
        year=2003,
        quality_profile=movie.quality_profile,
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix Reloaded (2003)",
    )
    add_to_blocklist(movie.pk, source_title="Mine", guid="g-1")
    add_to_blocklist(other.pk, source_title="Theirs", guid="g-2")
    entries = blocklist_entries(movie.pk)
    assert [type(e) for e in entries] == [BlocklistEntry]
    assert [(e.source_title, e.guid) for e in entries] == [("Mine", "g-1")]


@pytest.mark.django_db
def test_deleting_the_movie_deletes_its_blocklist(movie):
    add_to_blocklist(movie.pk, source_title="Mine")
    movie.delete()
    assert not Blocklist.objects.exists()


@pytest.mark.django_db
def test_admin_lists_and_searches_the_blocklist(admin_client, movie):
    add_to_blocklist(movie.pk, source_title="The.Matrix.1999.CAM-BAD", message="Fake")
    add_to_blocklist(movie.pk, source_title="The.Matrix.1999.1080p-GOOD")
    response = admin_client.get("/admin/downloads/blocklist/", {"q": "CAM-BAD"})
    assert response.status_code == 200
    assert b"The.Matrix.1999.CAM-BAD" in response.content
    assert b"The.Matrix.1999.1080p-GOOD" not in response.content


@pytest.mark.django_db
def test_admin_deletes_a_blocklist_entry(admin_client, movie):
    row = add_to_blocklist(movie.pk, source_title="The.Matrix.1999.CAM-BAD")
    response = admin_client.post(f"/admin/downloads/blocklist/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Blocklist.objects.exists()


@pytest.mark.django_db
def test_member_cannot_reach_the_blocklist_admin(member_client, movie):
    response = member_client.get("/admin/downloads/blocklist/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_blocklist_keeps_the_release_publish_date_for_usenet_matching(movie):
    from datetime import UTC, datetime

    posted = datetime(2026, 11, 20, 7, 45, 12, tzinfo=UTC)
    add_to_blocklist(movie.pk, source_title="Post", protocol="usenet", publish_date=posted)
    [entry] = blocklist_entries(movie.pk)
    assert entry.publish_date == posted
