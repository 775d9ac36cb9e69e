"""Grabbing a release: the client chosen, what is sent, the Download and History recorded."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import responses
from django.utils import timezone

from downloads.grab import (
    AlreadyGrabbed,
    NoClient,
    grab,
    magnet_info_hash,
    torrent_info_hash,
)
from downloads.models import Download, History
from movies.quality import BY_ID
from radarr_site.http.errors import BadResponse, Unavailable
from radarr_site.providers import get_status, record_failure
from tests.fakes import download_client as fakes
from tests.fakes.download_client import MAGNET_HASH, make_client, make_release, server

pytestmark = pytest.mark.django_db
fake_kinds, matrix = fakes.fake_kinds, fakes.matrix  # fixtures


def bencode(value) -> bytes:
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    items = sorted(value.items())
    return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"


INFO = {
    "name": "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv",
    "length": 12345,
    "piece length": 16384,
    "pieces": b"\x01" * 20,
}
TORRENT = bencode({"announce": "http://127.0.0.1:1/announce", "info": INFO})


def test_magnet_grab_records_a_queued_download_keyed_by_its_info_hash(fake_kinds, matrix):
    make_client()

    download = grab(matrix, make_release())

    assert (download.download_id, download.info_hash, download.state) == (
        MAGNET_HASH,
        MAGNET_HASH,
        Download.State.QUEUED,
    )
    assert BY_ID[download.quality_id].name == "Bluray-1080p"
    assert server("Fake").added[0].url.startswith("magnet:?xt=urn:btih:")


def test_grab_records_a_grabbed_history_event_with_the_client(fake_kinds, matrix, admin_user):
    make_client()

    download = grab(matrix, make_release(), user=admin_user)

    event = History.objects.get()
    assert (event.event, event.download, event.client_name, event.user) == (
        History.Event.GRABBED,
        download,
        "Fake",
        admin_user,
    )


def test_grab_uses_the_enabled_client_of_the_protocol_with_the_lowest_priority(fake_kinds, matrix):
    make_client("Later", priority=5)
    make_client("Off", priority=1, enabled=False)
    make_client("Usenet", kind="fakenzb", priority=1)
    make_client("First", priority=2)

    download = grab(matrix, make_release())

    assert download.client.name == "First"


def test_grab_skips_a_client_whose_circuit_is_open(fake_kinds, matrix):
    first = make_client("First", priority=1)
    make_client("Second", priority=2)
    record_failure(first.config().provider_key, "First", Unavailable("refused"))

    download = grab(matrix, make_release())

    assert download.client.name == "Second"
    assert server("First").total_calls == 0


def test_grab_without_a_client_for_the_protocol_says_so(fake_kinds, matrix):
    make_client("Usenet", kind="fakenzb")

    with pytest.raises(NoClient, match="No enabled torrent download client"):
        grab(matrix, make_release())


def test_the_same_release_is_not_grabbed_twice(fake_kinds, matrix):
    make_client()
    grab(matrix, make_release())

    with pytest.raises(AlreadyGrabbed):
        grab(matrix, make_release())

    assert Download.objects.count() == 1
    assert server("Fake").calls["add"] == 1


def test_a_refused_add_leaves_no_download_and_records_the_failure(fake_kinds, matrix):
    client = make_client()
    server("Fake").add_error = Unavailable("Fake is unreachable (connection refused)")

    with pytest.raises(Unavailable):
        grab(matrix, make_release())

    assert Download.objects.count() == 0
    assert get_status(client.config().provider_key).consecutive_failures == 1


def test_a_release_can_be_grabbed_again_after_a_refused_add(fake_kinds, matrix):
    client = make_client()
    server("Fake").add_error = Unavailable("refused")
    with pytest.raises(Unavailable):
        grab(matrix, make_release())
    server("Fake").add_error = None

    # Named explicitly (a user's choice), the held-off client is asked again.
    assert grab(matrix, make_release(), client=client).state == Download.State.QUEUED


def test_a_release_removed_earlier_can_be_grabbed_again(fake_kinds, matrix):
    make_client()
    first = grab(matrix, make_release())
    Download.objects.filter(pk=first.pk).update(state=Download.State.REMOVED)

    second = grab(matrix, make_release())

    assert second.download_id == MAGNET_HASH
    assert Download.objects.get(pk=first.pk).download_id != MAGNET_HASH


@responses.activate
def test_a_torrent_file_is_fetched_and_sent_with_its_info_hash(fake_kinds, matrix):
    make_client()
    responses.get("https://indexer.example/get/1.torrent", body=TORRENT)

    download = grab(matrix, make_release(download_url="https://indexer.example/get/1.torrent"))

    sent = server("Fake").added[0]
    expected = hashlib.sha1(bencode(INFO)).hexdigest()
    assert (sent.content, sent.info_hash, download.download_id) == (TORRENT, expected, expected)


@responses.activate
def test_a_torrent_link_that_gives_no_torrent_is_refused_before_the_client(fake_kinds, matrix):
    make_client()
    responses.get("https://indexer.example/get/1.torrent", body=b"<html>login</html>")

    with pytest.raises(BadResponse, match=r"not a valid \.torrent"):
        grab(matrix, make_release(download_url="https://indexer.example/get/1.torrent"))

    assert Download.objects.count() == 0
    assert server("Fake").calls.get("add", 0) == 0


@responses.activate
def test_a_torrent_link_that_redirects_to_a_magnet_sends_the_magnet(fake_kinds, matrix):
    make_client()
    magnet = f"magnet:?xt=urn:btih:{MAGNET_HASH}&dn=x"
    responses.get("https://indexer.example/get/1.torrent", status=302, headers={"Location": magnet})

    download = grab(matrix, make_release(download_url="https://indexer.example/get/1.torrent"))

    assert (server("Fake").added[0].url, download.download_id) == (magnet, MAGNET_HASH)


def test_a_torrent_grab_carries_the_seed_goals_it_is_given(fake_kinds, matrix):
    make_client()

    grab(matrix, make_release(), seed_goals=(2.5, 90))

    sent = server("Fake").added[0]
    assert (sent.seed_ratio, sent.seed_time_minutes) == (2.5, 90)


def test_a_usenet_grab_sends_the_nzb_url_and_keeps_the_clients_id(fake_kinds, matrix):
    make_client("Sab", kind="fakenzb")
    release = make_release(
        "The.Matrix.1999.720p.WEB-DL-GRP",
        protocol="usenet",
        download_url="https://nzb.example/get/7.nzb",
        guid="https://nzb.example/details/7",
    )

    download = grab(matrix, release)

    assert server("Sab").added[0].url == "https://nzb.example/get/7.nzb"
    assert download.download_id.startswith("SABnzbd_nzo_")
    assert download.protocol == "usenet"


NZB_LINK = "https://nzb.example/api?t=get&id=7&apikey=SECRETKEY"


def test_a_release_without_a_guid_is_kept_by_a_digest_of_its_link_not_the_link(fake_kinds, matrix):
    make_client("Sab", kind="fakenzb")
    release = make_release(protocol="usenet", download_url=NZB_LINK, guid="")

    download = grab(matrix, release)

    expected = "url-sha1:" + hashlib.sha1(NZB_LINK.encode()).hexdigest()
    assert (download.guid, History.objects.get().data["guid"]) == (expected, expected)


def test_a_magnet_without_a_guid_keeps_no_tracker_passkey(fake_kinds, matrix):
    make_client()
    magnet = (
        f"magnet:?xt=urn:btih:{MAGNET_HASH}&dn=matrix"
        "&tr=https%3A%2F%2Ftracker.example%2Fannounce%3Fpasskey%3DSECRETKEY"
    )

    download = grab(matrix, make_release(download_url=magnet, guid=""))

    assert download.guid.startswith("url-sha1:")
    assert "SECRETKEY" not in str(History.objects.get().data)


def test_a_guid_that_is_a_link_carrying_a_key_is_kept_as_a_digest(fake_kinds, matrix):
    make_client("Sab", kind="fakenzb")
    release = make_release(protocol="usenet", download_url=NZB_LINK, guid=NZB_LINK)

    download = grab(matrix, release)

    assert download.guid == "url-sha1:" + hashlib.sha1(NZB_LINK.encode()).hexdigest()


def test_a_guid_without_a_secret_is_kept_as_the_indexer_gave_it(fake_kinds, matrix):
    make_client()

    download = grab(matrix, make_release(guid="https://indexer.example/details/1"))

    assert download.guid == "https://indexer.example/details/1"


def test_a_usenet_item_a_poll_saw_before_the_grab_finished_is_the_grabs_row(
    fake_kinds, matrix, monkeypatch
):
    from downloads.queue import poll_queue
    from tests.fakes.download_client import FakeNzbClient

    make_client("Sab", kind="fakenzb")
    real_add = FakeNzbClient.add

    def add_then_poll(self, request):
        download_id = real_add(self, request)
        poll_queue()  # another worker polls before this grab records the client's id
        return download_id

    monkeypatch.setattr(FakeNzbClient, "add", add_then_poll)
    release = make_release(
        "The.Matrix.1999.720p.WEB-DL-GRP", protocol="usenet", download_url="https://n/7.nzb"
    )

    download = grab(matrix, release)

    assert list(Download.objects.values_list("pk", "grabbed_from")) == [
        (download.pk, "interactive")
    ]


def test_a_decision_supplies_the_quality_and_format_score(fake_kinds, matrix):
    from indexers.decisions.decision import Decision
    from movies.services import parse_release

    make_client()
    release = make_release()
    decision = Decision(release=release, parsed=parse_release(release.title), format_score=150)

    download = grab(matrix, decision, source="automatic")

    assert (download.format_score, download.grabbed_from) == (150, "automatic")
    assert BY_ID[download.quality_id].name == "Bluray-1080p"


def test_info_hash_is_the_sha1_of_the_info_dictionary_as_written():
    assert torrent_info_hash(TORRENT) == hashlib.sha1(bencode(INFO)).hexdigest()


def test_a_truncated_torrent_file_is_not_a_torrent():
    with pytest.raises(ValueError):
        torrent_info_hash(TORRENT[:-10])


def test_a_base32_magnet_hash_is_read_as_hex():
    import base64

    b32 = base64.b32encode(bytes.fromhex(MAGNET_HASH)).decode()

    assert magnet_info_hash(f"magnet:?xt=urn:btih:{b32}") == MAGNET_HASH


# -- category mappings (tag → category) ---------------------------------------------------


def _tagged(matrix, label: str):
    from movies.models import Tag

    tag = Tag.objects.create(label=label)
    matrix.tags.add(tag)
    return tag


def test_a_movie_with_a_mapped_tag_is_sent_in_the_mapped_category(fake_kinds, matrix):
    tag = _tagged(matrix, "4k")
    make_client(options={"category_mappings": [{"tag": tag.pk, "category": "movies-4k"}]})

    grab(matrix, make_release())

    assert server("Fake").added[0].category == "movies-4k"


def test_a_movie_without_a_mapped_tag_is_sent_in_the_clients_category(fake_kinds, matrix):
    from movies.models import Tag

    other = Tag.objects.create(label="anime")
    make_client(options={"category_mappings": [{"tag": other.pk, "category": "anime"}]})

    grab(matrix, make_release())

    assert server("Fake").added[0].category == "radarr"


def test_the_first_matching_mapping_wins(fake_kinds, matrix):
    first, second = _tagged(matrix, "kids"), _tagged(matrix, "4k")
    mappings = [{"tag": second.pk, "category": "uhd"}, {"tag": first.pk, "category": "kids"}]
    make_client(options={"category_mappings": mappings})

    grab(matrix, make_release())

    assert server("Fake").added[0].category == "uhd"


def test_a_download_in_a_mapped_category_is_followed_by_the_poll(fake_kinds, matrix):
    from downloads.queue import poll_queue

    tag = _tagged(matrix, "4k")
    make_client(options={"category_mappings": [{"tag": tag.pk, "category": "movies-4k"}]})
    download = grab(matrix, make_release())
    Download.objects.filter(pk=download.pk).update(grabbed_at=timezone.now() - timedelta(hours=1))

    poll_queue()

    assert Download.objects.get(pk=download.pk).state == Download.State.QUEUED


# -- the .torrent fetch's redirects ---------------------------------------------------------


@responses.activate
def test_a_redirect_to_a_non_http_address_is_refused():
    from downloads.grab import fetch_release_file

    responses.get(
        "https://indexer.example/get/1.torrent", status=302, headers={"Location": "file:///etc/x"}
    )

    with pytest.raises(BadResponse, match="non-http"):
        fetch_release_file("https://indexer.example/get/1.torrent", "Example")


def test_a_download_link_that_is_not_http_is_refused():
    from downloads.grab import fetch_release_file

    with pytest.raises(BadResponse, match="not an http"):
        fetch_release_file("ftp://indexer.example/get/1.torrent", "Example")


@responses.activate
def test_redirects_are_followed_at_most_five_times():
    from downloads.grab import fetch_release_file

    for n in range(10):
        responses.get(
            f"https://indexer.example/hop/{n}", status=302, headers={"Location": f"/hop/{n + 1}"}
        )

    with pytest.raises(BadResponse, match="more than 5"):
        fetch_release_file("https://indexer.example/hop/0", "Example")
    assert len(responses.calls) == 6


@responses.activate
def test_a_redirect_to_another_host_is_followed_and_logged(caplog):
    from downloads.grab import fetch_release_file

    responses.get(
        "https://indexer.example/get/1.torrent",
        status=302,
        headers={"Location": "https://cdn.example/1.torrent"},
    )
    responses.get("https://cdn.example/1.torrent", body=b"d4:infod4:name1:xee")

    content, _ = fetch_release_file("https://indexer.example/get/1.torrent", "Example")

    assert content == b"d4:infod4:name1:xee"
    assert "indexer.example to cdn.example" in caplog.text


def _keyed_session():
    """An indexer session that sends its API key as a header and a param (as Prowlarr's)."""
    from radarr_site.http.session import HttpClient

    return HttpClient(
        "indexer:keyed",
        "https://prowlarr.example",
        headers={"X-Api-Key": "secret"},
        params={"apikey": "secret"},
    )


@responses.activate
def test_a_redirect_to_another_host_is_followed_without_the_indexers_key():
    from downloads.grab import fetch_release_file

    responses.get(
        "https://prowlarr.example/1/download",
        status=302,
        headers={"Location": "https://tracker.example/dl/1.torrent"},
    )
    responses.get("https://tracker.example/dl/1.torrent", body=b"d4:infod4:name1:xee")

    fetch_release_file("https://prowlarr.example/1/download", "Keyed", _keyed_session())

    home, away = (call.request for call in responses.calls)
    assert (home.headers["X-Api-Key"], "apikey=secret" in home.url) == ("secret", True)
    assert "X-Api-Key" not in away.headers
    assert "apikey" not in away.url


@responses.activate
def test_a_download_link_on_another_host_is_fetched_without_the_indexers_key():
    from downloads.grab import fetch_release_file

    responses.get("https://tracker.example/dl/1.torrent", body=b"d4:infod4:name1:xee")

    fetch_release_file("https://tracker.example/dl/1.torrent", "Keyed", _keyed_session())

    [call] = responses.calls
    assert ("X-Api-Key" in call.request.headers, "apikey" in call.request.url) == (False, False)


def test_grab_falls_back_to_the_next_client_when_the_first_is_unreachable(fake_kinds, matrix):
    make_client("First", priority=1)
    make_client("Second", priority=2)
    server("First").add_error = Unavailable("First is unreachable (connection refused)")

    download = grab(matrix, make_release())

    assert download.client.name == "Second"
    assert "First" in download.status_message
    event = History.objects.get(event=History.Event.GRABBED)
    assert event.client_name == "Second" and "unreachable" in event.message
    assert Download.objects.count() == 1


def test_grab_tries_clients_of_equal_priority_by_age_not_name(fake_kinds, matrix):
    make_client("Zed", priority=1)
    make_client("Alpha", priority=1)

    assert grab(matrix, make_release()).client.name == "Zed"


def test_grab_raises_the_last_error_when_every_client_is_unreachable(fake_kinds, matrix):
    make_client("First", priority=1)
    make_client("Second", priority=2)
    server("First").add_error = Unavailable("refused")
    server("Second").add_error = Unavailable("timed out")

    with pytest.raises(Unavailable, match="timed out"):
        grab(matrix, make_release())

    assert Download.objects.count() == 0


def test_grab_does_not_fall_back_on_a_refusal_that_is_not_unreachability(fake_kinds, matrix):
    make_client("First", priority=1)
    make_client("Second", priority=2)
    server("First").add_error = BadResponse("bad torrent")

    with pytest.raises(BadResponse):
        grab(matrix, make_release())

    assert server("Second").total_calls == 0
