"""API v3 blocklist: Radarr's records, paging, /movie, DELETE one and bulk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from downloads.models import Blocklist
from radarr_site.api.keys import current_api_key
from tests.fakes import download_client as fakes

pytestmark = pytest.mark.django_db
matrix = fakes.matrix  # fixture

TITLE = "The.Matrix.1999.1080p.BluRay.x264-GRP"


def api_get(client, path, **params):
    return client.get(f"/api/v3/{path}", params, HTTP_X_API_KEY=current_api_key())


def api_delete(client, path, body=None):
    if body is None:
        return client.delete(f"/api/v3/{path}", HTTP_X_API_KEY=current_api_key())
    return client.delete(
        f"/api/v3/{path}",
        body,
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )


def block(movie, *, ago: int = 0, **fields) -> Blocklist:
    values = {
        "movie": movie,
        "source_title": TITLE,
        "indexer": "Example",
        "protocol": "torrent",
        "quality_id": 7,
        "message": "Download failed: no seeds",
        "date": timezone.now() - timedelta(minutes=ago),
    }
    values.update(fields)
    return Blocklist.objects.create(**values)


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
def entry(matrix):
    return block(matrix)


def test_a_blocklist_record_carries_radarrs_field_names(client, entry):
    body = api_get(client, "blocklist").json()

    assert (body["page"], body["pageSize"], body["totalRecords"]) == (1, 20, 1)
    assert (body["sortKey"], body["sortDirection"]) == ("date", "descending")
    record = body["records"][0]
    assert record["id"] == entry.pk and record["movieId"] == entry.movie_id
    assert record["sourceTitle"] == TITLE
    assert record["date"].endswith("Z")
    assert record["protocol"] == "torrent" and record["indexer"] == "Example"
    assert record["message"] == "Download failed: no seeds"
    assert record["quality"]["quality"]["id"] == 7
    assert record["customFormats"] == []
    assert record["languages"] == [{"id": 0, "name": "Unknown"}]
    assert "movie" not in record


def test_include_movie_adds_the_movie_block(client, entry):
    record = api_get(client, "blocklist", includeMovie="true").json()["records"][0]

    assert record["movie"]["id"] == entry.movie_id and record["movie"]["tmdbId"] == 603


def test_without_a_key_the_blocklist_is_401(client, entry):
    assert client.get("/api/v3/blocklist").status_code == 401


def test_the_movie_ids_filter_keeps_those_movies(client, matrix, second_movie):
    block(matrix)
    mine = block(second_movie)

    body = api_get(client, "blocklist", movieIds=second_movie.pk).json()

    assert [r["id"] for r in body["records"]] == [mine.pk]


# --- paging --------------------------------------------------------------------------


@pytest.fixture
def many(matrix):
    now = timezone.now()
    Blocklist.objects.bulk_create(
        Blocklist(
            movie=matrix,
            source_title=f"The.Matrix.1999.1080p.BluRay.x264-G{n:04d}",
            indexer=f"Indexer {n % 3}",
            quality_id=7,
            date=now - timedelta(minutes=n),
        )
        for n in range(1000)
    )


def test_the_default_page_is_twenty_newest_first(client, many):
    body = api_get(client, "blocklist").json()

    assert body["totalRecords"] == 1000 and len(body["records"]) == 20
    assert body["records"][0]["sourceTitle"].endswith("G0000")


def test_a_thousand_rows_take_a_bounded_number_of_queries(
    client, many, django_assert_max_num_queries
):
    key = current_api_key()
    with django_assert_max_num_queries(12):
        response = client.get(
            "/api/v3/blocklist?pageSize=1000&includeMovie=true", HTTP_X_API_KEY=key
        )

    assert len(response.json()["records"]) == 1000


def test_sorting_by_source_title_ascending(client, many):
    body = api_get(
        client, "blocklist", pageSize=2, sortKey="sourceTitle", sortDirection="ascending"
    ).json()

    assert [r["sourceTitle"][-5:] for r in body["records"]] == ["G0000", "G0001"]
    assert body["sortKey"] == "sourceTitle"


def test_the_default_direction_is_the_endpoints_own(client, many):
    body = api_get(client, "blocklist", pageSize=1, sortDirection="default").json()

    assert body["sortDirection"] == "descending"
    assert body["records"][0]["sourceTitle"].endswith("G0000")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"pageSize": 0}, "pageSize"),
        ({"sortDirection": "asc-ish"}, "sortDirection"),
    ],
)
def test_bad_paging_parameters_are_400_naming_the_parameter(client, entry, params, field):
    response = api_get(client, "blocklist", **params)

    assert response.status_code == 400
    assert [e["propertyName"] for e in response.json()] == [field]


# --- /blocklist/movie ----------------------------------------------------------------


def test_the_blocklist_of_a_movie_is_a_plain_list_newest_first(client, matrix, second_movie):
    old = block(matrix, ago=10)
    new = block(matrix, ago=1)
    block(second_movie)

    body = api_get(client, "blocklist/movie", movieId=matrix.pk).json()

    assert [r["id"] for r in body] == [new.pk, old.pk]


def test_the_blocklist_of_a_movie_without_a_movie_id_is_400(client, matrix):
    response = api_get(client, "blocklist/movie")

    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "movieId"


# --- DELETE --------------------------------------------------------------------------


def test_delete_unblocks_one_release(client, entry):
    other = block(entry.movie)

    response = api_delete(client, f"blocklist/{entry.pk}")

    assert response.status_code == 200 and response.json() == {}
    assert list(Blocklist.objects.values_list("pk", flat=True)) == [other.pk]


def test_delete_of_an_unknown_id_is_404(client, entry):
    response = api_delete(client, f"blocklist/{entry.pk + 100}")

    assert response.status_code == 404
    assert Blocklist.objects.count() == 1


def test_delete_without_a_key_is_401_and_removes_nothing(client, entry):
    response = client.delete(f"/api/v3/blocklist/{entry.pk}")

    assert response.status_code == 401
    assert Blocklist.objects.count() == 1


def test_bulk_delete_unblocks_the_named_releases(client, matrix):
    first, second, kept = block(matrix), block(matrix), block(matrix)

    response = api_delete(client, "blocklist/bulk", {"ids": [first.pk, second.pk, 9999]})

    assert response.status_code == 200 and response.json() == {}
    assert list(Blocklist.objects.values_list("pk", flat=True)) == [kept.pk]


def test_bulk_delete_with_no_ids_is_400_and_removes_nothing(client, entry):
    response = api_delete(client, "blocklist/bulk", {"ids": []})

    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == "ids"
    assert Blocklist.objects.count() == 1


def test_bulk_delete_with_ids_that_are_not_numbers_is_400(client, entry):
    response = api_delete(client, "blocklist/bulk", {"ids": ["all"]})

    assert response.status_code == 400
    assert response.json()[0]["propertyName"].startswith("ids")
    assert Blocklist.objects.count() == 1


def test_bulk_delete_without_a_key_is_401(client, entry):
    response = client.delete(
        "/api/v3/blocklist/bulk", {"ids": [entry.pk]}, content_type="application/json"
    )

    assert response.status_code == 401
    assert Blocklist.objects.count() == 1
