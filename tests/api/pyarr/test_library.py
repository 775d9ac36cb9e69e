"""Our API v3 driven by pyarr 5 (RadarrAPI): system, settings, tags and movies.

Each test runs the real server (pytest-django's live_server) and calls it the way pyarr
does: its own paths, query parameter names and bodies (add_movie builds the body from a
lookup result), and its own error mapping (401 → PyarrUnauthorizedError, 404 →
PyarrResourceNotFound, 400 → PyarrBadRequest). TMDB is the loopback fake, indexers a
loopback Torznab server, download clients the in-process fake.
"""

from __future__ import annotations

import os

import pytest
from pyarr import RadarrAPI
from pyarr.exceptions import PyarrBadRequest, PyarrResourceNotFound, PyarrUnauthorizedError

from movies.models import Movie, QualityProfile, RootFolder, Tag
from radarr_site.api.core import RADARR_COMPAT_VERSION
from radarr_site.api.keys import current_api_key
from tests.api.pyarr.conftest import MATRIX, MATRIX_IMDB
from tests.fakes.download_client import fake_kinds, make_client  # noqa: F401 (fixture)
from tests.movies.factories import make_movie

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the live server reads what the test writes
    pytest.mark.usefixtures("seeded_qualities"),
]


# ------------------------------------------------------------------ auth


def test_a_wrong_key_raises_pyarrs_unauthorized_error(live_server):
    with pytest.raises(PyarrUnauthorizedError):
        RadarrAPI(live_server.url, "not-the-key").get_system_status()


# ------------------------------------------------------------------ system


def test_get_system_status_reads_radarrs_version(radarr):
    status = radarr.get_system_status()
    assert status["appName"] == "Radarr"
    assert status["version"] == RADARR_COMPAT_VERSION
    assert status["urlBase"] == ""


def test_get_health_answers_a_list_of_checks(radarr):
    checks = radarr.get_health()
    assert isinstance(checks, list)
    assert all({"source", "type", "message", "wikiUrl"} <= set(c) for c in checks)


def test_get_disk_space_lists_the_root_folder(radarr, root_folder):
    paths = {row["path"]: row for row in radarr.get_disk_space()}
    assert paths[root_folder.path]["totalSpace"] > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["tag/detail", "qualityprofile/schema", "downloadclient/schema", "movie/editor", "command/x"],
)
def test_a_path_not_served_under_a_resource_is_404_not_a_400_about_its_id(client, path):
    # pyarr calls these (get_tag_detail, ...); Radarr's {id:int} routes never read them as ids.
    response = client.get(f"/api/v3/{path}", HTTP_X_API_KEY=current_api_key())
    assert response.status_code == 404


# ------------------------------------------------------------------ quality profiles


def test_get_quality_profile_lists_every_profile(radarr):
    names = {row["name"] for row in radarr.get_quality_profile()}
    assert names == set(QualityProfile.objects.values_list("name", flat=True))


def test_get_quality_profile_by_id_answers_that_profile(radarr, profile):
    row = radarr.get_quality_profile(profile.pk)
    assert (row["id"], row["name"], row["cutoff"]) == (profile.pk, "HD-1080p", profile.cutoff)


# ------------------------------------------------------------------ root folders


def test_get_root_folder_lists_folders_with_free_space(radarr, root_folder):
    [row] = radarr.get_root_folder()
    assert (row["id"], row["path"]) == (root_folder.pk, root_folder.path)
    assert row["freeSpace"] > 0 and row["unmappedFolders"] == []


def test_get_root_folder_by_id_answers_that_folder(radarr, root_folder):
    assert radarr.get_root_folder(root_folder.pk)["path"] == root_folder.path


def test_add_root_folder_creates_it(radarr, tmp_path):
    folder = tmp_path / "more-movies"
    folder.mkdir()
    row = radarr.add_root_folder(str(folder))
    assert row["path"] == str(folder) and row["accessible"] is True
    assert RootFolder.objects.filter(pk=row["id"], path=str(folder)).exists()


def test_del_root_folder_removes_it(radarr, root_folder):
    assert radarr.del_root_folder(root_folder.pk) == {}
    assert not RootFolder.objects.exists()


# ------------------------------------------------------------------ tags


def test_create_tag_answers_the_new_tag(radarr):
    tag = radarr.create_tag("kids")
    assert tag == {"id": Tag.objects.get(label="kids").pk, "label": "kids"}


