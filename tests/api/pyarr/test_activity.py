"""Our API v3 driven by pyarr 5 (RadarrAPI): commands, activity, indexers, download clients.

Each test runs the real server (pytest-django's live_server) and calls it the way pyarr
does: its own paths, query parameter names and bodies (add_movie builds the body from a
lookup result), and its own error mapping (401 → PyarrUnauthorizedError, 404 →
PyarrResourceNotFound, 400 → PyarrBadRequest). TMDB is the loopback fake, indexers a
loopback Torznab server, download clients the in-process fake.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from pyarr.exceptions import PyarrBadRequest

from downloads.models import Blocklist, Download, History
from indexers.models import Indexer
from movies.models import Movie
from radarr_site.models import ApiCommand
from tests.api.pyarr.conftest import RELEASE
from tests.fakes.download_client import fake_kinds, make_client  # noqa: F401 (fixture)
from tests.movies.factories import make_movie
from tests.servers.torznab import API_KEY

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the live server reads what the test writes
    pytest.mark.usefixtures("seeded_qualities"),
]


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
