"""API v3 history: Radarr's records and event types, paging, filters, /movie and /since."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from downloads.models import Download, History
from radarr_site.api.keys import current_api_key
from tests.fakes import download_client as fakes
from tests.fakes.download_client import make_client

pytestmark = pytest.mark.django_db
fake_kinds, matrix = fakes.fake_kinds, fakes.matrix  # fixtures

TITLE = "The.Matrix.1999.1080p.BluRay.x264-GRP"


def api_get(client, path, **params):
    return client.get(f"/api/v3/{path}", params, HTTP_X_API_KEY=current_api_key())


def add_event(movie, event=History.Event.GRABBED, *, ago: int = 0, **fields) -> History:
    values = {
        "movie": movie,
        "event": event,
        "source_title": TITLE,
        "quality_id": 7,
        "indexer": "Example",
        "client_name": "Fake",
        "protocol": "torrent",
        "date": timezone.now() - timedelta(minutes=ago),
    }
    values.update(fields)
    return History.objects.create(**values)


@pytest.fixture
def second_movie(matrix):
    from movies.models import Movie

    return Movie.objects.create(
        tmdb_id=604,
        title="The Matrix Reloaded",
        year=2003,
        quality_profile=matrix.quality_profile,
        root_folder=matrix.root_folder,
        path=f"{matrix.root_folder.path}/The Matrix Reloaded (2003)",
    )


@pytest.fixture
def grabbed(matrix, fake_kinds):
    download = Download.objects.create(
        movie=matrix,
        client=make_client(),
        protocol="torrent",
        download_id="abc123",
        source_title=TITLE,
        quality_id=7,
        size=8_000_000_000,
    )
    return add_event(
        matrix,
        download=download,
        format_score=15,
        data={"guid": "https://indexer.example/1", "download_id": "abc123", "client_id": 1},
    )


def test_a_history_record_carries_radarrs_field_names(client, grabbed):
    body = api_get(client, "history").json()

    assert (body["page"], body["pageSize"], body["totalRecords"]) == (1, 10, 1)
    assert (body["sortKey"], body["sortDirection"]) == ("date", "descending")
    record = body["records"][0]
    assert record["id"] == grabbed.pk and record["movieId"] == grabbed.movie_id
    assert record["sourceTitle"] == TITLE
    assert record["eventType"] == "grabbed"
    assert record["downloadId"] == "abc123"
    assert record["date"].endswith("Z")
    assert record["quality"]["quality"]["name"] == "Bluray-1080p"
    assert record["customFormats"] == [] and record["customFormatScore"] == 15
    assert record["languages"] == [{"id": 0, "name": "Unknown"}]
    assert "movie" not in record


def test_history_data_holds_strings_under_radarrs_names(client, grabbed):
    data = api_get(client, "history").json()["records"][0]["data"]

    assert data["indexer"] == "Example"
    assert data["downloadClient"] == "Fake" and data["downloadClientName"] == "Fake"
    assert data["releaseGroup"] == "GRP"
    assert data["size"] == "8000000000"
    assert data["protocol"] == "2"
    assert data["guid"] == "https://indexer.example/1"
    assert data["clientId"] == "1"
    assert all(isinstance(value, str) for value in data.values())


def test_quality_cutoff_not_met_follows_the_movies_profile(client, matrix):
    add_event(matrix, quality_id=1, source_title="The.Matrix.1999.SDTV-GRP")  # SDTV
    add_event(matrix, quality_id=7, ago=5)  # Bluray-1080p, the HD-1080p profile's cutoff

    records = api_get(client, "history").json()["records"]

    assert [r["qualityCutoffNotMet"] for r in records] == [True, False]


@pytest.mark.parametrize(
    ("event", "name"),
    [
        ("grabbed", "grabbed"),
        ("imported", "downloadFolderImported"),
        ("failed", "downloadFailed"),
        ("file_deleted", "movieFileDeleted"),
        ("file_renamed", "movieFileRenamed"),
        ("ignored", "downloadIgnored"),
        ("removed", "downloadIgnored"),
        ("import_failed", "unknown"),
    ],
)
def test_our_events_carry_radarrs_event_type_names(client, matrix, event, name):
    add_event(matrix, event)

    assert api_get(client, "history").json()["records"][0]["eventType"] == name


def test_include_movie_adds_the_movie_block(client, grabbed):
    record = api_get(client, "history", includeMovie="true").json()["records"][0]

    assert record["movie"]["tmdbId"] == 603 and record["movie"]["title"] == "The Matrix"


def test_without_a_key_history_is_401(client, grabbed):
    assert client.get("/api/v3/history").status_code == 401


# --- filters -------------------------------------------------------------------------


def test_the_event_type_filter_takes_radarrs_numbers(client, matrix):
    add_event(matrix, "grabbed")
    add_event(matrix, "imported")
    add_event(matrix, "failed")

    body = api_get(client, "history", eventType=3).json()

    assert [r["eventType"] for r in body["records"]] == ["downloadFolderImported"]


def test_the_event_type_filter_takes_radarrs_names(client, matrix):
    add_event(matrix, "grabbed")
    add_event(matrix, "failed")

    body = api_get(client, "history", eventType="downloadFailed").json()

    assert [r["eventType"] for r in body["records"]] == ["downloadFailed"]


def test_an_unknown_event_type_is_400_naming_it(client, matrix):
    response = api_get(client, "history", eventType="exploded")

    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "eventType"


def test_the_download_id_filter_finds_the_events_of_one_download(client, grabbed, matrix):
    add_event(matrix, "imported", data={"download_id": "other"})

    body = api_get(client, "history", downloadId="abc123").json()

    assert [r["id"] for r in body["records"]] == [grabbed.pk]


def test_the_movie_ids_filter_keeps_those_movies(client, matrix, second_movie):
    add_event(matrix)
    mine = add_event(second_movie)

    body = api_get(client, "history", movieIds=second_movie.pk).json()

    assert [r["id"] for r in body["records"]] == [mine.pk]


# --- paging --------------------------------------------------------------------------


@pytest.fixture
def many(matrix, second_movie):
    now = timezone.now()
    History.objects.bulk_create(
        History(
            movie=matrix if n % 2 else second_movie,
            event="grabbed",
            source_title=f"The.Matrix.1999.1080p.BluRay.x264-G{n:04d}",
            quality_id=7,
            date=now - timedelta(minutes=n),
        )
        for n in range(1000)
    )


def test_the_default_page_is_ten_newest_first(client, many):
    body = api_get(client, "history").json()

    assert body["totalRecords"] == 1000 and len(body["records"]) == 10
    assert body["records"][0]["sourceTitle"].endswith("G0000")


def test_a_thousand_rows_take_a_bounded_number_of_queries(
    client, many, django_assert_max_num_queries
):
    key = current_api_key()
    with django_assert_max_num_queries(14):
        response = client.get("/api/v3/history?pageSize=1000&includeMovie=true", HTTP_X_API_KEY=key)

    assert len(response.json()["records"]) == 1000


def test_sorting_by_date_ascending_puts_the_oldest_first(client, many):
    body = api_get(client, "history", pageSize=1, sortKey="date", sortDirection="ascending").json()

    assert body["records"][0]["sourceTitle"].endswith("G0999")


def test_page_two_follows_page_one(client, many):
    body = api_get(client, "history", page=2, pageSize=5).json()

    assert [r["sourceTitle"][-5:] for r in body["records"]] == [
        "G0005",
        "G0006",
        "G0007",
        "G0008",
        "G0009",
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"pageSize": -1}, "pageSize"),
        ({"sortDirection": "up"}, "sortDirection"),
    ],
)
def test_bad_paging_parameters_are_400_naming_the_parameter(client, grabbed, params, field):
    response = api_get(client, "history", **params)

    assert response.status_code == 400
    assert [e["propertyName"] for e in response.json()] == [field]


# --- /history/movie and /history/since -----------------------------------------------


def test_history_of_a_movie_is_a_plain_list_newest_first(client, matrix, second_movie):
    old = add_event(matrix, ago=10)
    new = add_event(matrix, "imported", ago=1)
    add_event(second_movie)

    body = api_get(client, "history/movie", movieId=matrix.pk).json()

    assert [r["id"] for r in body] == [new.pk, old.pk]


def test_history_of_a_movie_filters_by_event_type(client, matrix):
    add_event(matrix, "grabbed")
    imported = add_event(matrix, "imported")

    body = api_get(client, "history/movie", movieId=matrix.pk, eventType=3).json()

    assert [r["id"] for r in body] == [imported.pk]


def test_history_of_a_movie_without_a_movie_id_is_400(client, matrix):
    response = api_get(client, "history/movie")

    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "movieId"


def test_history_since_lists_the_events_from_that_date_oldest_first(client, matrix):
    add_event(matrix, ago=120)
    first = add_event(matrix, ago=30)
    second = add_event(matrix, ago=5)
    since = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    body = api_get(client, "history/since", date=since).json()

    assert [r["id"] for r in body] == [first.pk, second.pk]


def test_history_since_with_a_bad_date_is_400_naming_it(client, matrix):
    response = api_get(client, "history/since", date="yesterday")

    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "date"


def test_history_since_without_a_key_is_401(client):
    assert client.get("/api/v3/history/since?date=2025-01-01").status_code == 401


def test_a_sort_key_history_cannot_sort_by_sorts_by_date_as_radarr_does(client):
    body = api_get(client, "history", sortKey="movieFile.relativePath").json()
    assert (body["sortKey"], body["sortDirection"]) == ("date", "descending")
