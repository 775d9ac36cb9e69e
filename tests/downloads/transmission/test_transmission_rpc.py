"""The Transmission client against recorded RPC answers: handshake, old daemons, error shapes."""

from __future__ import annotations

import json

import pytest
import responses

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest, ItemState
from downloads.clients.transmission import Transmission, rpc_url, to_item
from radarr_site.http import AuthError, BadResponse, Unavailable

BASE = "http://tr.local:9091"
RPC = BASE + "/transmission/rpc"
HASH = "07eab04d56ea3d6c1cb3a4d1c2b8d05dc1a5a78f"


def client(**overrides) -> Transmission:
    values = {
        "id": 7,
        "name": "Box",
        "kind": "transmission",
        "base_url": BASE,
        "username": "admin",
        "password": "secret",
        "category": "radarr",
    }
    return Transmission(ClientConfig(**{**values, **overrides}))


def conflict(session_id: str = "abc") -> responses.Response:
    return responses.Response(
        "POST",
        RPC,
        status=409,
        headers={"X-Transmission-Session-Id": session_id},
        body="<h1>409: Conflict</h1>",
    )


def success(**arguments) -> responses.Response:
    return responses.Response("POST", RPC, json={"result": "success", "arguments": arguments})


def session_facts(rpc_version: int) -> responses.Response:
    return success(**{"rpc-version": rpc_version, "version": "x", "download-dir": "/dl"})


