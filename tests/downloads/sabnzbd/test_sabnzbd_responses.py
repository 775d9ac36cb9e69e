"""SABnzbd's answers mapped at the HTTP boundary: states, paths, messages and error shapes."""

from __future__ import annotations

import pytest
import responses
from responses import matchers

from downloads.clients.base import USENET, DownloadRequest, ItemState
from downloads.clients.sabnzbd import Sabnzbd, parse_version
from radarr_site.http.errors import AuthError, BadResponse, NotFound
from tests.downloads.sabnzbd.conftest import make_config

BASE = "http://sab.test:8080"
API = f"{BASE}/api"
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def client() -> Sabnzbd:
    return Sabnzbd(make_config(BASE))


def mode(api_mode: str, /, **params):
    return [matchers.query_param_matcher({"mode": api_mode, **params}, strict_match=False)]


def answer(api_mode: str, body, /, **params):
    responses.add(responses.GET, API, json=body, match=mode(api_mode, **params))


def queue(*slots, paused=False):
    return {"queue": {"paused": paused, "slots": list(slots)}}


def history(*slots):
    return {"history": {"slots": list(slots)}}


def qslot(nzo, status, **extra):
    return {"nzo_id": nzo, "filename": nzo, "status": status, "cat": "movies", **extra}


def hslot(nzo, status, **extra):
    return {"nzo_id": nzo, "name": nzo, "status": status, "category": "movies", **extra}


@responses.activate
def test_one_poll_is_one_queue_and_one_history_call_filtered_by_category(client):
    answer("queue", queue(), cat="movies")
    answer("history", history(), category="movies")

    client.active()

    assert len(responses.calls) == 2
    assert all(f"apikey={KEY}" in c.request.url for c in responses.calls)


@responses.activate
@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("Queued", ItemState.QUEUED),
        ("Grabbing", ItemState.QUEUED),
        ("Propagating", ItemState.QUEUED),
        ("Paused", ItemState.PAUSED),
        ("Downloading", ItemState.DOWNLOADING),
    ],
)
def test_queue_status_words_map_to_states(client, status, state):
    answer("queue", queue(qslot("n1", status)))
    answer("history", history())

    assert client.status("n1").state == state


@responses.activate
def test_a_paused_queue_shows_every_job_paused(client):
    answer("queue", queue(qslot("n1", "Downloading"), paused=True))
    answer("history", history())

    assert client.status("n1").state == ItemState.PAUSED


@responses.activate
def test_a_downloading_job_has_sizes_progress_and_eta(client):
    slot = qslot(
        "n1", "Downloading", mb="100.0", mbleft="25.0", percentage="75", timeleft="0:01:05"
    )
    answer("queue", queue(slot))
    answer("history", history())

    item = client.status("n1")

    assert (item.size, item.size_left, item.progress, item.eta_seconds) == (
        100 * 1024 * 1024,
        25 * 1024 * 1024,
        0.75,
        65,
    )


@responses.activate
def test_a_completed_job_is_completed_at_its_storage_path(client):
    answer("queue", queue())
    answer("history", history(hslot("n2", "Completed", storage="/done/M/M.mkv", bytes=42)))

    item = client.status("n2")

    assert (item.state, item.output_path, item.size) == (ItemState.COMPLETED, "/done/M/M.mkv", 42)


@responses.activate
def test_a_completed_job_without_its_storage_path_yet_is_still_downloading(client):
    answer("queue", queue())
    answer("history", history(hslot("n2", "Completed", storage="")))

    assert client.status("n2").state == ItemState.DOWNLOADING


@responses.activate
def test_a_job_being_unpacked_is_still_downloading(client):
    answer("queue", queue())
    answer("history", history(hslot("n2", "Extracting")))

    assert client.status("n2").state == ItemState.DOWNLOADING


@responses.activate
def test_a_failed_job_fails_with_sabnzbds_message(client):
    answer("queue", queue())
    answer("history", history(hslot("n3", "Failed", fail_message="Unpacking failed, CRC error")))

    item = client.status("n3")

    assert (item.state, item.message) == (ItemState.FAILED, "Unpacking failed, CRC error")


@responses.activate
def test_an_unpack_stopped_by_a_full_disk_is_not_failed_but_warned(client):
    message = "Unpacking failed, write error or disk is full?"
    answer("queue", queue())
    answer("history", history(hslot("n3", "Failed", fail_message=message)))

    item = client.status("n3")

    assert (item.state, item.message) == (ItemState.DOWNLOADING, "")
    assert "disk is full" in item.warnings[0]


@responses.activate
def test_a_completed_jobs_save_path_is_the_parent_of_its_storage(client):
    answer("queue", queue())
    answer("history", history(hslot("n2", "Completed", storage="/done/movies/Movie.2020")))

    assert client.status("n2").save_path == "/done/movies"


def test_each_configured_client_has_its_own_provider_status():
    first = Sabnzbd(make_config(BASE, id=1))
    second = Sabnzbd(make_config(BASE, id=2))

    assert first.http.name != second.http.name
    assert first.http.name == "downloadclient:1"