def test_get_tag_lists_tags(radarr):
    tag = Tag.objects.create(label="kids")
    assert radarr.get_tag() == [{"id": tag.pk, "label": "kids"}]


def test_get_tag_by_id_answers_that_tag(radarr):
    tag = Tag.objects.create(label="kids")
    assert radarr.get_tag(tag.pk) == {"id": tag.pk, "label": "kids"}


def test_upd_tag_renames_it_with_the_id_in_the_body(radarr):
    # pyarr PUTs /tag (no id in the path), as Radarr's optional {id} route allows.
    tag = Tag.objects.create(label="kids")
    assert radarr.upd_tag(tag.pk, "family") == {"id": tag.pk, "label": "family"}
    assert Tag.objects.get(pk=tag.pk).label == "family"


def test_upd_tag_with_an_empty_label_is_refused_and_changes_nothing(radarr):
    tag = Tag.objects.create(label="kids")
    with pytest.raises(PyarrBadRequest, match="label"):
        radarr.upd_tag(tag.pk, "")
    assert Tag.objects.get(pk=tag.pk).label == "kids"


@pytest.mark.django_db
def test_put_tag_without_an_id_in_path_or_body_is_400_naming_id(client):
    response = client.put(
        "/api/v3/tag",
        {"label": "family"},
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )
    assert response.status_code == 400
    assert [f["propertyName"] for f in response.json()] == ["id"]


@pytest.mark.django_db
def test_put_tag_with_an_unknown_id_in_the_body_is_404(client):
    response = client.put(
        "/api/v3/tag",
        {"id": 999, "label": "family"},
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )
    assert response.status_code == 404
    assert not Tag.objects.exists()


def test_put_tag_without_the_key_is_401(live_server):
    with pytest.raises(PyarrUnauthorizedError):
        RadarrAPI(live_server.url, "not-the-key").upd_tag(1, "family")


def test_del_tag_deletes_it(radarr):
    tag = Tag.objects.create(label="kids")
    assert radarr.del_tag(tag.pk) == {}
    assert not Tag.objects.exists()


# ------------------------------------------------------------------ movies


def test_get_movie_lists_the_library(radarr, matrix):
    [row] = radarr.get_movie()
    assert (row["id"], row["tmdbId"], row["title"]) == (matrix.pk, MATRIX, "The Matrix")


def test_get_movie_by_id_answers_that_movie(radarr, matrix):
    row = radarr.get_movie(matrix.pk)
    assert (row["id"], row["hasFile"], row["monitored"]) == (matrix.pk, False, True)


def test_get_movie_of_an_unknown_id_raises_not_found(radarr, db):
    with pytest.raises(PyarrResourceNotFound):
        radarr.get_movie(999)


def test_get_movie_by_tmdb_id_answers_only_that_movie(radarr, matrix, root_folder):
    # pyarr sends ?tmdbid= (lower case): query names are matched without regard to case.
    make_movie(root_folder, title="Heat", tmdb_id=949)
    assert [row["id"] for row in radarr.get_movie(MATRIX, tmdb=True)] == [matrix.pk]


def test_lookup_movie_by_title_finds_tmdbs_movie(radarr, fake_tmdb):
    rows = radarr.lookup_movie("the matrix")
    matrix = next(row for row in rows if row["tmdbId"] == MATRIX)
    assert matrix["id"] == 0 and matrix["year"] == 1999


def test_lookup_movie_with_tmdb_term_answers_one_movie(radarr, fake_tmdb):
    [row] = radarr.lookup_movie(f"tmdb:{MATRIX}")
    assert (row["id"], row["tmdbId"], row["imdbId"]) == (0, MATRIX, MATRIX_IMDB)


def test_lookup_movie_with_imdb_term_answers_the_movie(radarr, fake_tmdb):
    rows = radarr.lookup_movie(f"imdb:{MATRIX_IMDB}")
    assert [(row["id"], row["tmdbId"]) for row in rows] == [(0, MATRIX)]


def test_lookup_movie_of_a_library_movie_answers_its_library_row(radarr, matrix, fake_tmdb):
    [row] = radarr.lookup_movie(f"tmdb:{MATRIX}")
    assert (row["id"], row["path"]) == (matrix.pk, matrix.path)


