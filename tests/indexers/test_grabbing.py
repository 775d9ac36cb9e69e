"""The glue search and RSS share: indexer facts for the rules, judging, grabbing."""

from __future__ import annotations

import pytest
import responses

from downloads.models import Download
from indexers.grabbing import IndexerFacts, grab_release, judge, queue_for
from indexers.models import Indexer
from tests.fakes.download_client import make_client, make_release

pytestmark = pytest.mark.django_db


def make_indexer(name="One", **fields):
    fields.setdefault("kind", "fakeidx")
    fields.setdefault("base_url", "http://127.0.0.1:1")
    return Indexer.objects.create(name=name, **fields)


def test_an_indexer_with_every_switch_off_counts_as_disabled(fake_indexers):
    on = make_indexer("On")
    off = make_indexer(
        "Off", enable_rss=False, enable_automatic_search=False, enable_interactive_search=False
    )

    facts = IndexerFacts.load()

    assert (on.pk in facts.disabled_ids, off.pk in facts.disabled_ids) == (False, True)


def test_facts_carry_each_indexers_minimum_seeders(fake_indexers):
    row = make_indexer(minimum_seeders=7)

    assert IndexerFacts.load().minimum_seeders[row.pk] == 7


def test_judging_rejects_a_release_below_its_indexers_minimum_seeders(
    fake_indexers, fake_kinds, matrix
):
    row = make_indexer(minimum_seeders=5)
    release = make_release(seeders=2, indexer_id=row.pk, indexer=row.name)

    [decision] = judge(matrix, [release])

    assert any("seeder" in reason for reason in decision.reasons)


def test_the_queue_holds_the_movies_active_downloads(fake_kinds, matrix):
    make_client()
    grab_release(matrix, make_release())

    [queued] = queue_for([matrix.pk])[matrix.pk]

    assert queued.title == "The.Matrix.1999.1080p.BluRay.x264-GRP"


@responses.activate
def test_grabbing_fetches_the_torrent_through_the_indexers_session(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    from radarr_site.http.session import HttpClient
    from tests.downloads.test_grab import TORRENT
    from tests.fakes.indexer import FakeIndexer

    sessions = []

    def http(self):
        sessions.append(HttpClient("fakeidx:One", "http://indexer.test", headers={"X-Idx": "1"}))
        return sessions[-1]

    monkeypatch.setattr(FakeIndexer, "http", http)
    row = make_indexer(base_url="http://indexer.test")
    responses.get("http://indexer.test/dl/1.torrent", body=TORRENT)
    make_client()
    release = make_release(
        download_url="http://indexer.test/dl/1.torrent", indexer_id=row.pk, indexer=row.name
    )

    download = grab_release(matrix, release)

    assert Download.objects.get(pk=download.pk).indexer == "One"
    assert (len(sessions), responses.calls[0].request.headers["X-Idx"]) == (1, "1")


def test_grabbing_asks_the_client_to_seed_to_the_indexers_goals(fake_indexers, fake_kinds, matrix):
    from tests.fakes.download_client import server

    row = make_indexer(seed_ratio=1.5, seed_time_minutes=4320)
    make_client()

    grab_release(matrix, make_release(indexer_id=row.pk, indexer=row.name))

    sent = server("Fake").added[0]
    assert (sent.seed_ratio, sent.seed_time_minutes) == (1.5, 4320)


def test_an_indexer_without_seed_goals_leaves_the_clients_own(fake_indexers, fake_kinds, matrix):
    from tests.fakes.download_client import server

    row = make_indexer()
    make_client()

    grab_release(matrix, make_release(indexer_id=row.pk, indexer=row.name))

    sent = server("Fake").added[0]
    assert (sent.seed_ratio, sent.seed_time_minutes) == (None, None)


def test_a_failed_release_without_a_guid_is_blocklisted_without_its_key_and_stays_blocked(
    fake_indexers, fake_kinds, matrix
):
    from downloads.failed import mark_failed
    from downloads.models import Blocklist

    row = make_indexer()
    make_client("Sab", kind="fakenzb")
    link = "https://nzb.example/api?t=get&id=7&apikey=SECRETKEY"
    release = make_release(
        protocol="usenet", download_url=link, guid="", indexer_id=row.pk, indexer=row.name
    )
    download = grab_release(matrix, release)

    mark_failed(download, "Unpack failed", remove_from_client=False, search=False)

    assert "SECRETKEY" not in Blocklist.objects.get().guid
    [decision] = judge(matrix, [release])
    assert any(reason.startswith("Blocklisted") for reason in decision.reasons)


def test_a_grab_error_never_carries_the_indexers_key(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    from downloads import services as download_services
    from radarr_site.http.errors import BadResponse

    row = make_indexer(api_key="idx-secret-key-123")

    def leaky(*args, **kwargs):
        raise BadResponse("Indexer answered: bad link ?apikey=idx-secret-key-123")

    monkeypatch.setattr(download_services, "grab", leaky)
    release = make_release(indexer_id=row.pk, indexer=row.name)

    with pytest.raises(BadResponse) as caught:
        grab_release(matrix, release)

    assert "idx-secret-key-123" not in str(caught.value)