def sent(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
def test_resends_with_the_session_id_the_daemon_gives():
    responses.add(conflict("abc"))
    responses.add(success(torrents=[]))

    client().active()

    assert responses.calls[1].request.headers["X-Transmission-Session-Id"] == "abc"


@responses.activate
def test_sends_basic_auth():
    responses.add(success(torrents=[]))

    client().active()

    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")


@responses.activate
def test_a_second_conflict_in_a_row_is_a_bad_response():
    responses.add(conflict("abc"))
    responses.add(conflict("def"))

    with pytest.raises(BadResponse, match="session id"):
        client().active()


@responses.activate
def test_a_refused_call_names_transmissions_error():
    responses.add("POST", RPC, json={"result": "invalid or corrupt torrent file", "arguments": {}})

    with pytest.raises(BadResponse, match="invalid or corrupt torrent file"):
        client().active()


@responses.activate
def test_malformed_json_is_a_bad_response():
    responses.add("POST", RPC, body="<html>proxy error</html>", status=200)

    with pytest.raises(BadResponse, match="malformed JSON"):
        client().active()


@responses.activate
def test_a_torrent_list_of_the_wrong_shape_is_a_bad_response():
    responses.add(success(torrents={"not": "a list"}))

    with pytest.raises(BadResponse, match="unexpected shape"):
        client().active()


@responses.activate
def test_a_server_error_is_unavailable():
    responses.add("POST", RPC, status=502, body="Bad gateway")

    with pytest.raises(Unavailable, match="HTTP 502"):
        client().active()


@responses.activate
def test_a_refused_ip_address_is_an_auth_error_with_transmissions_reason():
    body = "<h1>403: Forbidden</h1><p>Unauthorized IP Address.</p>"
    responses.add("POST", RPC, status=403, body=body)

    with pytest.raises(AuthError, match="Unauthorized IP Address"):
        client().active()


@responses.activate
def test_test_reports_a_daemon_too_old():
    responses.add(success(**{"rpc-version": 13, "version": "2.33", "download-dir": "/dl"}))

    problems = client().test()

    assert problems == ["Transmission 2.33 speaks RPC 13; version 2.40 (RPC 14) or newer is needed"]


@responses.activate
def test_test_reports_a_category_that_cannot_be_a_label():
    responses.add(session_facts(16))

    assert client(category="movies,4k").test() == [
        "Transmission labels cannot contain a comma: 'movies,4k'"
    ]


@responses.activate
def test_test_reports_bad_credentials():
    responses.add("POST", RPC, status=401, body="<h1>401: Unauthorized</h1>")

    problems = client().test()

    assert len(problems) == 1 and "refused our credentials (HTTP 401)" in problems[0]


@responses.activate
def test_test_reports_an_rpc_error():
    responses.add(session_facts(16))
    responses.add("POST", RPC, json={"result": "no such method", "arguments": {}})

    assert client().test() == [
        "Transmission 'Box' (tr.local:9091) refused torrent-get: no such method"
    ]


@responses.activate
def test_an_old_daemon_gets_a_download_folder_per_category():
    responses.add(session_facts(15))
    responses.add(success(**{"torrent-added": {"hashString": HASH.upper(), "id": 1}}))

    info_hash = client().add(
        DownloadRequest(title="T", protocol=TORRENT, url="magnet:?xt=urn:btih:" + HASH)
    )

    add = sent(responses.calls[1])
    assert info_hash == HASH
    assert add["arguments"]["download-dir"] == "/dl/radarr"
    assert "labels" not in add["arguments"] and len(responses.calls) == 2


@responses.activate
def test_an_old_daemon_lists_torrents_by_their_category_folder():
    torrent = {"hashString": HASH, "name": "A", "status": 6, "percentDone": 1, "leftUntilDone": 0}
    responses.add(
        success(
            torrents=[
                {**torrent, "downloadDir": "/dl/radarr"},
                {**torrent, "hashString": "b" * 40, "downloadDir": "/dl/tv"},
            ]
        )
    )

    assert [i.download_id for i in client().active()] == [HASH]


@responses.activate
def test_a_new_daemon_labels_the_torrent_after_adding_it():
    responses.add(session_facts(16))
    responses.add(success(**{"torrent-duplicate": {"hashString": HASH, "id": 1}}))
    responses.add(success())

    client(seed_ratio=2.0).add(DownloadRequest(title="T", protocol=TORRENT, content=b"d4:infoe"))

    assert sent(responses.calls[2]) == {
        "method": "torrent-set",
        "arguments": {
            "ids": [HASH],
            "labels": ["radarr"],
            "seedRatioLimit": 2.0,
            "seedRatioMode": 1,
        },
    }


@responses.activate
def test_the_requests_seed_ratio_is_set_over_the_clients():
    responses.add(session_facts(16))
    responses.add(success(**{"torrent-added": {"hashString": HASH, "id": 1}}))
    responses.add(success())
    request = DownloadRequest(title="T", protocol=TORRENT, content=b"d4:infoe", seed_ratio=0.5)

    client(seed_ratio=2.0).add(request)

    arguments = sent(responses.calls[2])["arguments"]
    assert (arguments["seedRatioLimit"], arguments["seedRatioMode"]) == (0.5, 1)


def test_the_rpc_path_follows_the_url_base():
    assert rpc_url("http://h:9091") == "http://h:9091/transmission/rpc"
    assert rpc_url("http://h:9091/tr/") == "http://h:9091/tr/rpc"
    assert rpc_url("http://h:9091/tr/rpc") == "http://h:9091/tr/rpc"


def torrent(**fields) -> dict:
    return {
        "hashString": HASH,
        "name": "Movie.2020.mkv",
        "downloadDir": "/dl",
        "labels": [],
        "percentDone": 0.5,
        "leftUntilDone": 10,
        "error": 0,
        "errorString": "",
        **fields,
    }


def test_a_local_error_is_not_a_failed_download_but_paused_with_transmissions_message():
    item = to_item(torrent(status=4, error=3, errorString="No data found! Reconnect your drive"))

    assert item.state == ItemState.PAUSED
    assert item.warnings == ["No data found! Reconnect your drive"]


def test_a_finished_torrent_with_a_local_error_is_not_completed():
    item = to_item(
        torrent(status=0, error=3, errorString="No data found!", percentDone=1.0, leftUntilDone=0)
    )

    assert item.state == ItemState.PAUSED


def test_the_download_folder_is_reported_as_the_items_save_path():
    assert to_item(torrent(status=6)).save_path == "/dl"


@pytest.mark.parametrize("name", ["/tmp/victim/Movie.mkv", "../../Movie.mkv", "a/../../b", ".."])
def test_a_torrent_name_that_could_leave_the_download_folder_gives_no_output_path(name):
    item = to_item(torrent(status=6, name=name, percentDone=1.0, leftUntilDone=0))

    assert item.output_path == ""
    assert "unsafe download path" in item.warnings[-1]


def test_a_tracker_error_is_only_a_warning():
    item = to_item(
        torrent(status=4, error=2, errorString="Tracker gave HTTP 404", peersConnected=3)
    )

    assert item.state == ItemState.DOWNLOADING
    assert item.warnings == ["Tracker gave HTTP 404"]


def test_a_download_without_peers_warns_that_it_is_stalled():
    item = to_item(torrent(status=4, peersConnected=0, rateDownload=0))

    assert item.warnings == ["No peers: the download is stalled"]


def test_a_downloading_item_carries_progress_eta_and_speed():
    item = to_item(torrent(status=4, eta=120, rateDownload=5000, peersConnected=2))

    assert (item.progress, item.eta_seconds, item.speed) == (0.5, 120, 5000)


def test_an_unknown_eta_is_none():
    assert to_item(torrent(status=4, eta=-2)).eta_seconds is None


def test_a_stopped_complete_torrent_is_completed_and_not_seeding():
    item = to_item(torrent(status=0, percentDone=1, leftUntilDone=0))

    assert item.state == ItemState.COMPLETED and not item.seeding


def test_a_stopped_incomplete_torrent_is_paused():
    assert to_item(torrent(status=0)).state == ItemState.PAUSED


@pytest.mark.parametrize("status", [1, 2, 3])
def test_waiting_and_checking_torrents_are_queued(status):
    assert to_item(torrent(status=status)).state == ItemState.QUEUED


def test_a_seeding_torrent_is_completed_with_its_output_path_and_ratio():
    item = to_item(torrent(status=6, percentDone=1, leftUntilDone=0, uploadRatio=0.75))

    assert item.state == ItemState.COMPLETED and item.seeding
    assert (item.output_path, item.ratio) == ("/dl/Movie.2020.mkv", 0.75)


def test_fields_of_the_wrong_type_do_not_crash_the_mapping():
    item = to_item(torrent(status="6", percentDone="x", leftUntilDone=None, eta="soon"))

    assert item.state == ItemState.QUEUED and item.progress == 0.0


@pytest.mark.parametrize("name", ["../../etc", "/etc/passwd", "a/../../b", "..", "x\x00.mkv"])
def test_a_hostile_torrent_name_gives_no_output_path(name):
    item = to_item(torrent(status=6, percentDone=1, leftUntilDone=0, name=name))

    assert item.output_path == ""
    assert "unsafe download path" in item.warnings[-1]


def test_a_relative_download_folder_gives_no_output_path():
    assert to_item(torrent(status=6, downloadDir="dl/../..")).output_path == ""


def test_an_entry_without_a_valid_hash_is_skipped():
    assert to_item(torrent(hashString="../../x")) is None


@responses.activate
def test_the_queue_skips_entries_without_a_valid_hash():
    responses.add(success(torrents=[torrent(status=6, labels=["radarr"]), torrent(hashString="")]))

    assert [i.download_id for i in client().active()] == [HASH]
