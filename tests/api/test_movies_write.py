"""API v3 movie writes: add, edit, delete, and Overseerr's flow (Radarr's field names)."""

from __future__ import annotations

import json
import os

import pytest

from movies.models import Movie, QualityProfile, Tag
from radarr_site.api.keys import current_api_key
from tests.api.calls import MATRIX, call
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


# --- POST /movie ---


@pytest.fixture
def searches(monkeypatch):
    """Movie searches queued by the API, recorded instead of run."""
    from indexers import services as indexer_services

    queued: list[tuple[int, str]] = []
    monkeypatch.setattr(
        indexer_services,
        "queue_movie_search",
        lambda movie_id, source="automatic", **kw: queued.append((movie_id, source)),
        raising=False,
    )
    return queued


def add_body(root_folder, profile, **fields):
    body = {
        "title": "The Matrix",
        "tmdbId": MATRIX,
        "year": 1999,
        "qualityProfileId": profile.pk,
        "rootFolderPath": root_folder.path,
        "minimumAvailability": "released",
        "monitored": True,
        "tags": [],
        "titleSlug": "the-matrix-603",
        "addOptions": {"searchForMovie": False},
    }
    body.update(fields)
    return body


def test_add_movie_answers_201_with_the_resource(client, fake_tmdb, root_folder, profile, searches):
    response = call(client, "post", "/api/v3/movie", add_body(root_folder, profile))
    assert response.status_code == 201
    body = response.json()
    movie = Movie.objects.get(tmdb_id=MATRIX)
    assert body["id"] == movie.pk
    assert body["path"] == movie.path
    assert body["path"].startswith(root_folder.path)
    assert body["qualityProfileId"] == profile.pk
    assert body["monitored"] is True
    assert searches == []


def test_add_movie_with_search_for_movie_queues_a_search(
    client, fake_tmdb, root_folder, profile, searches
):
    body = add_body(
        root_folder, profile, addOptions={"searchForMovie": True, "monitor": "movieOnly"}
    )
    movie_id = call(client, "post", "/api/v3/movie", body).json()["id"]
    assert searches == [(movie_id, "add")]


def test_add_movie_accepts_the_legacy_profile_id(client, fake_tmdb, root_folder, profile, searches):
    body = add_body(root_folder, profile, qualityProfileId=None, profileId=profile.pk)
    assert call(client, "post", "/api/v3/movie", body).status_code == 201
    assert Movie.objects.get(tmdb_id=MATRIX).quality_profile == profile


def test_add_movie_sets_options_and_existing_tags(
    client, fake_tmdb, root_folder, profile, searches
):
    tag = Tag.objects.create(label="kids")
    body = add_body(
        root_folder, profile, tags=[tag.pk], monitored=False, minimumAvailability="inCinemas"
    )
    call(client, "post", "/api/v3/movie", body)
    movie = Movie.objects.get(tmdb_id=MATRIX)
    assert (movie.monitored, movie.minimum_availability) == (False, "inCinemas")
    assert list(movie.tags.all()) == [tag]


def test_add_movie_with_monitor_none_adds_it_unmonitored(
    client, fake_tmdb, root_folder, profile, searches
):
    body = add_body(root_folder, profile, addOptions={"monitor": "none"})
    call(client, "post", "/api/v3/movie", body)
    assert Movie.objects.get(tmdb_id=MATRIX).monitored is False


def test_add_movie_in_an_explicit_folder(client, fake_tmdb, root_folder, profile, searches):
    folder = f"{root_folder.path}/Matrix folder"
    body = add_body(root_folder, profile, path=folder, rootFolderPath=None)
    assert call(client, "post", "/api/v3/movie", body).status_code == 201
    assert Movie.objects.get(tmdb_id=MATRIX).path == folder


def test_add_movie_refuses_a_duplicate_naming_tmdb_id(client, fake_tmdb, movie, profile, searches):
    body = add_body(movie.root_folder, profile, tmdbId=949, title="Heat")
    response = call(client, "post", "/api/v3/movie", body)
    assert response.status_code == 400
    [error] = response.json()
    assert error["propertyName"] == "tmdbId"
    assert error["errorMessage"] == "This movie has already been added"
    assert Movie.objects.count() == 1
    assert searches == []


def assert_refused(response, field: str) -> None:
    assert response.status_code == 400
    assert field in [error["propertyName"] for error in response.json()]
    assert not Movie.objects.filter(tmdb_id=MATRIX).exists()


def test_add_movie_refuses_an_unknown_profile_naming_it(client, fake_tmdb, root_folder, profile):
    body = add_body(root_folder, profile, qualityProfileId=9999)
    assert_refused(call(client, "post", "/api/v3/movie", body), "qualityProfileId")


def test_add_movie_refuses_a_missing_profile(client, fake_tmdb, root_folder, profile):
    body = add_body(root_folder, profile, qualityProfileId=None)
    assert_refused(call(client, "post", "/api/v3/movie", body), "qualityProfileId")


