"""API v3 command: POST /command runs MoviesSearch, RefreshMovie, RssSync, … as a task, and
GET /command/{id} shows it move from queued to completed or failed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from movies.models import Movie, QualityProfile
from radarr_site.api.keys import current_api_key
from radarr_site.http.errors import Unavailable
from radarr_site.models import ApiCommand
from tests.api.calls import api_get, api_post

pytestmark = pytest.mark.django_db


def make_movie(root_folder, tmdb_id=949, title="Heat", year=1995):
    return Movie.objects.create(
        tmdb_id=tmdb_id,
        title=title,
        year=year,
        quality_profile=QualityProfile.objects.first(),
        root_folder=root_folder,
        path=f"{root_folder.path}/{title} ({year})",
    )


def run_posted(client, django_capture_on_commit_callbacks, body):
    """POST the command and let its task run (on commit, inline: Q_CLUSTER sync)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(client, body)
    assert response.status_code == 201, response.content
    return api_get(client, f"/api/v3/command/{response.json()['id']}").json()


# --- POST /command ---


def test_posting_a_command_answers_201_with_radarrs_command_resource(client, heat):
    response = api_post(client, {"name": "MoviesSearch", "movieIds": [heat.pk]})

    assert response.status_code == 201
    data = response.json()
    assert data["name"] == "MoviesSearch"
    assert data["commandName"] == "Movies Search"
    assert (data["status"], data["result"], data["priority"], data["trigger"]) == (
        "queued",
        "unknown",
        "normal",
        "manual",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["queued"])
    assert data["stateChangeTime"] == data["queued"]
    assert data["started"] is None and data["ended"] is None and data["duration"] is None
    assert data["sendUpdatesToClient"] is True
    assert data["updateScheduledTask"] is False
    assert "lastExecutionTime" in data
    body = data["body"]
    assert body["movieIds"] == [heat.pk]
    for flag in (
        "sendUpdatesToClient",
        "updateScheduledTask",
        "completionMessage",
        "requiresDiskAccess",
        "isExclusive",
        "isTypeExclusive",
        "isLongRunning",
        "suppressMessages",
    ):
        assert flag in body
    assert (body["name"], body["trigger"]) == ("MoviesSearch", "manual")


def test_command_names_are_matched_without_regard_to_case(client, heat):
    response = api_post(client, {"name": "moviessearch", "movieIds": [heat.pk]})

    assert response.status_code == 201
    assert response.json()["name"] == "MoviesSearch"
    assert ApiCommand.objects.get().name == "MoviesSearch"


def test_a_command_waits_queued_until_its_transaction_commits(client, heat, searches):
    response = api_post(client, {"name": "MoviesSearch", "movieIds": [heat.pk]})

    polled = api_get(client, f"/api/v3/command/{response.json()['id']}").json()
    assert polled["status"] == "queued"
    assert searches == []


def test_movies_search_searches_each_movie_and_completes_with_what_it_grabbed(
    client, heat, root_folder, searches, django_capture_on_commit_callbacks
):
    matrix = make_movie(root_folder, tmdb_id=603, title="The Matrix", year=1999)

    data = run_posted(
        client,
        django_capture_on_commit_callbacks,
        {"name": "MoviesSearch", "movieIds": [heat.pk, matrix.pk]},
    )

    assert searches == [(heat.pk, "user"), (matrix.pk, "user")]
    assert (data["status"], data["result"]) == ("completed", "successful")
    assert data["message"] == (
        "Searched 2 movies: grabbed Heat.1995.1080p.BluRay-GRP; "
        "grabbed The Matrix.1999.1080p.BluRay-GRP"
    )
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{7}", data["duration"])
    assert data["started"] and data["ended"]
    assert data["stateChangeTime"] == data["ended"]


def test_movies_search_without_a_grab_completes_with_the_searchs_sentence(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    from indexers import services as indexer_services

    monkeypatch.setattr(
        indexer_services,
        "automatic_search",
        lambda movie, **kw: SimpleNamespace(grabbed=None, message="No releases found"),
    )

    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "MoviesSearch", "movieIds": [heat.pk]}
    )

    assert data["status"] == "completed"
    assert data["message"] == "Searched 1 movie: Heat (1995): No releases found"