def test_lookup_movie_by_tmdb_id_answers_the_movie(radarr, fake_tmdb):
    with pytest.warns(DeprecationWarning):
        [row] = radarr.lookup_movie_by_tmdb_id(MATRIX)
    assert row["tmdbId"] == MATRIX


def test_lookup_movie_by_imdb_id_answers_the_movie(radarr, fake_tmdb):
    with pytest.warns(DeprecationWarning):
        rows = radarr.lookup_movie_by_imdb_id(MATRIX_IMDB)
    assert [row["tmdbId"] for row in rows] == [MATRIX]


def test_add_movie_from_a_lookup_with_search_adds_and_searches(
    radarr, fake_tmdb, root_folder, profile, indexer, torznab
):
    [found] = radarr.lookup_movie(f"tmdb:{MATRIX}")
    tag = Tag.objects.create(label="kids")
    row = radarr.add_movie(
        found, root_folder.path, profile.pk, search_for_movie=True, tags=[tag.pk]
    )
    movie = Movie.objects.get(tmdb_id=MATRIX)
    assert row["id"] == movie.pk and row["path"] == movie.path
    assert movie.root_folder == root_folder and movie.quality_profile == profile
    assert movie.monitored is True and movie.minimum_availability == "announced"
    assert list(movie.tags.all()) == [tag]
    assert torznab.count("movies", "movie") >= 1  # the search asked the indexer


def test_add_movie_without_search_does_not_search(
    radarr, fake_tmdb, root_folder, profile, indexer, torznab
):
    [found] = radarr.lookup_movie(f"tmdb:{MATRIX}")
    radarr.add_movie(found, root_folder.path, profile.pk, search_for_movie=False)
    assert Movie.objects.filter(tmdb_id=MATRIX).exists()
    assert torznab.count("movies", "movie") == 0


def test_add_movie_unmonitored_with_monitor_none_adds_it_unmonitored(
    radarr, fake_tmdb, root_folder, profile
):
    [found] = radarr.lookup_movie(f"tmdb:{MATRIX}")
    row = radarr.add_movie(
        found,
        root_folder.path,
        profile.pk,
        monitored=False,
        search_for_movie=False,
        monitor="none",
        minimum_availability="released",
    )
    assert row["monitored"] is False and row["minimumAvailability"] == "released"


def test_add_movie_with_an_unknown_profile_is_refused_and_adds_nothing(
    radarr, fake_tmdb, root_folder
):
    [found] = radarr.lookup_movie(f"tmdb:{MATRIX}")
    with pytest.raises(PyarrBadRequest, match="qualityProfileId"):
        radarr.add_movie(found, root_folder.path, 999, search_for_movie=False)
    assert not Movie.objects.exists()


def test_add_movie_already_in_the_library_is_refused(radarr, matrix, fake_tmdb, profile):
    found = radarr.get_movie(matrix.pk)
    with pytest.raises(PyarrBadRequest, match="already been added"):
        radarr.add_movie(found, matrix.root_folder.path, profile.pk, search_for_movie=False)
    assert Movie.objects.count() == 1


def test_upd_movie_saves_the_changed_resource(radarr, matrix):
    data = radarr.get_movie(matrix.pk)
    data["monitored"] = False
    data["minimumAvailability"] = "inCinemas"
    row = radarr.upd_movie(data)
    assert (row["monitored"], row["minimumAvailability"]) == (False, "inCinemas")
    matrix.refresh_from_db()
    assert (matrix.monitored, matrix.minimum_availability) == (False, "inCinemas")


def test_upd_movie_with_move_files_false_keeps_the_folder(radarr, matrix):
    data = radarr.get_movie(matrix.pk)
    data["monitored"] = False
    row = radarr.upd_movie(data, move_files=False)
    assert row["path"] == matrix.path and row["monitored"] is False


def test_del_movie_with_delete_files_removes_the_movie_and_its_folder(radarr, matrix):
    os.makedirs(matrix.path)
    assert radarr.del_movie(matrix.pk, delete_files=True) == {}
    assert not Movie.objects.exists()
    assert not os.path.exists(matrix.path)


def test_del_movie_without_delete_files_keeps_the_folder(radarr, matrix):
    os.makedirs(matrix.path)
    radarr.del_movie(matrix.pk, add_exclusion=True)  # accepted: there are no import lists
    assert not Movie.objects.exists()
    assert os.path.isdir(matrix.path)
