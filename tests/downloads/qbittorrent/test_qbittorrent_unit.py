"""The qBittorrent client's handling of answers a real server rarely gives (with `responses`)."""

from __future__ import annotations

import pytest
import responses
from responses import matchers

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest, ItemState
from downloads.clients.qbittorrent import QBittorrent
from downloads.clients.qbittorrent.client import map_state, to_item
from downloads.clients.torrents import magnet_info_hash as magnet_hash
from downloads.clients.torrents import torrent_hash
from radarr_site.http.errors import AuthError, BadResponse, Unavailable
from tests.servers.torrent_file import make_torrent

BASE = "http://qbt.test:8080"
API = BASE + "/api/v2/"
HASH = "63d8662b0e1ec27e45b1819d91f651eeb4d3f877"
SIGNED_IN = {"Set-Cookie": "SID=abc123; HttpOnly; path=/; SameSite=Strict"}


def client(**overrides) -> QBittorrent:
    values = {
        "id": 7,
        "name": "qBittorrent",
        "kind": "qbittorrent",
        "base_url": BASE,
        "username": "admin",
        "password": "pw",
        "category": "radarr",
    }
    return QBittorrent(ClientConfig(**{**values, **overrides}))


def sign_in(rsps, sid: str = "abc123") -> None:
    rsps.post(API + "auth/login", body="Ok.", headers={"Set-Cookie": f"SID={sid}; path=/"})


def torrent(**fields) -> dict:
    values = {
        "hash": HASH,
        "name": "Sample.Movie.2020.1080p.mkv",
        "state": "downloading",
        "progress": 0.5,
        "size": 1000,
        "amount_left": 500,
        "eta": 60,
        "dlspeed": 100,
        "content_path": "/downloads/Sample.Movie.2020.1080p.mkv",
        "save_path": "/downloads",
        "category": "radarr",
        "ratio": 0.1,
        "seeding_time": 0,
    }
    return {**values, **fields}


@pytest.fixture(autouse=True)
def _fresh_sessions():
    from downloads.clients.qbittorrent.api import forget_sessions

    forget_sessions()
    yield
    forget_sessions()


@responses.activate
def test_signs_in_once_and_sends_the_session_cookie_on_later_calls():
    sign_in(responses)
    info = responses.get(API + "torrents/info", json=[])
    qbt = client()
    qbt.active()
    qbt.active()
    assert len(responses.calls) == 3  # one sign-in, two lists
    assert all(call.request.headers["Cookie"] == "SID=abc123" for call in info.calls)


@responses.activate
def test_signs_in_again_once_when_the_session_expired():
    sign_in(responses, "old")
    responses.post(API + "auth/login", body="Ok.", headers={"Set-Cookie": "SID=new; path=/"})
    responses.get(API + "torrents/info", status=403, body="Forbidden")
    responses.get(API + "torrents/info", json=[torrent()])
    items = client().active()
    assert [i.download_id for i in items] == [HASH]
    assert responses.calls[-1].request.headers["Cookie"] == "SID=new"


@responses.activate
def test_a_second_403_after_signing_in_again_is_an_auth_error():
    sign_in(responses)
    responses.get(API + "torrents/info", status=403, body="Forbidden")
    with pytest.raises(AuthError, match="even after signing in again"):
        client().active()
    logins = [c for c in responses.calls if c.request.url.endswith("auth/login")]
    assert len(logins) == 2


@responses.activate
def test_a_refused_password_is_an_auth_error():
    responses.post(API + "auth/login", body="Fails.")
    with pytest.raises(AuthError, match="refused the username or password"):
        client().active()


@responses.activate
def test_test_names_a_banned_address():
    responses.post(API + "auth/login", status=403, body="Your IP address has been banned")
    (problem,) = client().test()
    assert "banned this address" in problem


@responses.activate
def test_an_html_error_page_is_named_not_echoed():
    sign_in(responses)
    page = "<!DOCTYPE html><html><body><script>alert(1)</script>Bad Gateway</body></html>"
    responses.get(API + "torrents/info", status=502, body=page, content_type="text/html")
    with pytest.raises(Unavailable) as caught:
        client().active()
    assert "HTML page" in str(caught.value)
    assert "<script>" not in str(caught.value)


@responses.activate
def test_test_names_an_html_page_where_the_version_should_be():
    sign_in(responses)
    responses.get(API + "app/webapiVersion", body="<html>router login</html>")
    (problem,) = client().test()
    assert "did not answer with a Web API version" in problem


@responses.activate
def test_a_server_error_is_unavailable():
    sign_in(responses)
    responses.get(API + "torrents/info", status=500, body="oops")
    with pytest.raises(Unavailable, match="HTTP 500"):
        client().active()


@responses.activate
def test_malformed_json_is_a_bad_response():
    sign_in(responses)
    responses.get(API + "torrents/info", body="[{not json")
    with pytest.raises(BadResponse, match="malformed JSON"):
        client().active()


