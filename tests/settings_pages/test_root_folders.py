"""Settings → Root folders: list, add with validation, remove unless in use."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from movies.models import RootFolder

pytestmark = pytest.mark.django_db

ADD = reverse("settings:root_folder_add")


def add(client, path, **extra):
    return client.post(ADD, {"path": str(path)}, **extra)


def test_lists_a_root_folder_with_free_space_and_movie_count(admin_client, movie):
    response = admin_client.get(reverse("settings:root_folders"))
    folder = response.context["folders"][0]
    assert folder.movie_count == 1
    html = response.content.decode()
    assert folder.path in html
    assert '<span class="badge ok">yes</span>' in html
    assert "B</td>" in html  # filesizeformat ends in B, KB, MB, GB...


def test_adds_an_existing_writable_folder_and_probes_it(admin_client, tmp_path):
    response = add(admin_client, tmp_path)
    assert response.status_code == 302
    folder = RootFolder.objects.get()
    assert folder.path == str(tmp_path)
    assert folder.accessible and folder.free_space > 0


def test_normalises_a_trailing_slash(admin_client, tmp_path):
    add(admin_client, f"{tmp_path}/")
    assert RootFolder.objects.get().path == str(tmp_path)


def test_rejects_a_relative_path(admin_client):
    response = add(admin_client, "movies")
    assert "absolute path" in response.context["form"].errors["path"][0]
    assert not RootFolder.objects.exists()


def test_rejects_a_missing_folder(admin_client, tmp_path):
    response = add(admin_client, tmp_path / "nope")
    assert response.context["form"].errors["path"] == ["This folder does not exist."]
    assert not RootFolder.objects.exists()


def test_rejects_a_folder_the_app_cannot_write(admin_client, monkeypatch, tmp_path):
    # Patched because the suite may run as root, who may write anywhere.
    monkeypatch.setattr("movies.settings_forms.os.access", lambda path, mode: False)
    response = add(admin_client, tmp_path)
    assert response.context["form"].errors["path"] == ["This folder is not writable by the app."]
    assert not RootFolder.objects.exists()


def test_rejects_a_duplicate_root_folder(admin_client, root_folder):
    response = add(admin_client, root_folder.path)
    assert response.context["form"].errors["path"] == ["This root folder is already configured."]
    assert RootFolder.objects.count() == 1


def test_htmx_add_returns_the_section_with_the_new_folder(admin_client, tmp_path):
    response = add(admin_client, tmp_path, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="root-folders">')
    assert f"Added root folder {tmp_path}." in html
    assert f"<td>{tmp_path}</td>" in html


def test_htmx_add_shows_the_field_error_in_the_section(admin_client):
    response = add(admin_client, "relative/path", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'class="field-error"' in html and "absolute path" in html
    assert "<html" not in html


def test_removes_an_unused_root_folder(admin_client, root_folder):
    admin_client.post(reverse("settings:root_folder_remove", args=[root_folder.pk]))
    assert not RootFolder.objects.exists()
    assert os.path.isdir(root_folder.path)  # only the setting goes, never the files


def test_refuses_to_remove_a_root_folder_in_use(admin_client, root_folder, movie):
    response = admin_client.post(
        reverse("settings:root_folder_remove", args=[root_folder.pk]), HTTP_HX_REQUEST="true"
    )
    assert "is used by 1 movie(s)" in response.content.decode()
    assert RootFolder.objects.filter(pk=root_folder.pk).exists()


def test_rejects_the_filesystem_root(admin_client):
    response = add(admin_client, "/")
    assert response.context["form"].errors["path"] == [
        "The filesystem root cannot be a root folder."
    ]
    assert not RootFolder.objects.exists()


def test_rejects_a_folder_that_contains_the_data_folder(admin_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "app" / "data"
    settings.DATA_DIR.mkdir(parents=True)
    response = add(admin_client, tmp_path / "app")
    assert "the app's data folder" in response.context["form"].errors["path"][0]
    assert not RootFolder.objects.exists()


def test_rejects_the_data_folder_itself(admin_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    response = add(admin_client, tmp_path)
    assert "the app's data folder" in response.context["form"].errors["path"][0]


def test_rejects_a_folder_inside_the_data_folder(admin_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / "movies").mkdir()
    response = add(admin_client, tmp_path / "movies")
    assert "inside the app's data folder" in response.context["form"].errors["path"][0]
    assert not RootFolder.objects.exists()


def test_model_clean_refuses_a_folder_inside_the_code_folder(db, settings):
    with pytest.raises(ValidationError, match="inside the app's code"):
        RootFolder(path=str(settings.BASE_DIR / "movies")).full_clean()


def test_rejects_the_code_folder(admin_client, settings):
    response = add(admin_client, settings.BASE_DIR)
    assert "the app's code" in response.context["form"].errors["path"][0]
    assert not RootFolder.objects.exists()


def test_rejects_a_symlink_leading_to_the_code_folder(admin_client, settings, tmp_path):
    # The code folder itself, not its parent: a checkout in /tmp shares its parent with the
    # test's DATA_DIR, and the data-folder rule would answer first.
    link = tmp_path / "sneaky"
    link.symlink_to(settings.BASE_DIR)
    response = add(admin_client, link)
    assert "the app's code" in response.context["form"].errors["path"][0]


def test_rejects_a_folder_inside_another_root_folder(admin_client, root_folder):
    inner = os.path.join(root_folder.path, "4K")
    os.mkdir(inner)
    response = add(admin_client, inner)
    assert response.context["form"].errors["path"] == [
        f"This folder is inside the root folder {root_folder.path}."
    ]
    assert RootFolder.objects.count() == 1


def test_rejects_a_folder_containing_another_root_folder(admin_client, root_folder):
    outer = os.path.dirname(root_folder.path)
    response = add(admin_client, outer)
    assert response.context["form"].errors["path"] == [
        f"This folder contains the root folder {root_folder.path}."
    ]
    assert RootFolder.objects.count() == 1


def test_rejects_a_duplicate_written_differently(admin_client, root_folder):
    parent, name = os.path.split(root_folder.path)
    response = add(admin_client, f"{parent}//{name}/../{name}/")
    assert response.context["form"].errors["path"] == ["This root folder is already configured."]
    assert RootFolder.objects.count() == 1


def test_a_sibling_with_a_common_name_prefix_is_allowed(admin_client, root_folder):
    sibling = f"{root_folder.path}-4k"
    os.mkdir(sibling)
    assert add(admin_client, sibling).status_code == 302
    assert RootFolder.objects.filter(path=sibling).exists()


def test_model_clean_normalises_the_path(db, tmp_path):
    folder = RootFolder(path=f"{tmp_path}/movies/./")
    folder.clean()
    assert folder.path == f"{tmp_path}/movies"


@pytest.mark.parametrize("path", ["/proc", "/usr/bin", "/etc", "/dev/shm", "/sys", "/boot"])
def test_rejects_system_folders_and_folders_inside_them(admin_client, path):
    response = add(admin_client, path)
    assert "is a system folder" in response.context["form"].errors["path"][0]
    assert not RootFolder.objects.exists()


def test_rejects_the_home_folder_itself(admin_client, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    response = add(admin_client, tmp_path)
    assert response.context["form"].errors["path"] == [
        "This is the home folder itself; choose a folder inside it."
    ]
    assert not RootFolder.objects.exists()


def test_accepts_a_folder_inside_the_home_folder(admin_client, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Movies").mkdir()
    assert add(admin_client, tmp_path / "Movies").status_code == 302
    assert RootFolder.objects.filter(path=str(tmp_path / "Movies")).exists()


def test_model_clean_refuses_a_system_folder(db):
    with pytest.raises(ValidationError) as caught:
        RootFolder(path="/usr/local/movies").clean()
    assert "/usr is a system folder" in caught.value.message_dict["path"][0]


def test_says_a_regular_file_is_a_file_not_a_folder(admin_client, tmp_path):
    (tmp_path / "movies.txt").write_text("not a folder")
    response = add(admin_client, tmp_path / "movies.txt")
    assert response.context["form"].errors["path"] == ["This is a file, not a folder."]
    assert not RootFolder.objects.exists()


def test_lists_root_folders_by_path_not_creation_order(admin_client, tmp_path):
    RootFolder.objects.create(path=str(tmp_path / "zulu"))
    RootFolder.objects.create(path=str(tmp_path / "alpha"))
    folders = admin_client.get(reverse("settings:root_folders")).context["folders"]
    assert [f.path for f in folders] == [str(tmp_path / "alpha"), str(tmp_path / "zulu")]
