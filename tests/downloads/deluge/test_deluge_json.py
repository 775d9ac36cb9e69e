"""The Deluge client against recorded deluge-web answers: error shapes, sign-in, plugin, states."""

from __future__ import annotations

import json

import pytest
import responses

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest, ItemState
from downloads.clients.deluge import Deluge, error_message, json_url, to_item
from radarr_site.http import AuthError, BadResponse, Unavailable

BASE = "http://deluge.local:8112"
URL = BASE + "/json"
HASH = "8c4ddd4f0123456789abcdef0123456789ab68f8"
TRACEBACK = (
    "Failure: [Failure instance: Traceback (failure with no frames): "
    "<class 'deluge.error.AddTorrentError'>: Torrent already in session ({h}).\n]"
)


def client(**overrides) -> Deluge:
    values = {"id": 3, "name": "Seedbox", "kind": "deluge", "base_url": BASE,
              "password": "secret", "category": "radarr"}  # fmt: skip
    return Deluge(ClientConfig(**{**values, **overrides}))


def ok(result) -> responses.Response:
    return responses.Response("POST", URL, json={"result": result, "error": None, "id": 1})


def err(message: str, code: int) -> responses.Response:
    body = {"result": None, "error": {"message": message, "code": code}, "id": 1}
    return responses.Response("POST", URL, json=body)


def methods() -> list[str]:
    return [json.loads(call.request.body)["method"] for call in responses.calls]


def params(index: int) -> list:
    return json.loads(responses.calls[index].request.body)["params"]


@responses.activate
def test_the_queue_asks_for_every_item_in_one_call_filtered_by_label():
    responses.add(ok(True))  # web.connected
    responses.add(ok({HASH: {"hash": HASH, "name": "M", "state": "Seeding", "progress": 100.0}}))

    items = client().active()

    assert methods() == ["web.connected", "core.get_torrents_status"]
    assert params(1)[0] == {"label": "radarr"}
    assert [i.download_id for i in items] == [HASH]


@responses.activate
def test_an_empty_category_with_the_label_plugin_on_is_an_empty_queue():
    responses.add(ok(True))
    responses.add(ok({}))
    responses.add(ok(["Label"]))  # core.get_enabled_plugins

    assert client().active() == []


@responses.activate
def test_signs_in_once_when_the_session_has_expired():
    responses.add(err("Not authenticated", 1))
    responses.add(ok(True))  # auth.login
    responses.add(ok(True))  # web.connected again
    responses.add(ok({}))
    responses.add(ok(["Label"]))

    assert client().active() == []
    assert methods()[:3] == ["web.connected", "auth.login", "web.connected"]
    assert params(1) == ["secret"]


@responses.activate
def test_a_refused_password_is_an_auth_error():
    responses.add(err("Not authenticated", 1))
    responses.add(ok(False))

    with pytest.raises(AuthError, match="refused the password"):
        client().active()


@responses.activate
def test_still_not_authenticated_after_signing_in_is_an_error():
    responses.add(err("Not authenticated", 1))
    responses.add(ok(True))
    responses.add(err("Not authenticated", 1))

    with pytest.raises(BadResponse, match="Not authenticated"):
        client().active()
    assert methods().count("auth.login") == 1


@responses.activate
def test_connects_to_the_first_online_daemon_when_not_connected():
    responses.add(ok(False))  # web.connected
    responses.add(ok([["off", "10.0.0.9", 58846, "a"], ["on", "127.0.0.1", 58846, "a"]]))
    responses.add(ok(["off", "Offline", ""]))
    responses.add(ok(["on", "Online", "2.0.3"]))
    responses.add(ok(["core.get_torrents_status"]))  # web.connect
    responses.add(ok(True))
    responses.add(ok({}))
    responses.add(ok(["Label"]))

    client().active()

    assert methods()[4] == "web.connect" and params(4) == ["on"]


@responses.activate
def test_no_daemon_in_the_host_list_is_unavailable():
    responses.add(ok(False))
    responses.add(ok([]))

    with pytest.raises(Unavailable, match="no Deluge daemon"):
        client().active()


@responses.activate
def test_a_host_list_of_the_wrong_shape_is_no_daemon():
    responses.add(ok(False))
    responses.add(ok({"hosts": "?"}))

    with pytest.raises(Unavailable, match="no Deluge daemon"):
        client().active()


@responses.activate
def test_an_offline_daemon_is_unavailable_and_named():
    responses.add(ok(False))
    responses.add(ok([["h1", "10.0.0.9", 58846, "a"]]))
    responses.add(ok(["h1", "Offline", ""]))

    with pytest.raises(Unavailable, match=r"cannot reach its Deluge daemon \(10.0.0.9:58846\)"):
        client().active()