def test_movies_search_with_no_indexer_runs_the_real_search_and_says_so(
    client, heat, django_capture_on_commit_callbacks
):
    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "MoviesSearch", "movieIds": [heat.pk]}
    )

    assert data["status"] == "completed"
    assert "No indexer is enabled for automatic search" in data["message"]


def test_a_failing_search_marks_the_command_failed_with_the_errors_sentence(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    from indexers import services as indexer_services

    def fail(movie, **kw):
        raise Unavailable("Indexer One did not answer in 30 seconds")

    monkeypatch.setattr(indexer_services, "automatic_search", fail)

    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "MoviesSearch", "movieIds": [heat.pk]}
    )

    assert (data["status"], data["result"]) == ("failed", "unsuccessful")
    assert data["message"] == (
        "Searched 1 movie: Heat (1995): Indexer One did not answer in 30 seconds"
    )
    assert "Traceback" not in data["message"]
    assert data["ended"] is not None


def test_refresh_movie_with_ids_refreshes_each_movie(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services

    refreshed = []
    monkeypatch.setattr(movie_services, "refresh_movie", lambda m: refreshed.append(m.pk) or m)

    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "RefreshMovie", "movieIds": [heat.pk]}
    )

    assert refreshed == [heat.pk]
    assert data["status"] == "completed"
    assert data["message"] == "Refreshed 1 movie: Heat (1995)"


def test_refresh_movie_without_ids_runs_the_metadata_refresh(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services

    calls = []

    def refresh(**kwargs):
        calls.append(kwargs)
        return {"refreshed": 3, "failed": 1, "missing": 0, "stopped_early": False}

    monkeypatch.setattr(movie_services, "refresh_metadata", refresh)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "RefreshMovie"})

    assert calls == [{"raise_when_stopped": True}]
    assert data["message"] == "Refreshed 3 movies (1 failed, 0 no longer on TMDB)"
    assert data["updateScheduledTask"] is True


def test_a_metadata_refresh_stopped_by_tmdb_fails_with_the_reason(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services

    def refresh(**kwargs):
        raise movie_services.RefreshStopped("Stopped after 0 of 5: TMDB is down", {})

    monkeypatch.setattr(movie_services, "refresh_metadata", refresh)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "RefreshMovie"})

    assert data["status"] == "failed"
    assert data["message"] == "Stopped after 0 of 5: TMDB is down"


def rss_report(name, new=0, matched=0, grabbed=0, error=""):
    return SimpleNamespace(
        indexer=name, new_items=new, matched=matched, grabbed=grabbed, error=error
    )


def test_rss_sync_runs_the_rss_sync_and_sums_its_reports(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from indexers import services as indexer_services

    reports = [rss_report("One", 5, 2, 1), rss_report("Two", 3, 1, 0)]
    monkeypatch.setattr(indexer_services, "rss_sync", lambda: reports)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "RssSync"})

    assert data["status"] == "completed"
    assert data["message"] == "RSS sync of 2 indexers: 8 new, 3 matched, 1 grabbed"


def test_rss_sync_fails_when_every_indexer_failed(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from indexers import services as indexer_services

    monkeypatch.setattr(
        indexer_services, "rss_sync", lambda: [rss_report("One", error="Connection refused")]
    )

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "RssSync"})

    assert data["status"] == "failed"
    assert data["message"].endswith("every indexer failed: One: Connection refused")


def wanted_summary(**changes):
    summary = {
        "kind": "missing",
        "total": 4,
        "searched": 4,
        "grabbed": 2,
        "errors": 0,
        "stopped": "",
        "refused": False,
        "continued": False,
    }
    return {**summary, **changes}


def test_missing_movies_search_runs_the_wanted_search_of_missing_movies(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from indexers import services as indexer_services

    kinds = []
    monkeypatch.setattr(
        indexer_services, "search_wanted", lambda kind: kinds.append(kind) or wanted_summary()
    )

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "MissingMoviesSearch"})

    assert kinds == ["missing"]
    assert data["status"] == "completed"
    assert data["message"] == "Searched 4 of 4 missing movie(s), grabbed 2"