@responses.activate
def test_a_list_that_is_not_a_list_is_a_bad_response():
    sign_in(responses)
    responses.get(API + "torrents/info", json={"hash": HASH})
    with pytest.raises(BadResponse, match="something else"):
        client().active()


@responses.activate
def test_active_is_one_call_filtered_by_category():
    sign_in(responses)
    info = responses.get(
        API + "torrents/info",
        json=[torrent(), torrent(hash="b" * 40)],
        match=[matchers.query_param_matcher({"category": "radarr"})],
    )
    assert len(client().active()) == 2
    assert info.call_count == 1


@pytest.mark.parametrize(
    "path",
    [
        "/downloads/../../etc/passwd",
        "relative/Movie.mkv",
        "/downloads/Movie\x00.mkv",
        "C:\\Downloads\\..\\Windows",
    ],
)
def test_a_hostile_content_path_is_not_passed_on(path):
    item = to_item(torrent(state="stalledUP", content_path=path))
    assert item.output_path == ""
    assert "unsafe download path" in item.warnings[-1]


def test_a_content_path_outside_the_save_path_is_not_passed_on():
    item = to_item(torrent(state="stalledUP", content_path="/tmp/victim/Movie.mkv"))
    assert item.output_path == ""
    assert "unsafe download path" in item.warnings[-1]


def test_the_save_path_is_reported_as_the_items_download_folder():
    item = to_item(torrent(save_path="/data/torrents/"))
    assert item.save_path == "/data/torrents/"


def test_a_relative_save_path_is_not_reported():
    assert to_item(torrent(save_path="torrents")).save_path == ""


def test_a_windows_content_path_is_passed_on():
    path = "D:\\Torrents\\Sample.Movie.2020.1080p.mkv"
    item = to_item(torrent(content_path=path, save_path="D:\\Torrents"))
    assert item.output_path == path


def test_an_entry_without_a_valid_hash_is_skipped():
    assert to_item(torrent(hash="../../x")) is None


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("downloading", ItemState.DOWNLOADING),
        ("stalledDL", ItemState.DOWNLOADING),
        ("metaDL", ItemState.DOWNLOADING),
        ("queuedDL", ItemState.QUEUED),
        ("checkingDL", ItemState.QUEUED),
        ("pausedDL", ItemState.PAUSED),
        ("stoppedDL", ItemState.PAUSED),
        ("uploading", ItemState.COMPLETED),
        ("stalledUP", ItemState.COMPLETED),
        ("queuedUP", ItemState.COMPLETED),
        ("forcedUP", ItemState.COMPLETED),
        ("pausedUP", ItemState.COMPLETED),
        ("stoppedUP", ItemState.COMPLETED),
        ("error", ItemState.PAUSED),
        ("missingFiles", ItemState.PAUSED),
    ],
)
def test_maps_each_qbittorrent_state(raw, state):
    assert map_state(raw) == state


def test_a_finished_torrent_still_uploading_is_marked_seeding():
    assert to_item(torrent(state="stalledUP")).seeding is True
    assert to_item(torrent(state="pausedUP")).seeding is False


def test_missing_files_are_not_a_failed_download_but_paused_with_a_warning():
    item = to_item(torrent(state="missingFiles", progress=1.0, amount_left=0))
    assert item.state == ItemState.PAUSED
    assert "missing" in item.warnings[0]


def test_an_errored_torrent_is_not_a_failed_download_but_paused_with_a_warning():
    item = to_item(torrent(state="error"))
    assert item.state == ItemState.PAUSED
    assert "error" in item.warnings[0]


@responses.activate
def test_a_torrent_url_with_a_known_hash_is_sent_as_a_url():
    sign_in(responses)
    responses.get(API + "torrents/categories", json={"radarr": {}})
    add = responses.post(API + "torrents/add", body="Ok.")
    url = "https://indexer.example/get/1.torrent"
    request = DownloadRequest(title="x", protocol=TORRENT, url=url, info_hash=HASH.upper())
    assert client().add(request) == HASH
    assert f'name="urls"\r\n\r\n{url}\r\n' in add.calls[0].request.body.decode()


def test_a_stalled_download_warns():
    assert "Stalled" in to_item(torrent(state="stalledDL")).warnings[0]


def test_the_infinite_eta_is_unknown():
    assert to_item(torrent(eta=8640000)).eta_seconds is None
    assert to_item(torrent(eta=90)).eta_seconds == 90


@pytest.mark.parametrize(
    ("api", "pause", "resume"), [("2.8.19", "pause", "resume"), ("2.11.2", "stop", "start")]
)
@responses.activate
def test_pause_and_resume_use_the_names_of_the_web_api_version(api, pause, resume):
    sign_in(responses)
    responses.get(API + "app/webapiVersion", body=api)
    paused = responses.post(API + f"torrents/{pause}", body="")
    resumed = responses.post(API + f"torrents/{resume}", body="")
    qbt = client()
    qbt.pause(HASH.upper())
    qbt.resume(HASH)
    assert paused.calls[0].request.body == f"hashes={HASH}"
    assert resumed.call_count == 1


