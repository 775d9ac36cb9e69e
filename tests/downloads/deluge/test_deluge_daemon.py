"""The Deluge client against real deluged and deluge-web on loopback."""

from __future__ import annotations

import time

import pytest

from downloads.clients.base import TORRENT, ClientConfig, DownloadRequest, ItemState
from downloads.clients.deluge import Deluge
from radarr_site.http import AuthError, BadResponse, Unavailable
from tests.downloads.deluge.conftest import make_config, seeded_request
from tests.fakes import free_port

pytestmark = pytest.mark.slow

MAGNET_HASH = "89abcdef0123456789abcdef0123456789abcdef"


def wait_for(client, info_hash, state=None, timeout=10.0, raw_state=None):
    """Poll the client until the item is in `state` (and `raw_state`, when given)."""
    deadline = time.monotonic() + timeout
    item = None
    while time.monotonic() < deadline:
        item = client.status(info_hash)
        if item is not None and state in (None, item.state) and raw_state in (None, item.raw_state):
            return item
        time.sleep(0.1)
    raise AssertionError(f"{info_hash} never reached {state} {raw_state}; last seen {item}")


def test_completes_a_torrent_whose_file_is_already_on_disk(deluge, deluge_server, seeded):
    info_hash = deluge.add(seeded)

    item = wait_for(deluge, info_hash, ItemState.COMPLETED)

    assert info_hash == seeded.info_hash
    assert item.output_path == str(deluge_server.download_dir / seeded.title)
    assert (item.progress, item.size, item.size_left) == (1.0, 220_000, 0)


def test_labels_the_torrent_with_the_category_in_lower_case(deluge_server, seeded):
    client = Deluge(make_config(deluge_server, category="Radarr"))

    info_hash = client.add(seeded)

    assert client.status(info_hash).category == "radarr"


def test_lists_only_torrents_with_its_label(deluge, deluge_server):
    ours = deluge.add(seeded_request(deluge_server.download_dir))
    other = Deluge(make_config(deluge_server, category="tv-sonarr"))
    theirs = other.add(seeded_request(deluge_server.download_dir))

    ids = {item.download_id for item in deluge.active()}

    assert ours in ids and theirs not in ids


def test_adds_paused_when_configured(deluge_server, seeded):
    client = Deluge(make_config(deluge_server, start_paused=True))

    info_hash = client.add(seeded)

    item = wait_for(client, info_hash, raw_state="Paused")
    assert not item.seeding


def test_passes_the_seed_ratio_on(deluge_server, seeded):
    client = Deluge(make_config(deluge_server, seed_ratio=1.5))

    info_hash = client.add(seeded)

    options = client.call("core.get_torrent_status", info_hash, ["stop_at_ratio", "stop_ratio"])
    assert options == {"stop_at_ratio": True, "stop_ratio": 1.5}


def test_a_magnet_without_peers_stays_downloading_its_metadata(deluge):
    request = DownloadRequest(
        title="Another.Movie.2021.720p",
        protocol=TORRENT,
        url=f"magnet:?xt=urn:btih:{MAGNET_HASH}&dn=Another.Movie.2021.720p",
    )

    info_hash = deluge.add(request)

    item = wait_for(deluge, info_hash, ItemState.DOWNLOADING)
    deluge.remove(info_hash, delete_files=False)
    assert info_hash == MAGNET_HASH
    assert "Downloading metadata" in item.warnings


def test_adding_the_same_torrent_twice_answers_the_same_hash(deluge, seeded):
    first = deluge.add(seeded)

    assert deluge.add(seeded) == first


def test_refuses_a_corrupt_torrent_file(deluge):
    request = DownloadRequest(title="Bad", protocol=TORRENT, content=b"not a torrent")

    with pytest.raises(BadResponse, match="AddTorrentError: Unable to add torrent"):
        deluge.add(request)