def test_missing_movies_search_fails_while_another_wanted_search_runs(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from indexers import services as indexer_services

    refused = wanted_summary(refused=True, stopped="A wanted search is already running")
    monkeypatch.setattr(indexer_services, "search_wanted", lambda kind: refused)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "MissingMoviesSearch"})

    assert data["status"] == "failed"
    assert data["message"] == "A wanted search is already running"


@pytest.mark.parametrize("name", ["DownloadedMoviesScan", "RefreshMonitoredDownloads"])
def test_download_commands_poll_the_download_clients(
    client, monkeypatch, django_capture_on_commit_callbacks, name
):
    from downloads import services as download_services

    polled = SimpleNamespace(clients=1, items=3, completed=[7], failed=[], failed_clients=[])
    monkeypatch.setattr(download_services, "poll_queue", lambda: polled)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": name})

    assert data["status"] == "completed"
    assert data["message"] == "Checked 1 download client: 3 items, 1 completed, 0 failed"


def test_a_download_poll_where_no_client_answers_fails(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from downloads import services as download_services

    polled = SimpleNamespace(clients=1, items=0, completed=[], failed=[], failed_clients=["qbit"])
    monkeypatch.setattr(download_services, "poll_queue", lambda: polled)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "DownloadedMoviesScan"})

    assert data["status"] == "failed"
    assert data["message"].endswith("no client answered (qbit)")


def test_a_command_that_cannot_be_queued_is_failed_not_left_queued(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    import django_q.tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(django_q.tasks, "async_task", broken)

    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "MoviesSearch", "movieIds": [heat.pk]}
    )

    assert data["status"] == "failed"
    assert data["message"] == "Could not queue the command: broker unreachable"


# --- Refusals ---


def failure_names(response):
    return [f["propertyName"] for f in response.json()]


def test_an_unknown_name_is_refused_naming_name_and_nothing_is_recorded(client):
    response = api_post(client, {"name": "FormatHardDrive"})

    assert response.status_code == 400
    assert failure_names(response) == ["name"]
    assert response.json()[0]["attemptedValue"] == "FormatHardDrive"
    assert not ApiCommand.objects.exists()


def test_a_body_without_a_name_is_refused_naming_name(client):
    response = api_post(client, {"movieIds": [1]})

    assert response.status_code == 400
    assert "name" in failure_names(response)
    assert not ApiCommand.objects.exists()


@pytest.mark.parametrize("movie_ids", [[999], "1", [True], ["1"], [], None], ids=str)
def test_movie_ids_that_are_not_a_list_of_known_movies_are_refused(client, heat, movie_ids):
    body = {"name": "MoviesSearch", "movieIds": movie_ids}

    response = api_post(client, body)

    assert response.status_code == 400
    assert failure_names(response) == ["movieIds"]
    assert not ApiCommand.objects.exists()


def test_an_unknown_movie_id_is_named_in_the_message(client, heat):
    response = api_post(client, {"name": "RefreshMovie", "movieIds": [heat.pk, 999]})

    assert response.status_code == 400
    assert response.json()[0]["errorMessage"] == "No movie with id 999 exists."