@responses.activate
def test_a_daemon_error_keeps_only_the_exceptions_sentence():
    responses.add(ok(True))
    responses.add(err(TRACEBACK.format(h="x"), 4))

    with pytest.raises(BadResponse) as caught:
        client().active()

    assert str(caught.value) == (
        "Deluge 'Seedbox' (deluge.local:8112) refused core.get_torrents_status: "
        "AddTorrentError: Torrent already in session (x)."
    )


@responses.activate
def test_adding_a_torrent_it_already_has_answers_the_known_hash():
    responses.add(ok(True))
    responses.add(err(TRACEBACK.format(h=HASH), 4))
    responses.add(ok(["radarr"]))  # label.get_labels
    responses.add(ok(None))  # label.set_torrent

    request = DownloadRequest(title="M", protocol=TORRENT, content=b"d4:infoe", info_hash=HASH)

    assert client().add(request) == HASH
    assert methods()[-1] == "label.set_torrent" and params(3) == [HASH, "radarr"]


@responses.activate
def test_adds_a_torrent_url_by_url_and_creates_the_missing_label():
    responses.add(ok(True))
    responses.add(ok(HASH.upper()))
    responses.add(ok([]))
    responses.add(ok(None))  # label.add
    responses.add(ok(None))

    info_hash = client(seed_ratio=2.0).add(
        DownloadRequest(title="M", protocol=TORRENT, url="http://indexer/get/1.torrent")
    )

    assert info_hash == HASH
    assert methods()[1::2] == ["core.add_torrent_url", "label.add"]
    assert params(1)[1] == {"add_paused": False, "stop_at_ratio": True, "stop_ratio": 2.0}


@responses.activate
def test_the_requests_seed_ratio_is_passed_on_over_the_clients():
    responses.add(ok(True))
    responses.add(ok(HASH))
    responses.add(ok(["radarr"]))  # label.get_labels
    responses.add(ok(None))  # label.set_torrent
    request = DownloadRequest(
        title="M", protocol=TORRENT, url="http://indexer/get/1.torrent", seed_ratio=4.0
    )

    client(seed_ratio=2.0).add(request)

    assert params(1)[1] == {"add_paused": False, "stop_at_ratio": True, "stop_ratio": 4.0}


@responses.activate
def test_test_says_when_the_label_plugin_is_unavailable():
    responses.add(ok(True))
    responses.add(ok("2.0.3"))
    responses.add(err("Unknown method", 2))  # label.get_labels
    responses.add(ok(["Blocklist", "WebUi"]))

    assert client().test() == [
        "Deluge 'Seedbox' (deluge.local:8112): the Label plugin is not available, "
        "and categories need it"
    ]


@responses.activate
def test_test_switches_the_label_plugin_on_and_waits_for_its_methods():
    responses.add(ok(True))
    responses.add(ok("2.0.3"))
    responses.add(err("Unknown method", 2))  # label.get_labels: plugin off
    responses.add(ok(["Label", "WebUi"]))
    responses.add(ok(True))  # core.enable_plugin
    responses.add(err("Unknown method", 2))  # deluge-web has not learnt the methods yet
    responses.add(ok(["radarr"]))

    assert client().test() == []
    assert methods().count("core.enable_plugin") == 1


@responses.activate
def test_test_reports_a_label_plugin_that_never_answers(monkeypatch):
    monkeypatch.setattr("downloads.clients.deluge.client.PLUGIN_WAIT_TRIES", 2)
    responses.add(ok(True))
    responses.add(ok("2.0.3"))
    responses.add(err("Unknown method", 2))
    responses.add(ok(["Label"]))
    responses.add(ok(True))
    responses.add(err("Unknown method", 2))
    responses.add(err("Unknown method", 2))

    [problem] = client().test()

    assert problem.endswith("the Label plugin was switched on but does not answer")


@responses.activate
def test_test_reports_an_old_deluge():
    responses.add(ok(True))
    responses.add(ok("1.3.15"))

    assert client().test() == ["Deluge 1.3.15 is too old; 2.0 or newer"]


@responses.activate
def test_test_without_a_category_needs_no_label_plugin():
    responses.add(ok(True))
    responses.add(ok("2.0.3"))

    assert client(category="").test() == []
    assert "label.get_labels" not in methods()


@responses.activate
def test_an_answer_without_a_result_is_a_bad_response():
    responses.add("POST", URL, json={"something": "else"})

    with pytest.raises(BadResponse, match="unexpected shape"):
        client().active()