def test_add_movie_refuses_a_root_folder_that_is_not_configured(
    client, fake_tmdb, root_folder, profile
):
    body = add_body(root_folder, profile, rootFolderPath="/elsewhere")
    assert_refused(call(client, "post", "/api/v3/movie", body), "rootFolderPath")


def test_add_movie_refuses_a_missing_tmdb_id(client, fake_tmdb, root_folder, profile):
    body = add_body(root_folder, profile)
    del body["tmdbId"]
    assert_refused(call(client, "post", "/api/v3/movie", body), "tmdbId")


def test_add_movie_refuses_an_unknown_tag_and_creates_nothing(
    client, fake_tmdb, root_folder, profile
):
    body = add_body(root_folder, profile, tags=[4242])
    assert_refused(call(client, "post", "/api/v3/movie", body), "tags")
    assert not Tag.objects.exists()


def test_add_movie_refuses_an_unknown_minimum_availability(client, fake_tmdb, root_folder, profile):
    body = add_body(root_folder, profile, minimumAvailability="whenever")
    assert_refused(call(client, "post", "/api/v3/movie", body), "minimumAvailability")


def test_add_movie_refuses_a_folder_outside_the_root_naming_path(
    client, fake_tmdb, root_folder, profile
):
    body = add_body(root_folder, profile, path="/tmp/elsewhere/Matrix")
    assert_refused(call(client, "post", "/api/v3/movie", body), "path")


def test_add_movie_refuses_a_tmdb_id_tmdb_does_not_know(client, fake_tmdb, root_folder, profile):
    body = add_body(root_folder, profile, tmdbId=999999999)
    response = call(client, "post", "/api/v3/movie", body)
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "tmdbId"
    assert not Movie.objects.exists()


def test_add_movie_when_tmdb_fails_is_503_and_adds_nothing(client, fake_tmdb, root_folder, profile):
    fake_tmdb.fail_next(status=401)
    response = call(client, "post", "/api/v3/movie", add_body(root_folder, profile))
    assert response.status_code == 503
    assert not Movie.objects.exists()


def test_add_movie_refuses_a_body_that_is_not_json(client, db):
    response = client.post(
        "/api/v3/movie",
        data="{not json",
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )
    assert response.status_code == 400
    assert not Movie.objects.exists()


