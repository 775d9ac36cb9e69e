"""The qBittorrent client against a real qbittorrent-nox on loopback (no network needed)."""

from __future__ import annotations

import time

import pytest
import requests

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest, ItemState
from downloads.clients.qbittorrent import QBittorrent
from radarr_site.http.errors import AuthError, BadResponse
from tests.downloads.qbittorrent.conftest import make_config, wait_for
from tests.fakes import free_port
from tests.servers import qbittorrent as server
from tests.servers.torrent_file import make_torrent

pytestmark = pytest.mark.slow

MAGNET_HASH = "0123456789abcdef0123456789abcdef01234567"


def torrent_request(path) -> tuple[DownloadRequest, str]:
    content, info_hash = make_torrent(path)
    request = DownloadRequest(
        title=path.stem, protocol=TORRENT, content=content, file_name=path.stem + ".torrent"
    )
    return request, info_hash


def categories(client: QBittorrent) -> dict:
    return client.api.json("torrents/categories")


def test_reports_no_problem_when_signed_in_with_an_existing_category(qbt):
    qbt.ensure_category(qbt.config.category)
    assert qbt.test() == []


def test_names_a_missing_category_and_does_not_create_it(qbt):
    problems = qbt.test()
    assert len(problems) == 1
    assert f"Category {qbt.config.category!r} does not exist" in problems[0]
    assert qbt.config.category not in categories(qbt)


def test_names_a_wrong_password(qbt_server):
    client = QBittorrent(make_config(qbt_server, password="wrong"))
    host = qbt_server.base_url.removeprefix("http://")
    assert client.test() == [f"qBittorrent ({host}) refused the username or password"]


def test_names_a_ban_after_failed_sign_ins(own_qbt_server):
    QBittorrent(make_config(own_qbt_server, password="wrong")).test()  # one failure bans here
    problems = QBittorrent(make_config(own_qbt_server)).test()
    assert len(problems) == 1
    assert "banned this address after too many failed sign-ins" in problems[0]


def test_names_an_unreachable_client():
    config = ClientConfig(
        id=None, name="q", kind="qbittorrent", base_url=f"http://127.0.0.1:{free_port()}"
    )
    problems = QBittorrent(config).test()
    assert len(problems) == 1
    assert "unreachable" in problems[0]


def test_a_torrent_for_a_file_on_disk_completes_offline_and_still_seeds(qbt, movie_file):
    path = movie_file()
    request, info_hash = torrent_request(path)
    assert qbt.add(request) == info_hash
    item = wait_for(qbt, info_hash, lambda i: i is not None and i.state == ItemState.COMPLETED)
    assert item.progress == 1.0
    assert item.size == path.stat().st_size
    assert item.size_left == 0
    assert item.output_path == str(path)
    assert item.seeding is True
    assert item.category == qbt.config.category


def test_adding_creates_the_missing_category(qbt, movie_file):
    request, _ = torrent_request(movie_file())
    qbt.add(request)
    assert qbt.config.category in categories(qbt)


def test_active_lists_only_our_category(qbt_server, qbt, movie_file):
    other = QBittorrent(make_config(qbt_server))
    ours, our_hash = torrent_request(movie_file("Ours"))
    theirs, _ = torrent_request(movie_file("Theirs"))
    qbt.add(ours)
    other.add(theirs)
    assert [item.download_id for item in qbt.active()] == [our_hash]


def test_seed_goals_are_set_on_add(qbt_server, movie_file):
    client = QBittorrent(make_config(qbt_server, seed_ratio=1.5, seed_time_minutes=90))
    request, info_hash = torrent_request(movie_file())
    client.add(request)
    wait_for(client, info_hash, lambda i: i is not None)
    (torrent,) = client.api.json("torrents/info", params={"hashes": info_hash})
    assert (torrent["ratio_limit"], torrent["seeding_time_limit"]) == (1.5, 90)