@responses.activate
def test_an_html_page_is_a_bad_response():
    responses.add("POST", URL, body="<html>502 from the proxy</html>", status=200)

    with pytest.raises(BadResponse, match="malformed JSON"):
        client().active()


@responses.activate
def test_a_torrent_list_of_the_wrong_shape_is_a_bad_response():
    responses.add(ok(True))
    responses.add(ok(["not", "a", "dict"]))

    with pytest.raises(BadResponse, match="unexpected shape"):
        client().active()


@responses.activate
def test_pausing_an_unknown_torrent_is_an_error():
    responses.add(ok(True))
    responses.add(err("Failure: <class 'deluge.error.WrappedException'>: 'ffff'\nTraceback", 4))

    with pytest.raises(BadResponse, match=r"core\.pause_torrent"):
        client().pause("ffff")


def test_the_json_path_follows_the_url_base():
    assert json_url("http://h:8112") == "http://h:8112/json"
    assert json_url("http://h/deluge/") == "http://h/deluge/json"


def test_an_error_message_without_a_traceback_is_kept():
    assert error_message("Unknown method") == "Unknown method"


def torrent(**fields) -> dict:
    base = {"hash": HASH, "name": "Movie.2020", "save_path": "/dl", "label": "radarr",
            "progress": 50.0, "total_wanted": 1000, "total_done": 500, "message": "OK"}  # fmt: skip
    return {**base, **fields}


def test_an_error_state_is_not_a_failed_download_but_paused_with_deluges_message():
    item = to_item(HASH, torrent(state="Error", message="No space left on device"))

    assert item.state == ItemState.PAUSED and item.warnings == ["No space left on device"]


def test_a_finished_torrent_in_error_is_not_completed():
    item = to_item(HASH, torrent(state="Error", progress=100.0, total_done=1000))

    assert item.state == ItemState.PAUSED


def test_the_save_path_is_reported_as_the_items_download_folder():
    assert to_item(HASH, torrent(state="Seeding")).save_path == "/dl"


def test_a_finished_paused_torrent_is_completed():
    item = to_item(HASH, torrent(state="Paused", progress=100.0, total_done=1000))

    assert item.state == ItemState.COMPLETED and not item.seeding


def test_an_unfinished_paused_torrent_is_paused():
    assert to_item(HASH, torrent(state="Paused")).state == ItemState.PAUSED


@pytest.mark.parametrize("word", ["Queued", "Checking", "Allocating"])
def test_waiting_and_checking_torrents_are_queued(word):
    assert to_item(HASH, torrent(state=word)).state == ItemState.QUEUED


def test_a_downloading_item_carries_progress_eta_and_speed():
    item = to_item(HASH, torrent(state="Downloading", eta=60, download_payload_rate=900,
                                 num_peers=3))  # fmt: skip

    assert (item.progress, item.eta_seconds, item.speed, item.size_left) == (0.5, 60, 900, 500)
    assert item.warnings == []


def test_a_download_without_peers_warns_that_it_is_stalled():
    item = to_item(HASH, torrent(state="Downloading", num_peers=0, download_payload_rate=0))

    assert item.warnings == ["No peers: the download is stalled"]


def test_a_tracker_error_is_a_warning():
    item = to_item(HASH, torrent(state="Downloading", num_peers=1, tracker_status="Error: 404"))

    assert item.state == ItemState.DOWNLOADING and item.warnings == ["Error: 404"]


def test_a_seeding_torrent_is_completed_with_its_output_path():
    item = to_item(HASH, torrent(state="Seeding", progress=100.0, ratio=0.5, seeding_time=60))

    assert item.state == ItemState.COMPLETED and item.seeding
    assert (item.output_path, item.ratio, item.seeding_seconds) == ("/dl/Movie.2020", 0.5, 60)


def test_fields_of_the_wrong_type_do_not_crash_the_mapping():
    item = to_item(HASH, torrent(state=None, progress="x", total_wanted=None, eta="soon"))

    assert item.state == ItemState.QUEUED and item.progress == 0.0


@pytest.mark.parametrize("name", ["../../etc", "/etc/passwd", "a/../../b", "..", "x\x00.mkv"])
def test_a_hostile_torrent_name_gives_no_output_path(name):
    item = to_item(HASH, torrent(state="Seeding", progress=100.0, name=name))

    assert item.output_path == ""
    assert "unsafe download path" in item.warnings[-1]


def test_a_windows_save_path_is_passed_on():
    item = to_item(HASH, torrent(state="Seeding", save_path="D:\\Torrents"))

    assert item.output_path == "D:\\Torrents\\Movie.2020"


def test_an_entry_without_a_valid_hash_is_skipped():
    assert to_item("../x", torrent(hash="")) is None
