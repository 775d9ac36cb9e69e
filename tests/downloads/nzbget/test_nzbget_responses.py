"""NZBGet's answers mapped at the HTTP boundary: states, sizes, reasons and error shapes."""

from __future__ import annotations

import base64
import json

import pytest
import responses

from downloads.clients.base import USENET, DownloadRequest, ItemState
from downloads.clients.nzbget import NzbGet, parse_version
from radarr_site.http.errors import AuthError, BadResponse, NotFound
from tests.downloads.nzbget.conftest import make_config

BASE = "http://nzbget.test:6789"
RPC = f"{BASE}/jsonrpc"


def rpc_answers(**results):
    """Answer each JSON-RPC method with its result (a callable gets the params)."""

    def reply(request):
        body = json.loads(request.body)
        result = results[body["method"]]
        if callable(result):
            result = result(body["params"])
        return (200, {"Content-Type": "application/json"}, json.dumps({"result": result}))

    responses.add_callback(responses.POST, RPC, callback=reply)


@pytest.fixture
def client() -> NzbGet:
    return NzbGet(make_config(BASE))


def group(nzb_id, status, **extra):
    return {
        "NZBID": nzb_id,
        "NZBName": f"Movie.{nzb_id}",
        "Status": status,
        "Category": "Movies",
        **extra,
    }


def entry(nzb_id, status, **extra):
    return {
        "NZBID": nzb_id,
        "Name": f"Movie.{nzb_id}",
        "Status": status,
        "Category": "Movies",
        "DestDir": f"/dst/Movie.{nzb_id}",
        **extra,
    }


@responses.activate
def test_one_poll_is_one_listgroups_and_one_history_call(client):
    rpc_answers(listgroups=[group(1, "DOWNLOADING")], history=[entry(2, "SUCCESS/ALL")])

    client.active()

    methods = [json.loads(c.request.body)["method"] for c in responses.calls]
    assert methods == ["listgroups", "history"]


@responses.activate
@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("QUEUED", ItemState.QUEUED),
        ("FETCHING", ItemState.QUEUED),
        ("PAUSED", ItemState.PAUSED),
        ("DOWNLOADING", ItemState.DOWNLOADING),
        ("UNPACKING", ItemState.DOWNLOADING),
        ("PP_QUEUED", ItemState.DOWNLOADING),
    ],
)
def test_queue_status_words_map_to_states(client, status, state):
    rpc_answers(listgroups=[group(7, status)], history=[])

    assert client.status("7").state == state


@responses.activate
def test_a_group_whose_remaining_files_are_all_paused_is_paused(client):
    rpc_answers(listgroups=[group(7, "QUEUED", RemainingSizeLo=500, PausedSizeLo=500)], history=[])

    assert client.status("7").state == ItemState.PAUSED


@responses.activate
def test_sizes_join_the_high_and_low_halves_and_give_progress(client):
    big = group(3, "DOWNLOADING", FileSizeLo=0, FileSizeHi=2, RemainingSizeLo=0, RemainingSizeHi=1)
    rpc_answers(listgroups=[big], history=[])

    item = client.status("3")

    assert (item.size, item.size_left, item.progress) == (2 << 32, 1 << 32, 0.5)


@responses.activate
def test_a_successful_history_entry_is_completed_at_its_final_dir(client):
    rpc_answers(listgroups=[], history=[entry(4, "SUCCESS/UNPACK", FinalDir="/final/M")])

    item = client.status("4")

    assert (item.state, item.output_path) == (ItemState.COMPLETED, "/final/M")


@responses.activate
@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("FAILURE/PAR", "par repair failed"),
        ("FAILURE/UNPACK", "unpacking failed"),
        ("DELETED/HEALTH", "deleted: health below critical"),
        ("WARNING/PASSWORD", "the archive needs a password"),
        ("FAILURE/SOMETHINGNEW", "NZBGet reports FAILURE/SOMETHINGNEW"),
    ],
)
def test_failed_and_deleted_history_entries_fail_with_a_reason(client, status, reason):
    rpc_answers(listgroups=[], history=[entry(5, status)])

    item = client.status("5")

    assert (item.state, item.message) == (ItemState.FAILED, reason)


@responses.activate
@pytest.mark.parametrize(
    ("status", "warning"),
    [
        ("WARNING/SPACE", "not enough disk space"),
        ("DELETED/GOOD", "another copy already succeeded"),
        ("DELETED/COPY", "a copy of another item"),
    ],
)
def test_recoverable_history_entries_are_not_failed_but_warned(client, status, warning):
    rpc_answers(listgroups=[], history=[entry(5, status)])

    item = client.status("5")

    assert item.state == ItemState.DOWNLOADING and item.message == ""
    assert warning in item.warnings[0]


