"""Every movies model has a working changelist and add page in the Django admin."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from movies.models import MovieFile, RootFolder
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
