"""API v3 queue: records in Radarr's shape from the last poll, paging, status, DELETE."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from downloads.models import Blocklist, Download, History
from radarr_site.api.keys import current_api_key
from tests.fakes import download_client as fakes
from tests.fakes.download_client import make_client, server

pytestmark = pytest.mark.django_db
fake_kinds, matrix = fakes.fake_kinds, fakes.matrix  # fixtures

HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"


def api_get(client, path, **params):
    return client.get(f"/api/v3/{path}", params, HTTP_X_API_KEY=current_api_key())


def api_delete(client, path):
    return client.delete(f"/api/v3/{path}", HTTP_X_API_KEY=current_api_key())


def add_download(movie, client_row, n: int = 0, **fields) -> Download:
    values = {
        "movie": movie,
        "client": client_row,
        "protocol": "torrent",
        "download_id": f"{HASH[:-4]}{n:04d}",
        "source_title": "The.Matrix.1999.1080p.BluRay.x264-GRP",
        "indexer": "Example",
        "quality_id": 7,
        "size": 8_000_000_000,
        "size_left": 4_640_000_000,
        "progress": 0.42,
        "eta_seconds": 3900,
        "state": Download.State.DOWNLOADING,
        "output_path": "/downloads/The.Matrix.1999.1080p.BluRay.x264-GRP",
        "polled_at": timezone.now(),
        "format_score": 25,
    }
    values.update(fields)
    return Download.objects.create(**values)


@pytest.fixture
def fake(fake_kinds):
    return make_client()


@pytest.fixture
def download(matrix, fake):
    return add_download(matrix, fake)


def test_a_download_not_yet_polled_has_all_of_its_size_left(client, matrix, fake):
    add_download(matrix, fake, state=Download.State.QUEUED, size_left=0, polled_at=None)

    [record] = api_get(client, "queue").json()["records"]

    assert record["sizeleft"] == record["size"] == 8_000_000_000


def test_a_queue_record_carries_radarrs_field_names(client, download):
    body = api_get(client, "queue").json()

    assert body["page"] == 1 and body["totalRecords"] == 1
    assert body["sortKey"] == "timeleft" and body["sortDirection"] == "ascending"
    record = body["records"][0]
    assert record["id"] == download.pk
    assert record["movieId"] == download.movie_id
    assert record["title"] == "The.Matrix.1999.1080p.BluRay.x264-GRP"
    assert record["size"] == 8_000_000_000 and record["sizeleft"] == 4_640_000_000
    assert record["timeleft"] == "01:05:00"
    assert record["estimatedCompletionTime"].endswith("Z")
    assert record["added"].endswith("Z")
    assert record["status"] == "downloading"
    assert record["trackedDownloadStatus"] == "ok"
    assert record["trackedDownloadState"] == "downloading"
    assert record["downloadId"] == download.download_id
    assert record["protocol"] == "torrent"
    assert record["downloadClient"] == "Fake"
    assert record["indexer"] == "Example"
    assert record["outputPath"] == "/downloads/The.Matrix.1999.1080p.BluRay.x264-GRP"
    assert record["customFormats"] == [] and record["customFormatScore"] == 25
    assert record["downloadClientHasPostImportCategory"] is False
    assert record["statusMessages"] == [] and record["errorMessage"] is None
    assert record["quality"]["quality"] == {
        "id": 7,
        "name": "Bluray-1080p",
        "source": "bluray",
        "resolution": 1080,
        "modifier": "none",
    }
    assert record["quality"]["revision"] == {"version": 1, "real": 0, "isRepack": False}
    assert record["languages"] == [{"id": 0, "name": "Unknown"}]


def test_the_estimated_completion_counts_from_the_last_poll(client, matrix, fake):
    polled = timezone.now() - timedelta(minutes=10)
    add_download(matrix, fake, polled_at=polled, eta_seconds=600)

    record = api_get(client, "queue").json()["records"][0]

    finish = polled + timedelta(seconds=600)
    assert record["estimatedCompletionTime"] == finish.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_an_unknown_time_left_is_null(client, matrix, fake):
    add_download(matrix, fake, eta_seconds=None)

    record = api_get(client, "queue").json()["records"][0]

    assert record["timeleft"] is None and record["estimatedCompletionTime"] is None


def test_time_left_past_a_day_is_written_as_radarr_writes_a_timespan(client, matrix, fake):
    add_download(matrix, fake, eta_seconds=90061)

    assert api_get(client, "queue").json()["records"][0]["timeleft"] == "1.01:01:01"


def test_the_language_comes_from_the_title_else_the_movies_original_language(client, matrix, fake):
    matrix.original_language = "en"
    matrix.save()
    add_download(matrix, fake, 1, source_title="The.Matrix.1999.FRENCH.1080p.BluRay-GRP")
    add_download(matrix, fake, 2, eta_seconds=4000)

    records = api_get(client, "queue").json()["records"]

    assert records[0]["languages"] == [{"id": 2, "name": "French"}]
    assert records[1]["languages"] == [{"id": 1, "name": "English"}]


@pytest.mark.parametrize(
    ("state", "status", "tracked"),
    [
        ("queued", "queued", "downloading"),
        ("paused", "paused", "downloading"),
        ("completed", "completed", "importPending"),
        ("importing", "completed", "importing"),
    ],
)
def test_our_states_map_to_radarrs_status_and_tracked_state(
    client, matrix, fake, state, status, tracked
):
    add_download(matrix, fake, state=state)

    record = api_get(client, "queue").json()["records"][0]

    assert (record["status"], record["trackedDownloadState"]) == (status, tracked)
    assert record["trackedDownloadStatus"] == "ok"


def test_a_blocked_import_is_pending_with_a_warning_and_its_reason(client, matrix, fake):
    add_download(
        matrix, fake, state="import_blocked", status_message="No video file found", warnings=[]
    )

    record = api_get(client, "queue").json()["records"][0]

    assert record["trackedDownloadState"] == "importPending"
    assert record["trackedDownloadStatus"] == "warning"
    assert record["statusMessages"] == [
        {"title": "The.Matrix.1999.1080p.BluRay.x264-GRP", "messages": ["No video file found"]}
    ]


def test_client_warnings_become_status_messages(client, matrix, fake):
    add_download(matrix, fake, warnings=["No peers"])

    record = api_get(client, "queue").json()["records"][0]

    assert record["trackedDownloadStatus"] == "warning"
    assert record["statusMessages"][0]["messages"] == ["No peers"]


def test_finished_downloads_are_not_in_the_queue(client, matrix, fake):
    add_download(matrix, fake, 1, state="imported")
    add_download(matrix, fake, 2, state="removed")
    add_download(matrix, fake, 3, state="failed")

    assert api_get(client, "queue").json()["totalRecords"] == 0


def test_unknown_items_are_left_out_unless_asked_for(client, fake):
    add_download(None, fake, source_title="Something.Else.2020.720p")

    assert api_get(client, "queue").json()["totalRecords"] == 0
    body = api_get(client, "queue", includeUnknownMovieItems="true").json()
    assert body["totalRecords"] == 1 and body["records"][0]["movieId"] is None


def test_the_movie_block_appears_only_with_include_movie(client, download):
    plain = api_get(client, "queue").json()["records"][0]
    full = api_get(client, "queue", includeMovie="true").json()["records"][0]

    assert "movie" not in plain
    assert full["movie"]["id"] == download.movie_id
    assert full["movie"]["tmdbId"] == 603 and full["movie"]["title"] == "The Matrix"


def test_without_a_key_the_queue_is_401(client, download):
    response = client.get("/api/v3/queue")

    assert response.status_code == 401


def test_a_wrong_key_is_401(client, download):
    response = client.get("/api/v3/queue", HTTP_X_API_KEY="nope")

    assert response.status_code == 401


def test_the_apikey_query_parameter_is_accepted(client, download):
    response = client.get("/api/v3/queue", {"apikey": current_api_key()})

    assert response.status_code == 200


# --- paging --------------------------------------------------------------------------


@pytest.fixture
def many(matrix, fake):
    now = timezone.now()
    Download.objects.bulk_create(
        Download(
            movie=matrix,
            client=fake,
            protocol="torrent",
            download_id=f"id{n:05d}",
            source_title=f"The.Matrix.1999.1080p.BluRay.x264-G{n:04d}",
            quality_id=7,
            state="downloading",
            eta_seconds=n + 1,
            grabbed_at=now - timedelta(seconds=n),
            polled_at=now,
        )
        for n in range(1000)
    )


def test_overseerrs_queue_read_without_a_page_size_gets_every_row(client, many):
    body = api_get(client, "queue", includeEpisode="true").json()

    assert body["pageSize"] == 1000 and body["totalRecords"] == 1000
    assert len(body["records"]) == 1000


def test_a_thousand_rows_take_a_bounded_number_of_queries(
    client, many, django_assert_max_num_queries
):
    key = current_api_key()
    with django_assert_max_num_queries(6):
        response = client.get("/api/v3/queue", HTTP_X_API_KEY=key)

    assert len(response.json()["records"]) == 1000


def test_a_thousand_rows_with_their_movies_take_a_bounded_number_of_queries(
    client, many, django_assert_max_num_queries
):
    key = current_api_key()
    with django_assert_max_num_queries(12):
        response = client.get("/api/v3/queue?includeMovie=true", HTTP_X_API_KEY=key)

    records = response.json()["records"]
    assert len(records) == 1000 and records[-1]["movie"]["tmdbId"] == 603


def test_pages_cut_the_queue_with_radarrs_figures(client, many):
    body = api_get(client, "queue", page=3, pageSize=10).json()

    assert (body["page"], body["pageSize"], body["totalRecords"]) == (3, 10, 1000)
    assert [r["timeleft"] for r in body["records"]][:2] == ["00:00:21", "00:00:22"]


def test_a_page_past_the_end_is_empty(client, many):
    body = api_get(client, "queue", page=101, pageSize=10).json()

    assert body["records"] == [] and body["totalRecords"] == 1000


def test_sorting_by_added_descending_puts_the_newest_first(client, many):
    body = api_get(client, "queue", pageSize=2, sortKey="added", sortDirection="descending").json()

    assert body["sortKey"] == "added" and body["sortDirection"] == "descending"
    assert [r["title"][-5:] for r in body["records"]] == ["G0000", "G0001"]


def test_sort_keys_match_without_regard_to_case(client, many):
    body = api_get(client, "queue", pageSize=1, sortKey="TIMELEFT").json()

    assert body["sortKey"] == "timeleft"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"pageSize": -1}, "pageSize"),
        ({"pageSize": 1001}, "pageSize"),
        ({"sortDirection": "sideways"}, "sortDirection"),
        ({"page": "two"}, "page"),
    ],
)
def test_bad_paging_parameters_are_400_naming_the_parameter(client, download, params, field):
    response = api_get(client, "queue", **params)

    assert response.status_code == 400
    assert [e["propertyName"] for e in response.json()] == [field]


# --- queue/status --------------------------------------------------------------------


def test_queue_status_counts_known_and_unknown_items_and_their_problems(client, matrix, fake):
    add_download(matrix, fake, 1)
    add_download(matrix, fake, 2, warnings=["Stalled"])
    add_download(None, fake, 3, state="import_blocked", status_message="Unknown movie")
    add_download(matrix, fake, 4, state="imported")

    body = api_get(client, "queue/status").json()

    assert body == {
        "totalCount": 3,
        "count": 2,
        "unknownCount": 1,
        "errors": False,
        "warnings": True,
        "unknownErrors": False,
        "unknownWarnings": True,
    }


def test_queue_status_without_a_key_is_401(client):
    assert client.get("/api/v3/queue/status").status_code == 401


# --- DELETE /queue/{id} --------------------------------------------------------------


@pytest.fixture
def in_client(download):
    from downloads.clients.base import ClientItem, ItemState

    server("Fake").put(
        ClientItem(download.download_id, download.source_title, ItemState.DOWNLOADING, "radarr")
    )
    return download


def test_delete_removes_the_item_from_its_client_with_its_data(client, in_client):
    response = api_delete(client, f"queue/{in_client.pk}")

    assert response.status_code == 200 and response.json() == {}
    assert server("Fake").removed == [(in_client.download_id, True)]
    in_client.refresh_from_db()
    assert in_client.state == Download.State.REMOVED
    assert not Blocklist.objects.exists()


def test_delete_with_blocklist_blocks_the_release(client, in_client, monkeypatch):
    searched = []
    monkeypatch.setattr(
        "downloads.failed.search_again", lambda movie: searched.append(movie.pk) or {}
    )

    response = api_delete(client, f"queue/{in_client.pk}?blocklist=true&skipRedownload=true")

    assert response.status_code == 200
    assert Blocklist.objects.get().source_title == in_client.source_title
    assert server("Fake").removed == [(in_client.download_id, True)]
    assert searched == []


def test_delete_with_blocklist_searches_again_unless_told_to_skip(client, in_client, monkeypatch):
    searched = []
    monkeypatch.setattr(
        "downloads.failed.search_again", lambda movie: searched.append(movie.pk) or {}
    )

    api_delete(client, f"queue/{in_client.pk}?blocklist=true")

    assert searched == [in_client.movie_id]


def test_delete_without_remove_from_client_leaves_the_item_there(client, in_client):
    response = api_delete(client, f"queue/{in_client.pk}?removeFromClient=false")

    assert response.status_code == 200
    assert server("Fake").removed == [] and in_client.download_id in server("Fake").items
    in_client.refresh_from_db()
    assert in_client.state == Download.State.REMOVED
    assert History.objects.filter(event=History.Event.IGNORED).count() == 1


def test_delete_of_an_unknown_id_is_404(client, download):
    response = api_delete(client, f"queue/{download.pk + 100}")

    assert response.status_code == 404
    assert response.json()["message"] == "NotFound"


def test_delete_of_a_finished_download_is_404(client, matrix, fake):
    done = add_download(matrix, fake, state="imported")

    assert api_delete(client, f"queue/{done.pk}").status_code == 404


def test_delete_while_an_import_runs_is_refused_and_changes_nothing(client, in_client):
    Download.objects.filter(pk=in_client.pk).update(state=Download.State.IMPORTING)

    response = api_delete(client, f"queue/{in_client.pk}")

    assert response.status_code == 409
    assert server("Fake").removed == []
    in_client.refresh_from_db()
    assert in_client.state == Download.State.IMPORTING


def test_delete_when_the_client_is_down_is_503_and_keeps_the_row(client, in_client):
    server("Fake").down = True

    response = api_delete(client, f"queue/{in_client.pk}")

    assert response.status_code == 503
    in_client.refresh_from_db()
    assert in_client.state == Download.State.DOWNLOADING


def test_delete_without_a_key_is_401_and_removes_nothing(client, in_client):
    response = client.delete(f"/api/v3/queue/{in_client.pk}")

    assert response.status_code == 401
    assert server("Fake").removed == []


def test_the_movie_ids_filter_keeps_those_movies_items(client, matrix, fake):
    from movies.models import Movie

    other = Movie.objects.create(
        tmdb_id=604,
        title="The Matrix Reloaded",
        year=2003,
        quality_profile=matrix.quality_profile,
        root_folder=matrix.root_folder,
        path=f"{matrix.root_folder.path}/The Matrix Reloaded (2003)",
    )
    add_download(matrix, fake, 1)
    mine = add_download(other, fake, 2)

    body = api_get(client, "queue", movieIds=other.pk).json()

    assert [r["id"] for r in body["records"]] == [mine.pk]