@responses.activate
def test_a_finished_items_save_path_is_the_parent_of_its_folder(client):
    rpc_answers(listgroups=[], history=[entry(4, "SUCCESS/ALL", DestDir="/dst/done/Movie.4")])

    assert client.status("4").save_path == "/dst/done"


@responses.activate
def test_a_queued_items_save_path_is_the_parent_of_its_destination(client):
    rpc_answers(listgroups=[group(3, "DOWNLOADING", DestDir="/inter/Movie.3.#3")], history=[])

    assert client.status("3").save_path == "/inter"


@responses.activate
def test_a_relative_destination_gives_no_save_path(client):
    rpc_answers(listgroups=[], history=[entry(4, "SUCCESS/ALL", DestDir="dst/Movie.4")])

    assert client.status("4").save_path == ""


def test_each_configured_client_has_its_own_provider_status():
    first = NzbGet(make_config(BASE, id=1))
    second = NzbGet(make_config(BASE, id=2))

    assert first.http.name != second.http.name
    assert first.http.name == "downloadclient:1"


@responses.activate
def test_an_item_deleted_by_hand_in_nzbget_is_gone_not_failed(client):
    rpc_answers(listgroups=[], history=[entry(5, "DELETED/MANUAL")])

    assert client.status("5") is None


@responses.activate
def test_a_failed_script_still_completes_with_a_warning(client):
    rpc_answers(listgroups=[], history=[entry(6, "WARNING/SCRIPT")])

    item = client.status("6")

    assert item.state == ItemState.COMPLETED
    assert item.warnings == ["a post-processing script failed"]


@responses.activate
def test_missing_articles_in_a_running_download_are_a_warning(client):
    rpc_answers(listgroups=[group(8, "DOWNLOADING", Health=700, CriticalHealth=850)], history=[])

    assert client.status("8").warnings == ["missing articles: health 70.0% (below critical)"]


@responses.activate
def test_items_in_other_categories_are_left_out(client):
    rpc_answers(
        listgroups=[group(1, "QUEUED", Category="Series")],
        history=[entry(2, "SUCCESS/ALL", Category="movies")],
    )

    assert [i.download_id for i in client.active()] == ["2"]


@responses.activate
def test_add_sends_the_nzb_base64_with_category_and_paused_flag():
    client = NzbGet(make_config(BASE, start_paused=True))
    rpc_answers(append=11)

    download_id = client.add(DownloadRequest("M.2020", USENET, content=b"<nzb/>"))

    params = json.loads(responses.calls[0].request.body)["params"]
    assert download_id == "11"
    assert params[:6] == [
        "M.2020.nzb",
        base64.b64encode(b"<nzb/>").decode(),
        "Movies",
        0,
        False,
        True,
    ]


@responses.activate
def test_add_refused_by_nzbget_is_a_bad_response(client):
    rpc_answers(append=0)

    with pytest.raises(BadResponse, match="refused the NZB"):
        client.add(DownloadRequest("M.2020", USENET, url="http://indexer.test/get/1.nzb"))


@responses.activate
def test_refused_credentials_are_an_auth_error(client):
    responses.add(responses.POST, RPC, status=401, body="Unauthorized")

    with pytest.raises(AuthError):
        client.active()


@responses.activate
def test_an_html_page_instead_of_json_rpc_is_a_bad_response(client):
    responses.add(
        responses.POST, RPC, body="<html><body>Login</body></html>", content_type="text/html"
    )

    with pytest.raises(BadResponse, match="malformed JSON"):
        client.active()


@responses.activate
def test_malformed_json_is_a_bad_response(client):
    responses.add(responses.POST, RPC, body='{"result": [', content_type="application/json")

    with pytest.raises(BadResponse, match="malformed JSON"):
        client.active()


@responses.activate
def test_a_json_rpc_error_object_is_a_bad_response_with_its_message(client):
    responses.add(responses.POST, RPC, json={"error": {"code": 1, "message": "Invalid procedure"}})

    with pytest.raises(BadResponse, match="Invalid procedure"):
        client.active()


@responses.activate
def test_an_edit_nzbget_refuses_means_the_item_is_gone(client):
    rpc_answers(editqueue=False)

    with pytest.raises(NotFound):
        client.pause("99")


@responses.activate
def test_test_names_a_version_too_old(client):
    rpc_answers(version="15.0")

    assert client.test() == ["NZBGet 15.0 is too old; version 16.0 or newer is needed"]


@responses.activate
def test_test_names_a_page_that_is_not_nzbget(client):
    responses.add(responses.POST, RPC, body="<html>router</html>", content_type="text/html")

    problems = client.test()

    assert len(problems) == 1 and "malformed JSON" in problems[0]


def test_versions_are_read_from_release_and_testing_names():
    assert parse_version("21.1-testing-r2220") == (21, 1)
    assert parse_version("nonsense") == (0, 0)
