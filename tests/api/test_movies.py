"""API v3 movie endpoints: list, get, lookup, add, edit, delete (Radarr's field names)."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from movies.models import Movie, MovieFile, QualityProfile, Tag
from radarr_site.api.keys import current_api_key
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db

MATRIX = 603  # The Matrix in tests/fixtures/tmdb


def call(client, method: str, path: str, body=None, **extra):
    """A key-authenticated API call; `body` is sent as JSON."""
    kwargs = {"HTTP_X_API_KEY": current_api_key(), **extra}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def profile(db):
    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture
def movie(root_folder, profile):
    tag = Tag.objects.create(label="kids")
    movie = make_movie(
        root_folder,
        title="Heat",
        year=1995,
        tmdb_id=949,
        imdb_id="tt0113277",
        quality_profile=profile,
        original_language="en",
        in_cinemas=dt.date(1995, 12, 15),
        digital_release=dt.date(2000, 1, 1),
        poster_path="/heat.jpg",
        rating=7.9,
        votes=6000,
        collection_tmdb_id=None,
        tags=[tag],
    )
    MovieFile.objects.create(
        movie=movie,
        relative_path="Heat (1995).mkv",
        size=8_000_000_000,
        quality_id=7,  # Bluray-1080p
        release_group="GRP",
        languages=["english"],
        media_info={"video_codec": "x264", "audio_codec": "DTS"},
    )
    return Movie.objects.get(pk=movie.pk)


# --- GET /movie, /movie/{id} ---


def test_movie_list_answers_radarr_field_names(client, movie):
    response = call(client, "get", "/api/v3/movie")
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == movie.pk
    assert row["title"] == "Heat"
    assert row["tmdbId"] == 949
    assert row["imdbId"] == "tt0113277"
    assert row["titleSlug"] == "949"
    assert row["year"] == 1995
    assert row["monitored"] is True
    assert row["hasFile"] is True
    assert row["isAvailable"] is True
    assert row["status"] == "released"
    assert row["qualityProfileId"] == movie.quality_profile_id
    assert row["path"] == movie.path
    assert row["rootFolderPath"] == movie.root_folder.path
    assert row["folderName"] == "Heat"
    assert row["tags"] == [movie.tags.get().pk]
    assert row["added"].endswith("Z")
    assert row["inCinemas"] == "1995-12-15T00:00:00Z"
    assert row["originalLanguage"] == {"id": 1, "name": "English"}
    assert row["ratings"]["tmdb"] == {"votes": 6000, "value": 7.9, "type": "user"}
    assert row["images"][0]["coverType"] == "poster"
    assert row["images"][0]["remoteUrl"].endswith("/original/heat.jpg")
    assert row["movieFile"]["relativePath"] == "Heat (1995).mkv"
    assert row["movieFile"]["quality"]["quality"]["name"] == "Bluray-1080p"
    assert row["movieFile"]["languages"] == [{"id": 1, "name": "English"}]
    assert row["movieFile"]["mediaInfo"]["videoCodec"] == "x264"
    assert row["movieFileId"] == row["movieFile"]["id"]
    assert row["statistics"] == {
        "movieFileCount": 1,
        "sizeOnDisk": movie.size_on_disk,
        "releaseGroups": ["GRP"],
    }


def test_movie_file_below_the_profile_cutoff_is_marked_cutoff_not_met(client, movie):
    MovieFile.objects.filter(movie=movie).update(quality_id=4)  # HDTV-720p < Bluray-1080p
    row = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    assert row["movieFile"]["qualityCutoffNotMet"] is True


def test_movie_file_at_the_profile_cutoff_meets_it(client, movie):
    row = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    assert row["movieFile"]["qualityCutoffNotMet"] is False


def test_movie_list_filters_by_tmdb_id_as_pyarr_asks(client, movie, root_folder):
    make_movie(root_folder, title="Other", tmdb_id=1)
    assert [m["id"] for m in call(client, "get", "/api/v3/movie?tmdbId=949").json()] == [movie.pk]
    assert call(client, "get", "/api/v3/movie?tmdbId=404404").json() == []


def test_movie_list_refuses_a_call_without_key(client, movie):
    assert client.get("/api/v3/movie").status_code == 401
    assert client.get(f"/api/v3/movie/{movie.pk}").status_code == 401


def test_movie_list_accepts_the_key_as_apikey_query_parameter(client, movie):
    response = client.get(f"/api/v3/movie?apikey={current_api_key()}")
    assert response.status_code == 200
    assert len(response.json()) == 1


def test_get_movie_answers_the_movie(client, movie):
    body = call(client, "get", f"/api/v3/movie/{movie.pk}").json()
    assert (body["id"], body["hasFile"], body["monitored"]) == (movie.pk, True, True)


def test_get_unknown_movie_is_404(client, db):
    response = call(client, "get", "/api/v3/movie/999")
    assert response.status_code == 404
    assert response.json()["message"] == "NotFound"


def test_movie_list_costs_a_bounded_number_of_queries(
    client, root_folder, profile, django_assert_max_num_queries
):
    tags = [Tag.objects.create(label=f"t{i}") for i in range(3)]
    movies = Movie.objects.bulk_create(
        Movie(
            tmdb_id=10_000 + i,
            title=f"Movie {i}",
            year=2000,
            quality_profile=profile,
            root_folder=root_folder,
            path=f"{root_folder.path}/Movie {i}",
        )
        for i in range(2000)
    )
    through = Movie.tags.through
    through.objects.bulk_create(through(movie_id=m.pk, tag_id=tags[0].pk) for m in movies)
    MovieFile.objects.bulk_create(
        MovieFile(movie=m, relative_path="m.mkv", quality_id=3) for m in movies[:1000]
    )
    current_api_key()
    with django_assert_max_num_queries(8):
        response = call(client, "get", "/api/v3/movie")
    body = response.json()
    assert len(body) == 2000
    assert sum(1 for row in body if row["movieFile"]) == 1000
    assert all(row["tags"] == [tags[0].pk] for row in body)


# --- GET /movie/lookup ---


def test_lookup_by_tmdb_id_of_a_movie_not_in_library_has_id_zero(client, fake_tmdb):
    [row] = call(client, "get", "/api/v3/movie/lookup?term=tmdb:603").json()
    assert row["id"] == 0
    assert row["tmdbId"] == MATRIX
    assert row["title"] == "The Matrix"
    assert row["imdbId"] == "tt0133093"
    assert row["path"] is None
    assert row["monitored"] is False
    assert row["added"] == "0001-01-01T00:00:00Z"


def test_lookup_by_tmdb_id_of_a_library_movie_answers_the_library_row(client, movie, fake_tmdb):
    [row] = call(client, "get", "/api/v3/movie/lookup?term=tmdb:949").json()
    assert row["id"] == movie.pk
    assert row["path"] == movie.path
    assert row["monitored"] is True
    assert fake_tmdb.requests == []  # the library answers without asking TMDB


def test_lookup_by_unknown_tmdb_id_is_an_empty_list(client, fake_tmdb):
    response = call(client, "get", "/api/v3/movie/lookup?term=tmdb:999999999")
    assert response.status_code == 200
    assert response.json() == []


def test_lookup_by_imdb_id_finds_the_movie(client, fake_tmdb):
    rows = call(client, "get", "/api/v3/movie/lookup?term=imdb:tt0133093").json()
    assert [(r["id"], r["tmdbId"]) for r in rows] == [(0, MATRIX)]


def test_lookup_by_title_marks_library_movies_with_their_id(client, movie, fake_tmdb):
    rows = call(client, "get", "/api/v3/movie/lookup?term=heat").json()
    heat = next(r for r in rows if r["tmdbId"] == 949)
    assert heat["id"] == movie.pk
    assert heat["path"] == movie.path
    assert all(r["id"] == 0 for r in rows if r["tmdbId"] != 949)


def test_lookup_rejects_a_malformed_tmdb_id_naming_term(client, fake_tmdb):
    response = call(client, "get", "/api/v3/movie/lookup?term=tmdb:abc")
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "term"
    assert fake_tmdb.requests == []


def test_lookup_without_tmdb_configured_is_503_saying_so(client, db, settings):
    settings.TMDB_API_KEY = ""
    response = call(client, "get", "/api/v3/movie/lookup?term=heat")
    assert response.status_code == 503
    assert "TMDB" in response.json()["message"]


def test_lookup_when_tmdb_refuses_the_key_is_503(client, fake_tmdb):
    fake_tmdb.fail_next(status=401)
    response = call(client, "get", "/api/v3/movie/lookup?term=tmdb:603")
    assert response.status_code == 503
    assert response.json()["message"].startswith("TMDB is not available")


def test_lookup_refuses_a_call_without_key(client, db):
    assert client.get("/api/v3/movie/lookup?term=heat").status_code == 401


def test_lookup_tmdb_answers_one_resource(client, fake_tmdb):
    body = call(client, "get", "/api/v3/movie/lookup/tmdb?tmdbId=603").json()
    assert (body["id"], body["tmdbId"], body["year"]) == (0, MATRIX, 1999)
    assert body["runtime"] > 0
    assert body["images"][0]["coverType"] == "poster"


def test_lookup_tmdb_of_an_unknown_movie_is_404(client, fake_tmdb):
    assert call(client, "get", "/api/v3/movie/lookup/tmdb?tmdbId=999999999").status_code == 404


def test_lookup_imdb_answers_one_resource(client, fake_tmdb):
    body = call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=tt0133093").json()
    assert (body["id"], body["tmdbId"]) == (0, MATRIX)


def test_lookup_imdb_of_a_library_movie_answers_the_library_row(client, movie, fake_tmdb):
    body = call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=tt0113277").json()
    assert body["id"] == movie.pk


def test_lookup_imdb_of_an_unknown_movie_is_404(client, fake_tmdb):
    assert call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=tt9999999").status_code == 404


def test_lookup_imdb_rejects_a_malformed_id_naming_imdb_id(client, fake_tmdb):
    response = call(client, "get", "/api/v3/movie/lookup/imdb?imdbId=nonsense")
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "imdbId"


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