def test_add_movie_refuses_a_call_without_key(client, fake_tmdb, root_folder, profile):
    response = client.post(
        "/api/v3/movie",
        data=json.dumps(add_body(root_folder, profile)),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Movie.objects.exists()


# --- PUT /movie, /movie/{id} ---


def test_edit_movie_changes_library_options_and_answers_202(client, movie, profile):
    other = QualityProfile.objects.exclude(pk=profile.pk).first()
    tag = Tag.objects.create(label="dad")
    resource = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    resource.update(
        monitored=False, qualityProfileId=other.pk, minimumAvailability="announced", tags=[tag.pk]
    )
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", resource)
    assert response.status_code == 202
    assert response.json()["monitored"] is False
    movie.refresh_from_db()
    assert (movie.monitored, movie.quality_profile, movie.minimum_availability) == (
        False,
        other,
        "announced",
    )
    assert list(movie.tags.all()) == [tag]


def test_edit_movie_with_the_id_in_the_body_as_overseerr_does(client, movie):
    Movie.objects.filter(pk=movie.pk).update(monitored=False)
    resource = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    resource["monitored"] = True
    response = call(client, "put", "/api/v3/movie", resource)
    assert response.status_code == 202
    movie.refresh_from_db()
    assert movie.monitored is True


def test_edit_movie_without_an_id_in_the_body_is_refused_naming_id(client, movie):
    response = call(client, "put", "/api/v3/movie", {"monitored": False})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "id"
    movie.refresh_from_db()
    assert movie.monitored is True


def test_edit_movie_refuses_an_unknown_profile_and_changes_nothing(client, movie):
    body = {"monitored": False, "qualityProfileId": 9999}
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", body)
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "qualityProfileId"
    movie.refresh_from_db()
    assert movie.monitored is True


def test_edit_movie_refuses_a_wrongly_typed_field_naming_it(client, movie):
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", {"monitored": "perhaps"})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "monitored"


def test_edit_movie_refuses_to_move_a_folder_that_has_files(client, movie):
    new_path = f"{movie.root_folder.path}/Heat elsewhere"
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", {"path": new_path})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "path"
    movie.refresh_from_db()
    assert movie.path.endswith("/Heat")


def test_edit_movie_refuses_move_files_because_moving_is_not_supported(client, root_folder):
    movie = make_movie(root_folder, title="Empty")
    new_path = f"{root_folder.path}/Empty elsewhere"
    url = f"/api/v3/movie/{movie.pk}?moveFiles=true"
    response = call(client, "put", url, {"path": new_path})
    assert response.status_code == 400
    assert "not supported" in response.json()[0]["errorMessage"]
    movie.refresh_from_db()
    assert movie.path.endswith("/Empty")


def test_edit_movie_changes_the_path_of_a_movie_without_files(client, root_folder):
    movie = make_movie(root_folder, title="Empty")
    new_path = f"{root_folder.path}/Empty elsewhere"
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", {"path": new_path})
    assert response.status_code == 202
    assert response.json()["path"] == new_path


@pytest.fixture
def other_root(tmp_path):
    from movies.models import RootFolder

    folder = tmp_path / "more-movies"
    folder.mkdir()
    return RootFolder.objects.create(path=str(folder))


def test_edit_movie_keeps_its_folder_when_the_body_names_another_root_with_the_same_path(
    client, movie, root_folder, other_root
):
    resource = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    resource.update(rootFolderPath=other_root.path, monitored=False)
    assert call(client, "put", "/api/v3/movie", resource).status_code == 202
    movie.refresh_from_db()
    assert (movie.root_folder_id, movie.monitored) == (root_folder.pk, False)
    assert movie.path == f"{root_folder.path}/Heat"


def test_edit_movie_moves_a_movie_without_files_to_another_root_folder(
    client, root_folder, other_root
):
    movie = make_movie(root_folder, title="Empty")
    body = {"rootFolderPath": other_root.path}
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", body)
    assert response.status_code == 202
    assert response.json()["path"] == f"{other_root.path}/Empty"
    assert response.json()["rootFolderPath"] == other_root.path


def test_edit_movie_refuses_a_path_outside_every_root_folder(client, root_folder):
    movie = make_movie(root_folder, title="Empty")
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", {"path": "/srv/elsewhere/Empty"})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "path"
    movie.refresh_from_db()
    assert movie.path == f"{root_folder.path}/Empty"


def test_edit_movie_refuses_a_root_folder_that_is_not_configured(client, movie):
    response = call(client, "put", f"/api/v3/movie/{movie.pk}", {"rootFolderPath": "/nowhere"})
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "rootFolderPath"


def test_edit_unknown_movie_is_404(client, db):
    assert call(client, "put", "/api/v3/movie/999", {"monitored": True}).status_code == 404


def test_edit_movie_refuses_a_call_without_key(client, movie):
    response = client.put(
        f"/api/v3/movie/{movie.pk}",
        data=json.dumps({"monitored": False}),
        content_type="application/json",
    )
    assert response.status_code == 401
    movie.refresh_from_db()
    assert movie.monitored is True


# --- DELETE /movie/{id} ---


def test_delete_movie_keeps_the_folder_by_default(client, movie):
    folder = movie.root_folder.path + "/Heat"
    os.makedirs(folder)
    response = call(client, "delete", f"/api/v3/movie/{movie.pk}")
    assert (response.status_code, response.json()) == (200, {})
    assert not Movie.objects.exists()
    assert os.path.isdir(folder)


def test_delete_movie_with_delete_files_removes_the_folder(client, movie):
    folder = movie.root_folder.path + "/Heat"
    os.makedirs(folder)
    url = f"/api/v3/movie/{movie.pk}?deleteFiles=true&addImportExclusion=false"
    assert call(client, "delete", url).status_code == 200
    assert not Movie.objects.exists()
    assert not os.path.exists(folder)


def test_delete_movie_refuses_an_unsafe_folder_and_deletes_nothing(client, movie):
    Movie.objects.filter(pk=movie.pk).update(path="/etc")
    response = call(client, "delete", f"/api/v3/movie/{movie.pk}?deleteFiles=true")
    assert response.status_code == 400
    assert Movie.objects.filter(pk=movie.pk).exists()


def test_delete_unknown_movie_is_404(client, db):
    assert call(client, "delete", "/api/v3/movie/999").status_code == 404


def test_delete_movie_refuses_a_call_without_key(client, movie):
    assert client.delete(f"/api/v3/movie/{movie.pk}").status_code == 401
    assert Movie.objects.filter(pk=movie.pk).exists()


# --- Overseerr's flow ---


def test_overseerr_flow_lookup_add_lookup_again_and_remonitor(
    client, fake_tmdb, root_folder, profile, searches
):
    def lookup():
        [row] = call(client, "get", f"/api/v3/movie/lookup?term=tmdb:{MATRIX}").json()
        return row

    assert lookup()["id"] == 0
    body = add_body(root_folder, profile, addOptions={"searchForMovie": True})
    added = call(client, "post", "/api/v3/movie", body).json()
    assert searches == [(added["id"], "add")]
    existing = lookup()
    assert existing["id"] == added["id"]
    Movie.objects.filter(pk=added["id"]).update(monitored=False)
    existing = call(client, "get", f"/api/v3/movie/{added['id']}").json()
    existing["monitored"] = True
    assert call(client, "put", "/api/v3/movie", existing).status_code == 202
    assert Movie.objects.get(pk=added["id"]).monitored is True


def test_add_movie_refuses_a_negative_tmdb_id_naming_tmdb_id(client, root_folder, profile):
    response = call(client, "post", "/api/v3/movie", add_body(root_folder, profile, tmdbId=-5))
    assert_refused(response, "tmdbId")
    assert not Movie.objects.exists()