def test_posting_without_the_api_key_is_refused_with_401(client, heat):
    response = client.post(
        "/api/v3/command",
        {"name": "MoviesSearch", "movieIds": [heat.pk]},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert not ApiCommand.objects.exists()


@pytest.mark.parametrize("path", ["/api/v3/command", "/api/v3/command/1"])
def test_reading_commands_with_a_wrong_key_is_refused_with_401(client, path):
    current_api_key()

    assert client.get(path, HTTP_X_API_KEY="wrong").status_code == 401


# --- Deduplication ---


def test_an_identical_queued_search_returns_the_existing_command(client, heat, root_folder):
    first = api_post(client, {"name": "MoviesSearch", "movieIds": [heat.pk]}).json()

    second = api_post(client, {"name": "MoviesSearch", "movieIds": [heat.pk]})

    assert second.status_code == 201
    assert second.json()["id"] == first["id"]
    assert ApiCommand.objects.count() == 1


def test_a_search_for_other_movies_is_a_new_command(client, heat, root_folder):
    matrix = make_movie(root_folder, tmdb_id=603, title="The Matrix", year=1999)
    first = api_post(client, {"name": "MoviesSearch", "movieIds": [heat.pk]}).json()

    second = api_post(client, {"name": "MoviesSearch", "movieIds": [matrix.pk]}).json()

    assert second["id"] != first["id"]


def test_a_search_posted_again_after_the_first_ended_runs_again(
    client, heat, searches, django_capture_on_commit_callbacks
):
    body = {"name": "MoviesSearch", "movieIds": [heat.pk]}
    first = run_posted(client, django_capture_on_commit_callbacks, body)

    second = run_posted(client, django_capture_on_commit_callbacks, body)

    assert second["id"] != first["id"]
    assert len(searches) == 2


# --- issue 8: RefreshMovie also rescans the movie's folder (Radarr's Refresh & Scan) ---


def place_video(folder, name="Heat.1995.1080p.BluRay.x264-FGT.mkv", size=4096):
    import os

    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(b"x" * size)
    return name


def test_refresh_movie_finds_a_hand_placed_file_and_the_movie_has_a_file_after(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services

    monkeypatch.setattr(movie_services, "refresh_movie", lambda m: m)
    place_video(heat.path)
    assert api_get(client, f"/api/v3/movie/{heat.pk}").json()["hasFile"] is False

    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "RefreshMovie", "movieIds": [heat.pk]}
    )

    assert data["status"] == "completed"
    assert data["message"] == "Refreshed 1 movie; found 1 new file, 0 missing: Heat (1995)"
    movie = api_get(client, f"/api/v3/movie/{heat.pk}").json()
    assert movie["hasFile"] is True
    assert movie["sizeOnDisk"] == 4096


def test_refresh_movie_rescans_even_when_tmdb_fails_and_still_fails(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services

    def refresh(movie):
        raise Unavailable("TMDB did not answer in time.")

    monkeypatch.setattr(movie_services, "refresh_movie", refresh)
    place_video(heat.path)

    data = run_posted(
        client, django_capture_on_commit_callbacks, {"name": "RefreshMovie", "movieIds": [heat.pk]}
    )

    assert data["status"] == "failed"
    assert data["message"].startswith("Refreshed 1 movie; found 1 new file, 0 missing: ")
    assert "TMDB did not answer in time" in data["message"]
    assert Movie.objects.get(pk=heat.pk).has_file is True


def test_refresh_movie_without_ids_rescans_every_reachable_folder_after_the_refresh(
    client, heat, root_folder, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services
    from movies.models import MovieFile

    monkeypatch.setattr(
        movie_services,
        "refresh_metadata",
        lambda **kw: {"refreshed": 2, "failed": 0, "missing": 0, "stopped_early": False},
    )
    place_video(heat.path)
    matrix = make_movie(root_folder, tmdb_id=603, title="The Matrix", year=1999)
    place_video(matrix.path, name="notes.txt")
    MovieFile.objects.create(movie=matrix, relative_path="The.Matrix.1999.mkv", size=10)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "RefreshMovie"})

    assert data["message"] == "Refreshed 2 movies; found 1 new file, 1 missing"
    assert Movie.objects.get(pk=heat.pk).has_file is True
    assert Movie.objects.get(pk=matrix.pk).has_file is False


def test_a_stopped_metadata_refresh_still_rescans_and_says_both(
    client, heat, monkeypatch, django_capture_on_commit_callbacks
):
    from movies import services as movie_services

    def refresh(**kwargs):
        raise movie_services.RefreshStopped("Stopped after 0 of 5: TMDB is down", {})

    monkeypatch.setattr(movie_services, "refresh_metadata", refresh)
    place_video(heat.path)

    data = run_posted(client, django_capture_on_commit_callbacks, {"name": "RefreshMovie"})

    assert data["status"] == "failed"
    assert data["message"] == "Stopped after 0 of 5: TMDB is down; found 1 new file, 0 missing"
    assert Movie.objects.get(pk=heat.pk).has_file is True