@responses.activate
def test_jobs_in_other_categories_are_left_out(client):
    answer("queue", queue(qslot("n1", "Queued", cat="tv")))
    answer("history", history(hslot("n2", "Completed", storage="/x", category="Movies")))

    assert [i.download_id for i in client.active()] == ["n2"]


@responses.activate
def test_add_url_sends_category_and_paused_priority():
    client = Sabnzbd(make_config(BASE, start_paused=True))
    responses.add(
        responses.GET,
        API,
        json={"status": True, "nzo_ids": ["SABnzbd_nzo_1"]},
        match=mode("addurl", name="http://indexer.test/1.nzb", cat="movies", priority="-2"),
    )

    assert client.add(DownloadRequest("M", USENET, url="http://indexer.test/1.nzb")) == (
        "SABnzbd_nzo_1"
    )


@responses.activate
def test_add_file_uploads_the_nzb_as_multipart(client):
    responses.add(
        responses.POST,
        API,
        json={"status": True, "nzo_ids": ["SABnzbd_nzo_2"]},
        match=mode("addfile", cat="movies", priority="-100"),
    )

    download_id = client.add(DownloadRequest("M", USENET, content=b"<nzb/>", file_name="M.nzb"))

    body = responses.calls[0].request.body
    assert download_id == "SABnzbd_nzo_2"
    assert b'name="name"; filename="M.nzb"' in body and b"<nzb/>" in body


@responses.activate
def test_add_without_a_job_id_is_a_bad_response(client):
    responses.add(responses.POST, API, json={"status": True, "nzo_ids": []})

    with pytest.raises(BadResponse, match="no job id"):
        client.add(DownloadRequest("M", USENET, content=b"<nzb/>"))


@responses.activate
def test_add_refused_is_a_bad_response(client):
    responses.add(responses.GET, API, json={"status": False, "error": "Invalid NZB"})

    with pytest.raises(BadResponse, match="Invalid NZB"):
        client.add(DownloadRequest("M", USENET, url="http://indexer.test/1.nzb"))


@responses.activate
def test_an_incorrect_api_key_in_plain_text_is_an_auth_error(client):
    responses.add(responses.GET, API, body="API Key Incorrect\n", content_type="text/plain")

    with pytest.raises(AuthError, match="API Key Incorrect"):
        client.active()


@responses.activate
def test_an_incorrect_api_key_in_json_is_an_auth_error(client):
    responses.add(responses.GET, API, json={"status": False, "error": "API Key Incorrect"})

    with pytest.raises(AuthError):
        client.active()


@responses.activate
def test_an_html_page_instead_of_the_api_is_a_bad_response(client):
    responses.add(responses.GET, API, body="<html>Login</html>", content_type="text/html")

    with pytest.raises(BadResponse, match="malformed JSON"):
        client.active()


@responses.activate
def test_malformed_json_is_a_bad_response(client):
    responses.add(responses.GET, API, body='{"queue": {', content_type="application/json")

    with pytest.raises(BadResponse, match="malformed JSON"):
        client.active()


@responses.activate
def test_json_in_an_unknown_shape_is_a_bad_response(client):
    answer("queue", {"queue": "busy"})
    answer("history", history())

    with pytest.raises(BadResponse, match="unknown shape"):
        client.active()


@responses.activate
def test_removing_a_finished_job_deletes_it_from_the_history_with_its_files(client):
    answer("queue", {"status": True, "nzo_ids": []}, name="delete", value="n9")
    answer("history", {"status": True}, name="delete", value="n9", del_files="1")

    client.remove("n9", delete_files=True)

    assert len(responses.calls) == 2


@responses.activate
def test_removing_a_job_sabnzbd_does_not_have_is_not_found(client):
    answer("queue", {"status": True, "nzo_ids": []}, name="delete")
    answer("history", {"status": False}, name="delete")

    with pytest.raises(NotFound):
        client.remove("n9", delete_files=False)


@responses.activate
def test_test_names_a_version_too_old(client):
    answer("version", {"version": "2.3.9"})

    assert client.test() == ["SABnzbd 2.3.9 is too old; version 3.0.0 or newer is needed"]


@responses.activate
def test_test_accepts_a_development_build(client):
    answer("version", {"version": "develop"})
    answer("get_cats", {"categories": ["*", "Movies"]})

    assert client.test() == []


@responses.activate
def test_test_names_an_incorrect_api_key(client):
    answer("version", {"version": "4.2.1"})
    responses.add(responses.GET, API, body="API Key Incorrect", match=mode("get_cats"))

    assert client.test() == ["SABnzbd refused the API key"]


@responses.activate
def test_test_names_a_page_that_is_not_sabnzbd(client):
    responses.add(responses.GET, API, body="<html>router</html>", content_type="text/html")

    problems = client.test()

    assert len(problems) == 1 and "malformed JSON" in problems[0]


def test_versions_are_read_from_release_and_beta_names():
    assert parse_version("4.0.0Beta2") == (4, 0, 0)
    assert parse_version("3.7") == (3, 7, 0)
    assert parse_version("develop") is None
