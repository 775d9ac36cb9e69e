"""Our API v3 driven by pyarr 5 (RadarrAPI), the client people script Radarr with.

Each test runs the real server (pytest-django's live_server) and calls it the way pyarr
does: its own paths, query parameter names and bodies (add_movie builds the body from a
lookup result), and its own error mapping (401 → PyarrUnauthorizedError, 404 →
PyarrResourceNotFound, 400 → PyarrBadRequest). TMDB is the loopback fake, indexers a
loopback Torznab server, download clients the in-process fake.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from django.utils import timezone
from pyarr import RadarrAPI
from pyarr.exceptions import PyarrBadRequest, PyarrResourceNotFound, PyarrUnauthorizedError

from downloads.models import Blocklist, Download, History
from indexers.models import Indexer
from movies.models import Movie, QualityProfile, RootFolder, Tag
from radarr_site.api.core import RADARR_COMPAT_VERSION
from radarr_site.api.keys import current_api_key
from radarr_site.models import ApiCommand
from tests.fakes.download_client import fake_kinds, make_client  # noqa: F401 (fixture)
from tests.movies.factories import make_movie
from tests.servers.torznab import API_KEY, TorznabServer, torznab_server

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the live server reads what the test writes
    pytest.mark.usefixtures("seeded_qualities"),
]

MATRIX = 603  # The Matrix in tests/fixtures/tmdb
MATRIX_IMDB = "tt0133093"
RELEASE = {"title": "The.Matrix.1999.1080p.BluRay.x264-GRP", "imdb": "0133093", "size": 2**30}


@pytest.fixture
def radarr(live_server) -> RadarrAPI:
    return RadarrAPI(live_server.url, current_api_key())


@pytest.fixture
def profile() -> QualityProfile:
    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture(scope="module")
def torznab_module() -> Iterator[TorznabServer]:
    with torznab_server() as server:
        yield server


@pytest.fixture
def torznab(torznab_module: TorznabServer) -> Iterator[TorznabServer]:
    torznab_module.reset()
    torznab_module.add("movies", items=[RELEASE])
    yield torznab_module
    torznab_module.reset()


@pytest.fixture
def indexer(torznab: TorznabServer) -> Indexer:
    return Indexer.objects.create(
        name="Loopback Torznab",
        kind="torznab",
        base_url=torznab.url_for("movies"),
        api_key=API_KEY,
        categories=[2000],
        requests_per_minute=0,
    )


@pytest.fixture
def matrix(root_folder, profile) -> Movie:
    return make_movie(
        root_folder,
        title="The Matrix",
        year=1999,
        tmdb_id=MATRIX,
        imdb_id=MATRIX_IMDB,
        quality_profile=profile,
        in_cinemas=dt.date(1999, 3, 31),
    )


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


# ------------------------------------------------------------------ commands


def test_post_command_movies_search_searches_the_movie(radarr, matrix, indexer, torznab):
    command = radarr.post_command("MoviesSearch", movieIds=[matrix.pk])
    assert command["name"] == "MoviesSearch"
    assert command["body"]["movieIds"] == [matrix.pk]
    # Tasks run synchronously in the tests: the search has run once the POST answered.
    assert torznab.count("movies", "movie") >= 1
    assert radarr.get_command(command["id"])["status"] == "completed"


def test_post_command_refresh_movie_refreshes_it_from_tmdb(radarr, matrix, fake_tmdb):
    Movie.objects.filter(pk=matrix.pk).update(overview="")
    command = radarr.post_command("RefreshMovie", movieIds=[matrix.pk])
    assert radarr.get_command(command["id"])["status"] == "completed"
    matrix.refresh_from_db()
    assert matrix.overview  # filled from TMDB again


def test_post_command_rss_sync_asks_each_rss_indexer(radarr, indexer, torznab):
    command = radarr.post_command("RssSync")
    done = radarr.get_command(command["id"])
    assert (done["name"], done["status"]) == ("RssSync", "completed")
    assert torznab.count("movies") >= 1


def test_post_command_for_an_unknown_movie_is_refused_and_records_nothing(radarr, db):
    with pytest.raises(PyarrBadRequest, match="movieIds"):
        radarr.post_command("MoviesSearch", movieIds=[999])
    assert not ApiCommand.objects.exists()


def test_get_command_lists_commands(radarr, db):
    command = ApiCommand.objects.create(name="RssSync", body={"name": "RssSync"})
    assert [row["id"] for row in radarr.get_command()] == [command.pk]


# ------------------------------------------------------------------ activity


def _download(movie: Movie, client_row, n: int = 0, **fields) -> Download:
    values = {
        "movie": movie,
        "client": client_row,
        "protocol": "torrent",
        "download_id": f"c12fe1c06bba254a9dc9f519b335aa7c1367{n:04d}",
        "source_title": RELEASE["title"],
        "indexer": "Example",
        "quality_id": 7,
        "size": 8_000_000_000,
        "size_left": 4_000_000_000,
        "progress": 0.5,
        "eta_seconds": 3600 + n,
        "state": Download.State.DOWNLOADING,
        "polled_at": timezone.now(),
    }
    values.update(fields)
    return Download.objects.create(**values)


def test_get_queue_pages_with_pyarrs_parameters(radarr, matrix, fake_kinds):  # noqa: F811
    client_row = make_client()
    first, second = _download(matrix, client_row, 0), _download(matrix, client_row, 1)
    body = radarr.get_queue(page=2, page_size=1, sort_key="timeleft", sort_dir="descending")
    assert (body["page"], body["pageSize"], body["totalRecords"]) == (2, 1, 2)
    assert (body["sortKey"], body["sortDirection"]) == ("timeleft", "descending")
    assert [r["id"] for r in body["records"]] == [first.pk]  # second finishes later
    assert second.pk != first.pk


def test_get_queue_without_arguments_answers_the_whole_queue(radarr, matrix, fake_kinds):  # noqa: F811
    client_row = make_client()
    for n in range(12):
        _download(matrix, client_row, n)
    body = radarr.get_queue()
    assert body["totalRecords"] == 12 and len(body["records"]) == 12


def test_get_queue_with_a_sort_key_the_queue_lacks_sorts_by_timeleft(
    radarr,
    matrix,
    fake_kinds,  # noqa: F811
):
    client_row = make_client()
    _download(matrix, client_row, 0)
    body = radarr.get_queue(sort_key="date", sort_dir="ascending")
    assert body["sortKey"] == "timeleft" and body["totalRecords"] == 1


def test_get_history_pages_newest_first(radarr, matrix):
    old = History.objects.create(
        movie=matrix,
        event=History.Event.GRABBED,
        source_title=RELEASE["title"],
        date=timezone.now() - dt.timedelta(days=1),
    )
    new = History.objects.create(
        movie=matrix, event=History.Event.IMPORTED, source_title=RELEASE["title"]
    )
    body = radarr.get_history(page=1, page_size=1, sort_key="date", sort_dir="descending")
    assert body["totalRecords"] == 2
    assert [r["id"] for r in body["records"]] == [new.pk]
    assert body["records"][0]["eventType"] == "downloadFolderImported"
    assert old.pk != new.pk


def _block(movie: Movie) -> Blocklist:
    return Blocklist.objects.create(
        movie=movie,
        source_title=RELEASE["title"],
        indexer="Example",
        protocol="torrent",
        quality_id=7,
        message="Download failed",
        date=timezone.now(),
    )


def test_get_blocklist_pages_with_pyarrs_parameters(radarr, matrix):
    blocked = _block(matrix)
    body = radarr.get_blocklist(page=1, page_size=10, sort_key="date", sort_dir="descending")
    assert body["totalRecords"] == 1
    [record] = body["records"]
    assert (record["id"], record["movieId"], record["sourceTitle"]) == (
        blocked.pk,
        matrix.pk,
        RELEASE["title"],
    )


def test_del_blocklist_unblocks_the_release(radarr, matrix):
    blocked = _block(matrix)
    assert radarr.del_blocklist(blocked.pk) == {}
    assert not Blocklist.objects.exists()


def test_get_calendar_lists_movies_released_in_the_window(radarr, root_folder):
    today = timezone.localdate()
    soon = make_movie(root_folder, title="Soon", digital_release=today + dt.timedelta(days=3))
    make_movie(root_folder, title="Later", digital_release=today + dt.timedelta(days=30))
    now = timezone.now()
    rows = radarr.get_calendar(start_date=now, end_date=now + dt.timedelta(days=7))
    assert [row["id"] for row in rows] == [soon.pk]


# ------------------------------------------------------------------ indexers


def _values(resource: dict) -> dict:
    return {field["name"]: field.get("value") for field in resource["fields"]}


def test_get_indexer_schema_filters_by_implementation(radarr):
    [torznab] = radarr.get_indexer_schema("Torznab")
    assert torznab["configContract"] == "TorznabSettings"
    assert _values(torznab)["apiPath"] == "/api"


def test_get_indexer_lists_indexers_without_their_key(radarr, indexer):
    [row] = radarr.get_indexer()
    assert (row["id"], row["implementation"]) == (indexer.pk, "Torznab")
    assert _values(row)["apiKey"] == "********"


def test_get_indexer_by_id_answers_that_indexer(radarr, indexer):
    assert radarr.get_indexer(indexer.pk)["name"] == "Loopback Torznab"


def test_an_indexer_posted_through_pyarrs_transport_is_added(radarr, torznab):
    # pyarr 5 has no add_indexer: scripts fill get_indexer_schema's entry and post it.
    [entry] = radarr.get_indexer_schema("Torznab")
    entry["name"] = "Added"
    for field in entry["fields"]:
        if field["name"] == "baseUrl":
            field["value"] = torznab.url_for("movies")
        elif field["name"] == "apiKey":
            field["value"] = API_KEY
    row = radarr._post("indexer", radarr.ver_uri, data=entry)
    stored = Indexer.objects.get(pk=row["id"])
    assert (stored.name, stored.api_key) == ("Added", API_KEY)


def test_upd_indexer_saves_the_changes_and_keeps_the_key(radarr, indexer):
    data = radarr.get_indexer(indexer.pk)
    data["name"] = "Renamed"
    data["priority"] = 10
    row = radarr.upd_indexer(indexer.pk, data)
    assert (row["name"], row["priority"]) == ("Renamed", 10)
    indexer.refresh_from_db()
    assert (indexer.name, indexer.priority, indexer.api_key) == ("Renamed", 10, API_KEY)


def test_del_indexer_deletes_it(radarr, indexer):
    assert radarr.del_indexer(indexer.pk) == {}
    assert not Indexer.objects.exists()


def test_an_indexer_test_through_pyarrs_transport_reaches_the_indexer(radarr, indexer, torznab):
    # pyarr 5 has no test_indexer either; the stored key stands in for "********".
    data = radarr.get_indexer(indexer.pk)
    assert radarr._post("indexer/test", radarr.ver_uri, data=data) == {}
    assert torznab.count("movies") >= 1


# ------------------------------------------------------------------ download clients


def test_get_download_client_lists_clients_without_secrets(radarr, fake_kinds):  # noqa: F811
    row = make_client(name="Fake qBit", password="hunter2")
    [client] = radarr.get_download_client()
    assert (client["id"], client["name"], client["enable"]) == (row.pk, "Fake qBit", True)
    assert "hunter2" not in str(client)


def test_get_download_client_by_id_answers_that_client(radarr, fake_kinds):  # noqa: F811
    row = make_client(name="Fake qBit")
    assert radarr.get_download_client(row.pk)["name"] == "Fake qBit"
