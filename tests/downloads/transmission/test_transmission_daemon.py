"""The Transmission client against a real transmission-daemon on loopback."""

from __future__ import annotations

import dataclasses
import time

import pytest

from downloads.clients.base import TORRENT, DownloadRequest, ItemState
from downloads.clients.transmission import Transmission, _states
from radarr_site.http import AuthError, BadResponse, Unavailable
from tests.downloads.transmission.conftest import make_config, seeded_request
from tests.fakes import free_port

pytestmark = pytest.mark.slow

MAGNET_HASH = "0123456789abcdef0123456789abcdef01234567"


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


def test_reports_the_output_path_inside_the_download_folder(
    transmission, transmission_server, seeded
):
    info_hash = transmission.add(seeded)

    item = wait_for(transmission, info_hash, ItemState.COMPLETED)

    assert item.output_path == str(transmission_server.download_dir / seeded.title)
    assert item.size == 200_000 and item.size_left == 0


def test_labels_the_torrent_with_the_category(transmission, seeded):
    info_hash = transmission.add(seeded)

    assert transmission.status(info_hash).category == "radarr"


def test_lists_only_torrents_in_its_category(transmission, transmission_server):
    ours = transmission.add(seeded_request(transmission_server.download_dir))
    other_client = Transmission(make_config(transmission_server, category="tv-sonarr"))
    theirs = other_client.add(seeded_request(transmission_server.download_dir))

    ids = {item.download_id for item in transmission.active()}

    assert ours in ids and theirs not in ids


def test_adds_paused_when_configured(transmission_server, seeded):
    client = Transmission(make_config(transmission_server, start_paused=True))

    info_hash = client.add(seeded)

    # checked first (status 1/2), then stopped (0): never started seeding
    item = wait_for(client, info_hash, raw_state="0")
    assert not item.seeding


def test_sets_the_seed_ratio_but_not_an_idle_limit_for_the_seed_time(transmission_server, seeded):
    # seedIdleLimit counts idle minutes, not seeding time: the poller checks the seed time.
    client = Transmission(make_config(transmission_server, seed_ratio=1.5, seed_time_minutes=90))

    info_hash = client.add(seeded)

    fields = ["seedRatioLimit", "seedRatioMode", "seedIdleMode"]
    torrent = client.rpc("torrent-get", {"ids": [info_hash], "fields": fields})["torrents"][0]
    assert torrent == {"seedRatioLimit": 1.5, "seedRatioMode": 1, "seedIdleMode": 0}


def test_a_magnet_without_peers_stays_downloading_its_metadata(transmission):
    request = DownloadRequest(
        title="Another.Movie.2021.720p",
        protocol=TORRENT,
        url=f"magnet:?xt=urn:btih:{MAGNET_HASH}&dn=Another.Movie.2021.720p",
    )

    info_hash = transmission.add(request)

    item = wait_for(transmission, info_hash, ItemState.DOWNLOADING)
    assert info_hash == MAGNET_HASH
    assert "Downloading metadata" in item.warnings
    transmission.remove(info_hash, delete_files=False)


def test_adding_the_same_torrent_twice_answers_the_same_hash(transmission, seeded):
    first = transmission.add(seeded)

    assert transmission.add(seeded) == first


def test_refuses_a_corrupt_torrent_file(transmission):
    request = DownloadRequest(title="Bad", protocol=TORRENT, content=b"not a torrent")

    with pytest.raises(BadResponse, match="invalid or corrupt torrent file"):
        transmission.add(request)


def test_pauses_and_resumes_a_torrent(transmission, seeded):
    info_hash = transmission.add(seeded)
    wait_for(transmission, info_hash, ItemState.COMPLETED)

    transmission.pause(info_hash)
    paused = wait_for(transmission, info_hash, raw_state="0")
    transmission.resume(info_hash)

    assert not paused.seeding
    assert wait_for(transmission, info_hash, raw_state="6").seeding


def test_removes_a_torrent_and_keeps_its_data(transmission, transmission_server, seeded):
    info_hash = transmission.add(seeded)

    transmission.remove(info_hash, delete_files=False)

    assert transmission.status(info_hash) is None
    assert (transmission_server.download_dir / seeded.title).exists()


def test_removes_a_torrent_with_its_data(transmission, transmission_server, seeded):
    info_hash = transmission.add(seeded)
    wait_for(transmission, info_hash, ItemState.COMPLETED)

    transmission.remove(info_hash, delete_files=True)

    deadline = time.monotonic() + 5
    while (transmission_server.download_dir / seeded.title).exists():
        assert time.monotonic() < deadline, "the data was not deleted"
        time.sleep(0.05)
    assert transmission.status(info_hash) is None


def test_status_of_an_unknown_hash_is_none(transmission):
    assert transmission.status("f" * 40) is None


def test_shakes_hands_again_when_the_session_id_changes(transmission, seeded):
    transmission.test()
    state = _states[transmission.http.session]
    _states[transmission.http.session] = dataclasses.replace(state, session_id="stale")

    info_hash = transmission.add(seeded)

    assert transmission.status(info_hash) is not None
    assert _states[transmission.http.session].session_id not in ("", "stale")


def test_test_passes_on_a_working_daemon(transmission):
    assert transmission.test() == []


def test_test_reports_bad_credentials(transmission_server):
    client = Transmission(make_config(transmission_server, password="wrong"))

    problems = client.test()

    assert len(problems) == 1 and "refused our credentials (HTTP 401)" in problems[0]


def test_calls_with_bad_credentials_raise_auth_error(transmission_server):
    client = Transmission(make_config(transmission_server, password="wrong"))

    with pytest.raises(AuthError):
        client.active()


def test_test_reports_an_unreachable_daemon():
    from downloads.clients.base import ClientConfig

    config = ClientConfig(
        id=None, name="Gone", kind="transmission", base_url=f"http://127.0.0.1:{free_port()}"
    )

    problems = Transmission(config).test()

    assert len(problems) == 1 and "unreachable" in problems[0]


def test_an_unreachable_daemon_raises_unavailable():
    from downloads.clients.base import ClientConfig

    config = ClientConfig(
        id=None, name="Gone", kind="transmission", base_url=f"http://127.0.0.1:{free_port()}"
    )

    with pytest.raises(Unavailable):
        Transmission(config).active()