def test_a_paused_start_stays_paused(qbt_server, movie_file):
    client = QBittorrent(make_config(qbt_server, start_paused=True))
    request, info_hash = torrent_request(movie_file())
    client.add(request)
    settled = wait_for(
        client, info_hash, lambda i: i is not None and not i.raw_state.startswith("checking")
    )
    assert (settled.state, settled.raw_state) == (ItemState.PAUSED, "pausedDL")
    time.sleep(1)  # a started torrent would be checked and seeding by now
    assert client.status(info_hash).state == ItemState.PAUSED


def test_pause_and_resume_a_seeding_torrent(qbt, movie_file):
    request, info_hash = torrent_request(movie_file())
    qbt.add(request)
    wait_for(qbt, info_hash, lambda i: i is not None and i.seeding)
    qbt.pause(info_hash)
    paused = wait_for(qbt, info_hash, lambda i: not i.seeding)
    assert (paused.state, paused.raw_state) == (ItemState.COMPLETED, "pausedUP")
    qbt.resume(info_hash)
    assert wait_for(qbt, info_hash, lambda i: i.seeding).state == ItemState.COMPLETED


def test_a_magnet_is_added_under_its_hash_and_waits_for_metadata(qbt):
    url = f"magnet:?xt=urn:btih:{MAGNET_HASH.upper()}&dn=Another.Movie.2021.720p"
    assert qbt.add(DownloadRequest(title="Another", protocol=TORRENT, url=url)) == MAGNET_HASH
    item = wait_for(
        qbt, MAGNET_HASH, lambda i: i is not None and i.raw_state != "checkingResumeData"
    )
    assert item.state in (ItemState.QUEUED, ItemState.DOWNLOADING)
    assert item.progress == 0.0
    qbt.remove(MAGNET_HASH, delete_files=True)


def test_adding_the_same_torrent_twice_returns_its_hash(qbt, movie_file):
    request, info_hash = torrent_request(movie_file())
    qbt.add(request)
    assert qbt.add(request) == info_hash  # qBittorrent answers "Fails." for a duplicate


def test_a_file_that_is_not_a_torrent_is_refused_readably(qbt):
    garbage = DownloadRequest(
        title="bad", protocol=TORRENT, content=b"not a torrent", info_hash="ab" * 20
    )
    with pytest.raises(BadResponse, match="not a valid torrent"):
        qbt.add(garbage)


def test_remove_with_files_deletes_the_data(qbt, movie_file):
    path = movie_file()
    request, info_hash = torrent_request(path)
    qbt.add(request)
    wait_for(qbt, info_hash, lambda i: i is not None and i.state == ItemState.COMPLETED)
    qbt.remove(info_hash, delete_files=True)
    wait_for(qbt, info_hash, lambda i: i is None)
    assert not path.exists()


def test_remove_without_files_keeps_the_data(qbt, movie_file):
    path = movie_file()
    request, info_hash = torrent_request(path)
    qbt.add(request)
    wait_for(qbt, info_hash, lambda i: i is not None)
    qbt.remove(info_hash, delete_files=False)
    wait_for(qbt, info_hash, lambda i: i is None)
    assert path.exists()


def test_a_session_ended_by_logout_is_renewed_without_the_caller_noticing(qbt):
    qbt.active()
    old_sid = qbt.api.sid
    requests.post(
        f"{qbt.config.base_url}/api/v2/auth/logout", headers={"Cookie": f"SID={old_sid}"}, timeout=5
    )
    assert qbt.active() == []
    assert qbt.api.sid not in (None, "", old_sid)


def test_a_session_lost_in_a_restart_is_renewed_without_the_caller_noticing(own_qbt_server):
    client = QBittorrent(make_config(own_qbt_server))
    client.ensure_category(client.config.category)
    old_sid = client.api.sid
    server.restart(own_qbt_server)
    assert client.test() == []
    assert client.active() == []
    assert client.api.sid != old_sid


def test_bad_credentials_on_a_call_raise_auth_error(qbt_server):
    client = QBittorrent(make_config(qbt_server, password="wrong"))
    with pytest.raises(AuthError, match="refused the username or password"):
        client.active()
