"""The movie page: metadata and files for everyone; edit, delete and refresh for admins."""

from __future__ import annotations

import os
import shutil

import pytest
from django.urls import reverse

from movies import services
from movies.models import Movie, MovieFile, QualityProfile, RootFolder, Tag
from radarr_site.http import Unavailable
from tests.movies.factories import make_movie

pytestmark = pytest.mark.usefixtures("posters")


@pytest.fixture
def matrix(root_folder):
    movie = make_movie(
        root_folder,
        title="The Matrix",
        year=1999,
        overview="A hacker learns the truth about his reality.",
        runtime=136,
        genres=["Action", "Science Fiction"],
        certification="R",
        studio="Village Roadshow Pictures",
        status="Released",
        collection_name="The Matrix Collection",
        rating=8.2,
        votes=26000,
        alternative_titles=["Matrix"],
        top_cast=[{"name": "Keanu Reeves", "character": "Neo", "profile_path": ""}],
        poster_path="/matrix.jpg",
        imdb_id="tt0133093",
    )
    folder = os.path.join(root_folder.path, "The Matrix (1999)")
    os.makedirs(folder)
    with open(os.path.join(folder, "The.Matrix.1999.1080p.mkv"), "wb") as fh:
        fh.write(b"x" * 64)
    Movie.objects.filter(pk=movie.pk).update(path=folder)
    MovieFile.objects.create(
        movie=movie,
        relative_path="The.Matrix.1999.1080p.mkv",
        size=64,
        quality_id=7,
        release_group="FraMeSToR",
    )
    movie.refresh_from_db()
    return movie