def test_pauses_and_resumes_a_torrent(deluge, seeded):
    info_hash = deluge.add(seeded)
    wait_for(deluge, info_hash, ItemState.COMPLETED)

    deluge.pause(info_hash)
    paused = wait_for(deluge, info_hash, raw_state="Paused")
    deluge.resume(info_hash)

    assert paused.state == ItemState.COMPLETED and not paused.seeding
    assert wait_for(deluge, info_hash, raw_state="Seeding").seeding


def test_removes_a_torrent_and_keeps_its_data(deluge, deluge_server, seeded):
    info_hash = deluge.add(seeded)

    deluge.remove(info_hash, delete_files=False)

    assert deluge.status(info_hash) is None
    assert (deluge_server.download_dir / seeded.title).exists()


def test_removes_a_torrent_with_its_data(deluge, deluge_server, seeded):
    info_hash = deluge.add(seeded)
    wait_for(deluge, info_hash, ItemState.COMPLETED)

    deluge.remove(info_hash, delete_files=True)

    deadline = time.monotonic() + 5
    while (deluge_server.download_dir / seeded.title).exists():
        assert time.monotonic() < deadline, "the data was not deleted"
        time.sleep(0.05)
    assert deluge.status(info_hash) is None


def test_removing_a_torrent_already_gone_is_not_an_error(deluge):
    deluge.remove("e" * 40, delete_files=False)

    assert deluge.status("e" * 40) is None


def test_signs_in_again_when_the_session_cookie_is_lost(deluge, seeded):
    deluge.test()
    deluge.http.session.cookies.clear()

    info_hash = deluge.add(seeded)

    assert deluge.status(info_hash) is not None


def test_connects_the_web_ui_to_its_daemon_when_it_is_not(deluge_server, deluge):
    deluge.call("web.disconnect")

    assert deluge.test() == []
    assert deluge.call("web.connected") is True


def test_enables_the_label_plugin_when_it_is_off(deluge_without_label):
    client = Deluge(make_config(deluge_without_label))
    client.api.ready()  # a daemon method only answers once deluge-web is connected
    client.call("core.disable_plugin", "Label")
    request = seeded_request(deluge_without_label.download_dir)

    info_hash = client.add(request)

    assert "Label" in client.call("core.get_enabled_plugins")
    assert client.status(info_hash).category == "radarr"


def test_the_queue_refuses_to_read_a_category_while_the_label_plugin_is_off(
    deluge_without_label,
):
    client = Deluge(make_config(deluge_without_label))
    client.api.ready()  # a daemon method only answers once deluge-web is connected
    client.call("core.disable_plugin", "Label")

    with pytest.raises(BadResponse, match="Label plugin is switched off"):
        client.active()


def test_test_passes_on_a_working_daemon(deluge):
    assert deluge.test() == []


def test_test_reports_an_invalid_label(deluge_server):
    client = Deluge(make_config(deluge_server, category="my movies"))

    problems = client.test()

    assert len(problems) == 1 and "not a valid Deluge label" in problems[0]


def test_test_reports_a_wrong_password(deluge_server):
    client = Deluge(make_config(deluge_server, password="wrong"))

    assert client.test() == [
        f"Deluge 'Deluge' ({deluge_server.url.split('//')[1]}) refused the password"
    ]


def test_calls_with_a_wrong_password_raise_auth_error(deluge_server):
    with pytest.raises(AuthError):
        Deluge(make_config(deluge_server, password="wrong")).active()


def unreachable() -> Deluge:
    config = ClientConfig(
        id=None, name="Gone", kind="deluge", base_url=f"http://127.0.0.1:{free_port()}"
    )
    return Deluge(config)


def test_test_reports_an_unreachable_web_ui():
    problems = unreachable().test()

    assert len(problems) == 1 and "unreachable" in problems[0]


def test_an_unreachable_web_ui_raises_unavailable():
    with pytest.raises(Unavailable):
        unreachable().active()
