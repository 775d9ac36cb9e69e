"""Every movies model has a working changelist and add page in the Django admin."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse

from movies.models import Movie, MovieFile, RootFolder
from tests.movies.factories import make_movie

MODELS = ["movie", "moviefile", "rootfolder", "tag", "qualitydefinition", "qualityprofile"]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_renders_for_an_admin(admin_client, root_folder, model):
    movie = make_movie(root_folder, title="Heat", year=1995)
    MovieFile.objects.create(movie=movie, relative_path="Heat.1995.mkv", size=1, quality_id=7)
    response = admin_client.get(reverse(f"admin:movies_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_add_page_renders_for_an_admin(admin_client, db, model):
    assert admin_client.get(reverse(f"admin:movies_{model}_add")).status_code == 200


def test_movie_change_page_shows_its_files_inline(admin_client, root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    MovieFile.objects.create(movie=movie, relative_path="Heat.1995.mkv", size=1, quality_id=7)
    response = admin_client.get(reverse("admin:movies_movie_change", args=[movie.pk]))
    assert b"Heat.1995.mkv" in response.content


def test_quality_sizes_are_editable_in_the_list(admin_client, db):
    response = admin_client.get(reverse("admin:movies_qualitydefinition_changelist"))
    assert b'name="form-0-max_size"' in response.content


def test_members_cannot_open_the_movies_admin(member_client, db):
    response = member_client.get(reverse("admin:movies_movie_changelist"))
    assert response.status_code == 403


def _admin_add_root_folder(client, path):
    return client.post(reverse("admin:movies_rootfolder_add"), {"path": str(path)})


def test_admin_adds_an_existing_root_folder_with_its_path_normalised(admin_client, tmp_path):
    response = _admin_add_root_folder(admin_client, f"{tmp_path}/")
    assert response.status_code == 302
    assert RootFolder.objects.get().path == str(tmp_path)


def test_admin_rejects_a_missing_root_folder(admin_client, tmp_path):
    response = _admin_add_root_folder(admin_client, tmp_path / "nope")
    assert response.context["adminform"].form.errors["path"] == ["This folder does not exist."]
    assert not RootFolder.objects.exists()


def test_admin_rejects_the_filesystem_root(admin_client, db):
    response = _admin_add_root_folder(admin_client, "/")
    assert response.context["adminform"].form.errors["path"] == [
        "The filesystem root cannot be a root folder."
    ]
    assert not RootFolder.objects.exists()


def test_admin_rejects_a_folder_containing_the_data_folder(admin_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    response = _admin_add_root_folder(admin_client, tmp_path)
    assert "the app's data folder" in response.context["adminform"].form.errors["path"][0]
    assert not RootFolder.objects.exists()


def test_admin_rejects_the_code_folder(admin_client, settings):
    response = _admin_add_root_folder(admin_client, settings.BASE_DIR)
    assert "the app's code" in response.context["adminform"].form.errors["path"][0]


def test_admin_rejects_a_folder_inside_another_root_folder(admin_client, root_folder):
    inner = os.path.join(root_folder.path, "4K")
    os.mkdir(inner)
    response = _admin_add_root_folder(admin_client, inner)
    assert "inside the root folder" in response.context["adminform"].form.errors["path"][0]
    assert RootFolder.objects.count() == 1


def test_admin_rejects_a_duplicate_root_folder_written_differently(admin_client, root_folder):
    response = _admin_add_root_folder(admin_client, f"{root_folder.path}/")
    assert response.context["adminform"].form.errors["path"] == [
        "This root folder is already configured."
    ]
    assert RootFolder.objects.count() == 1


def test_admin_may_edit_a_root_folder_without_clashing_with_itself(admin_client, root_folder):
    url = reverse("admin:movies_rootfolder_change", args=[root_folder.pk])
    assert admin_client.post(url, {"path": root_folder.path}).status_code == 302


def _movie_change(client, movie, **changes):
    """POST the movie's admin change form as the page shows it, with these fields changed."""
    url = reverse("admin:movies_movie_change", args=[movie.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime.datetime):
            data[f"{name}_0"], data[f"{name}_1"] = (
                value.date().isoformat(),
                value.strftime("%H:%M:%S"),
            )
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    formset = page.context["inline_admin_formsets"][0].formset
    for key, value in formset.management_form.initial.items():
        data[f"{formset.prefix}-{key}"] = value
    data.update(changes)
    return client.post(url, data)


def test_admin_saves_a_movie_moved_to_a_free_folder_inside_its_root(admin_client, root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    response = _movie_change(admin_client, movie, path=f"{root_folder.path}/Heat (1995)")
    assert response.status_code == 302
    assert Movie.objects.get(pk=movie.pk).path == f"{root_folder.path}/Heat (1995)"


def test_admin_refuses_a_movie_path_outside_its_root_folder(admin_client, root_folder, tmp_path):
    movie = make_movie(root_folder, title="Heat", year=1995)
    response = _movie_change(admin_client, movie, path=str(tmp_path / "elsewhere"))
    errors = response.context["adminform"].form.errors["path"]
    assert errors == [f"The path must be a folder inside {root_folder.path}."]
    assert Movie.objects.get(pk=movie.pk).path == movie.path


def test_admin_refuses_a_movie_path_overlapping_another_movies_folder(admin_client, root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    other = make_movie(root_folder, title="Alien", year=1979)
    response = _movie_change(admin_client, movie, path=f"{other.path}/extras")
    assert (
        "overlaps the folder of Alien (1979)"
        in (response.context["adminform"].form.errors["path"][0])
    )
    assert Movie.objects.get(pk=movie.pk).path == movie.path


def test_admin_refuses_moving_a_movie_whose_folder_holds_files(admin_client, root_folder):
    movie = make_movie(root_folder, title="Heat", year=1995)
    os.makedirs(movie.path)
    with open(os.path.join(movie.path, "Heat.mkv"), "wb") as fh:
        fh.write(b"x")
    response = _movie_change(admin_client, movie, path=f"{root_folder.path}/Renamed")
    assert (
        "moving files is not supported yet"
        in (response.context["adminform"].form.non_field_errors()[0])
    )
    assert Movie.objects.get(pk=movie.pk).path == movie.path


def test_admin_refuses_a_new_root_folder_that_does_not_hold_the_path(
    admin_client, root_folder, tmp_path
):
    movie = make_movie(root_folder, title="Heat", year=1995)
    other = RootFolder.objects.create(path=str(tmp_path / "other"))
    response = _movie_change(admin_client, movie, root_folder=other.pk)
    assert "path" in response.context["adminform"].form.errors
    assert Movie.objects.get(pk=movie.pk).root_folder == root_folder