def test_shows_metadata_cast_and_files_to_members(member_client, matrix):
    response = member_client.get(reverse("movies:detail", args=[matrix.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for text in ("136 min", "Village Roadshow", "Keanu Reeves", "Neo", "The Matrix Collection"):
        assert text in content
    assert "The.Matrix.1999.1080p.mkv" in content
    assert "Bluray-1080p" in content and "FraMeSToR" in content
    assert "https://img.example/w342/matrix.jpg" in content


def test_members_see_no_edit_or_delete_controls(member_client, matrix):
    content = member_client.get(reverse("movies:detail", args=[matrix.pk])).content.decode()
    assert reverse("movies:edit", args=[matrix.pk]) not in content
    assert reverse("movies:delete", args=[matrix.pk]) not in content
    assert reverse("movies:refresh", args=[matrix.pk]) not in content


def test_admins_see_edit_delete_and_refresh(admin_client, matrix):
    content = admin_client.get(reverse("movies:detail", args=[matrix.pk])).content.decode()
    assert reverse("movies:edit", args=[matrix.pk]) in content
    assert reverse("movies:delete", args=[matrix.pk]) in content
    assert reverse("movies:refresh", args=[matrix.pk]) in content


def test_unknown_movie_is_404(member_client, db):
    assert member_client.get(reverse("movies:detail", args=[424242])).status_code == 404


@pytest.mark.parametrize("name", ["movies:edit", "movies:delete", "movies:refresh"])
def test_members_get_403_on_admin_actions(member_client, matrix, name):
    url = reverse(name, args=[matrix.pk])
    assert member_client.post(url, {"delete_files": "on"}).status_code == 403
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_edit_form_is_an_htmx_fragment(admin_client, matrix):
    response = admin_client.get(reverse("movies:edit", args=[matrix.pk]), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert b'id="movie-options"' in response.content


def test_edit_saves_options_and_creates_typed_tags(admin_client, matrix):
    profile = QualityProfile.objects.exclude(pk=matrix.quality_profile_id).first()
    response = admin_client.post(
        reverse("movies:edit", args=[matrix.pk]),
        {
            "monitored": "",
            "minimum_availability": "announced",
            "quality_profile": profile.pk,
            "root_folder": matrix.root_folder_id,
            "path": matrix.path,
            "new_tags": "Keep, 4K",
        },
        HTTP_HX_REQUEST="true",
    )
    matrix.refresh_from_db()
    assert response.status_code == 200 and b"Saved" in response.content
    assert not matrix.monitored and matrix.minimum_availability == "announced"
    assert matrix.quality_profile == profile
    assert sorted(t.label for t in matrix.tags.all()) == ["4k", "keep"]


def test_edit_moves_the_path_of_a_movie_without_files_with_a_new_root_folder(
    admin_client, matrix, tmp_path
):
    other = RootFolder.objects.create(path=str(tmp_path / "other"))
    matrix.files.all().delete()
    shutil.rmtree(matrix.path)
    admin_client.post(
        reverse("movies:edit", args=[matrix.pk]),
        {
            "monitored": "on",
            "minimum_availability": "released",
            "quality_profile": matrix.quality_profile_id,
            "root_folder": other.pk,
            "path": matrix.path,
        },
    )
    matrix.refresh_from_db()
    assert matrix.root_folder == other
    assert matrix.path == os.path.join(other.path, "The Matrix (1999)")


def test_edit_refuses_a_path_outside_the_root_folder(admin_client, matrix):
    response = admin_client.post(
        reverse("movies:edit", args=[matrix.pk]),
        {
            "monitored": "on",
            "minimum_availability": "released",
            "quality_profile": matrix.quality_profile_id,
            "root_folder": matrix.root_folder_id,
            "path": matrix.root_folder.path + "/../elsewhere",
        },
    )
    assert response.status_code == 200
    assert "path" in response.context["form"].errors
    assert Movie.objects.get(pk=matrix.pk).path == matrix.path


def test_delete_asks_for_confirmation_first(admin_client, matrix):
    response = admin_client.get(reverse("movies:delete", args=[matrix.pk]))
    assert b'name="delete_files"' in response.content
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_delete_without_the_box_keeps_files_on_disk(admin_client, matrix):
    response = admin_client.post(reverse("movies:delete", args=[matrix.pk]))
    assert response.status_code == 302
    assert not Movie.objects.filter(pk=matrix.pk).exists()
    assert os.path.isfile(os.path.join(matrix.path, "The.Matrix.1999.1080p.mkv"))


def test_delete_with_the_box_removes_the_movie_folder(admin_client, matrix):
    admin_client.post(reverse("movies:delete", args=[matrix.pk]), {"delete_files": "on"})
    assert not Movie.objects.filter(pk=matrix.pk).exists()
    assert not os.path.exists(matrix.path)
    assert os.path.isdir(matrix.root_folder.path)


def test_delete_refuses_a_path_escaping_the_root_folder(admin_client, matrix, tmp_path):
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    Movie.objects.filter(pk=matrix.pk).update(path=f"{matrix.root_folder.path}/../precious")
    response = admin_client.post(reverse("movies:delete", args=[matrix.pk]), {"delete_files": "on"})
    assert response.status_code == 200
    assert b"Nothing was deleted" in response.content
    assert (outside / "keep.txt").exists()
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_delete_refuses_a_symlink_leading_out_of_the_root_folder(admin_client, matrix, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    link = os.path.join(matrix.root_folder.path, "Linked")
    os.symlink(outside, link)
    Movie.objects.filter(pk=matrix.pk).update(path=link)
    admin_client.post(reverse("movies:delete", args=[matrix.pk]), {"delete_files": "on"})
    assert (outside / "keep.txt").exists()
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_delete_keeps_the_movie_when_its_folder_cannot_be_removed(
    admin_client, matrix, monkeypatch
):
    def rmtree(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("movies.library_edit.shutil.rmtree", rmtree)
    response = admin_client.post(reverse("movies:delete", args=[matrix.pk]), {"delete_files": "on"})
    assert response.status_code == 200
    assert b"deleted 0 of 1 movie(s)" in response.content
    assert b"Permission denied" in response.content
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_delete_refuses_the_root_folder_itself(admin_client, matrix):
    Movie.objects.filter(pk=matrix.pk).update(path=matrix.root_folder.path)
    admin_client.post(reverse("movies:delete", args=[matrix.pk]), {"delete_files": "on"})
    assert os.path.isdir(os.path.join(matrix.root_folder.path, "The Matrix (1999)"))
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_refresh_calls_the_service_and_reports_success(admin_client, matrix, monkeypatch):
    refreshed = []
    monkeypatch.setattr(services, "refresh_movie", refreshed.append)
    response = admin_client.post(reverse("movies:refresh", args=[matrix.pk]), follow=True)
    assert [m.pk for m in refreshed] == [matrix.pk]
    assert b"Refreshed" in response.content


def test_refresh_shows_the_integration_error(admin_client, matrix, monkeypatch):
    def refresh_movie(movie):
        raise Unavailable("TMDB did not answer in time (api.themoviedb.org).")

    monkeypatch.setattr(services, "refresh_movie", refresh_movie)
    response = admin_client.post(reverse("movies:refresh", args=[matrix.pk]), follow=True)
    assert b"TMDB did not answer in time" in response.content
    assert Movie.objects.filter(pk=matrix.pk).exists()


def test_refresh_only_accepts_post(admin_client, matrix):
    assert admin_client.get(reverse("movies:refresh", args=[matrix.pk])).status_code == 405


def test_tags_show_on_the_page(member_client, matrix):
    matrix.tags.add(Tag.objects.create(label="favourite"))
    assert b"favourite" in member_client.get(reverse("movies:detail", args=[matrix.pk])).content


def test_website_link_is_shown_only_for_http_urls(member_client, matrix):
    Movie.objects.filter(pk=matrix.pk).update(website="javascript:alert(1)")
    content = member_client.get(reverse("movies:detail", args=[matrix.pk])).content
    assert b"javascript:alert" not in content
    Movie.objects.filter(pk=matrix.pk).update(website="https://www.warnerbros.com/matrix")
    content = member_client.get(reverse("movies:detail", args=[matrix.pk])).content
    assert b'href="https://www.warnerbros.com/matrix"' in content


def _edit_data(movie: Movie) -> dict:
    return {
        "monitored": "on",
        "minimum_availability": "released",
        "quality_profile": movie.quality_profile_id,
        "root_folder": movie.root_folder_id,
        "path": movie.path,
    }


def test_htmx_edit_confirms_in_the_fragment_and_leaves_no_message_for_later(admin_client, matrix):
    url = reverse("movies:edit", args=[matrix.pk])
    response = admin_client.post(url, _edit_data(matrix), HTTP_HX_REQUEST="true")
    assert '<span class="badge ok" role="status">Saved The Matrix (1999).</span>' in (
        response.content.decode()
    )
    later = admin_client.get(reverse("movies:library"))
    assert [str(m) for m in later.context["messages"]] == []


def test_edit_without_js_redirects_with_a_message(admin_client, matrix):
    url = reverse("movies:edit", args=[matrix.pk])
    response = admin_client.post(url, _edit_data(matrix), follow=True)
    assert response.redirect_chain[-1][0] == reverse("movies:detail", args=[matrix.pk])
    assert [str(m) for m in response.context["messages"]] == ["Saved The Matrix (1999)."]


def test_edit_form_offers_tags_as_checkboxes_so_a_click_keeps_the_others(admin_client, matrix):
    Tag.objects.create(label="keep")
    response = admin_client.get(reverse("movies:edit", args=[matrix.pk]))
    content = response.content.decode()
    assert 'type="checkbox" name="tags"' in content
    assert '<select name="tags"' not in content


MOVE_REFUSED = (
    "The Matrix (1999) has files in {}; moving files is not supported yet "
    "— move them yourself, then change the path."
)


def _post_edit(client, movie: Movie, **changes):
    return client.post(reverse("movies:edit", args=[movie.pk]), {**_edit_data(movie), **changes})


def test_edit_refuses_a_new_root_folder_while_the_movie_has_file_rows(
    admin_client, matrix, tmp_path
):
    other = RootFolder.objects.create(path=str(tmp_path / "other"))
    response = _post_edit(admin_client, matrix, root_folder=other.pk)
    assert response.context["form"].non_field_errors() == [MOVE_REFUSED.format(matrix.path)]
    assert MOVE_REFUSED.format(matrix.path) in response.content.decode()
    assert Movie.objects.get(pk=matrix.pk).root_folder_id == matrix.root_folder_id


def test_edit_refuses_a_new_path_while_the_old_folder_holds_files(admin_client, matrix):
    matrix.files.all().delete()
    response = _post_edit(admin_client, matrix, path=matrix.root_folder.path + "/Renamed")
    assert response.context["form"].non_field_errors() == [MOVE_REFUSED.format(matrix.path)]
    assert Movie.objects.get(pk=matrix.pk).path == matrix.path


def test_edit_allows_a_new_path_when_the_old_folder_is_empty(admin_client, matrix):
    matrix.files.all().delete()
    for name in os.listdir(matrix.path):
        os.remove(os.path.join(matrix.path, name))
    new_path = matrix.root_folder.path + "/Renamed"
    response = _post_edit(admin_client, matrix, path=new_path)
    assert response.status_code == 302
    assert Movie.objects.get(pk=matrix.pk).path == new_path


@pytest.mark.parametrize("where", ["same", "inside", "around"])
def test_edit_refuses_a_path_overlapping_another_movies_folder(admin_client, matrix, where):
    matrix.files.all().delete()
    shutil.rmtree(matrix.path)
    root = matrix.root_folder.path
    other = make_movie(matrix.root_folder, title="Heat", path=f"{root}/Heat")
    path = {
        "same": f"{root}/Heat/",
        "inside": f"{root}/Heat/extras",
        "around": f"{root}/Heat/..//Heat/../Heat",
    }[where]
    if where == "around":
        Movie.objects.filter(pk=other.pk).update(path=f"{root}/Heat/inner")
    response = _post_edit(admin_client, matrix, path=path)
    assert "overlaps the folder of Heat (2000)" in response.context["form"].errors["path"][0]
    assert Movie.objects.get(pk=matrix.pk).path == matrix.path


def test_delete_with_the_box_says_when_the_folder_was_not_on_disk(admin_client, matrix):
    shutil.rmtree(matrix.path)
    url = reverse("movies:delete", args=[matrix.pk])
    response = admin_client.post(url, {"delete_files": "on"}, follow=True)
    assert not Movie.objects.filter(pk=matrix.pk).exists()
    assert "Deleted The Matrix (1999) (folder was not on disk)." in response.content.decode()


def test_edit_of_a_movie_without_a_folder_refuses_a_path_another_movie_uses(admin_client, matrix):
    Movie.objects.filter(pk=matrix.pk).update(path="")
    matrix.refresh_from_db()
    root = matrix.root_folder.path
    make_movie(matrix.root_folder, title="Heat", path=f"{root}/Heat")
    response = _post_edit(admin_client, matrix, path=f"{root}/Heat")
    assert "overlaps the folder of Heat (2000)" in response.context["form"].errors["path"][0]
    assert Movie.objects.get(pk=matrix.pk).path == ""


def test_the_files_table_shows_each_files_edition(member_client, matrix):
    from movies.models import MovieFile

    MovieFile.objects.filter(movie=matrix).update(edition="Director's Cut")

    content = member_client.get(reverse("movies:detail", args=[matrix.pk])).content.decode()

    assert "<th>Edition</th>" in content and "Director&#x27;s Cut" in content