@responses.activate
def test_remove_asks_to_delete_files_only_when_told():
    sign_in(responses)
    delete = responses.post(API + "torrents/delete", body="")
    client().remove(HASH, delete_files=False)
    client().remove(HASH, delete_files=True)
    assert [c.request.body for c in delete.calls] == [
        f"hashes={HASH}&deleteFiles=false",
        f"hashes={HASH}&deleteFiles=true",
    ]


@responses.activate
def test_test_names_a_client_without_web_api_v2():
    sign_in(responses)
    responses.get(API + "app/webapiVersion", status=404, body="Not Found")
    (problem,) = client().test()
    assert "no Web API v2" in problem


@responses.activate
def test_test_names_a_version_older_than_4_1():
    sign_in(responses)
    responses.get(API + "app/webapiVersion", body="2.0")
    responses.get(API + "app/version", body="v4.0.4")
    (problem,) = client().test()
    assert "4.0.4 is too old" in problem


@responses.activate
def test_add_sends_category_paused_start_and_seed_goals():
    sign_in(responses)
    responses.get(API + "torrents/categories", json={"radarr": {"name": "radarr"}})
    add = responses.post(API + "torrents/add", body="Ok.")
    qbt = client(start_paused=True, seed_ratio=2.0, seed_time_minutes=120)
    url = f"magnet:?xt=urn:btih:{HASH}&dn=Sample"
    assert qbt.add(DownloadRequest(title="Sample", protocol=TORRENT, url=url)) == HASH
    body = add.calls[0].request.body.decode()
    for name, value in [
        ("category", "radarr"),
        ("paused", "true"),
        ("ratioLimit", "2"),
        ("seedingTimeLimit", "120"),
        ("urls", url),
    ]:
        assert f'name="{name}"\r\n\r\n{value}\r\n' in body


@responses.activate
def test_add_sends_the_requests_seed_goals_over_the_clients():
    sign_in(responses)
    responses.get(API + "torrents/categories", json={"radarr": {"name": "radarr"}})
    add = responses.post(API + "torrents/add", body="Ok.")
    qbt = client(seed_ratio=2.0, seed_time_minutes=120)
    url = f"magnet:?xt=urn:btih:{HASH}&dn=Sample"
    request = DownloadRequest(
        title="Sample", protocol=TORRENT, url=url, seed_ratio=1.5, seed_time_minutes=4320
    )
    qbt.add(request)
    body = add.calls[0].request.body.decode()
    assert 'name="ratioLimit"\r\n\r\n1.5\r\n' in body
    assert 'name="seedingTimeLimit"\r\n\r\n4320\r\n' in body


@responses.activate
def test_add_keeps_the_clients_seed_time_when_the_request_gives_only_a_ratio():
    sign_in(responses)
    responses.get(API + "torrents/categories", json={"radarr": {"name": "radarr"}})
    add = responses.post(API + "torrents/add", body="Ok.")
    url = f"magnet:?xt=urn:btih:{HASH}&dn=Sample"
    request = DownloadRequest(title="Sample", protocol=TORRENT, url=url, seed_ratio=3.0)
    client(seed_time_minutes=120).add(request)
    body = add.calls[0].request.body.decode()
    assert 'name="ratioLimit"\r\n\r\n3\r\n' in body
    assert 'name="seedingTimeLimit"\r\n\r\n120\r\n' in body


def test_add_refuses_a_torrent_url_without_a_known_hash():
    with pytest.raises(ValueError, match="info hash is unknown"):
        client().add(DownloadRequest(title="x", protocol=TORRENT, url="http://indexer/x.torrent"))


@responses.activate
def test_add_refused_and_not_present_is_a_bad_response():
    sign_in(responses)
    responses.get(API + "torrents/categories", json={"radarr": {}})
    responses.post(API + "torrents/add", body="Fails.")
    responses.get(API + "torrents/info", json=[])
    url = f"magnet:?xt=urn:btih:{HASH}"
    with pytest.raises(BadResponse, match="refused the torrent"):
        client().add(DownloadRequest(title="x", protocol=TORRENT, url=url))


def test_the_hash_of_a_torrent_file_is_its_info_dictionarys(tmp_path):
    path = tmp_path / "Movie.mkv"
    path.write_bytes(b"x" * 100_000)
    content, info_hash = make_torrent(path)
    assert torrent_hash(content) == info_hash
    assert torrent_hash(b"not a torrent") == ""
    assert torrent_hash(content[:50]) == ""


def test_a_magnet_hash_is_read_in_hex_or_base32():
    assert magnet_hash(f"magnet:?xt=urn:btih:{HASH.upper()}") == HASH
    assert magnet_hash("magnet:?xt=urn:btih:MPMGMKYOD3BH4RNRQGOZD5SR522NH6DX") == (
        "63d8662b0e1ec27e45b1819d91f651eeb4d3f877"
    )
    assert magnet_hash("http://example.com/x.torrent") == ""
