"""Every movies model has a working changelist and add page in the Django admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import MovieFile
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
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
