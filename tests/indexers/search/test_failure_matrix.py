"""Every indexer kind, every way it can fail, through a real search over loopback HTTP.

For each case: the failing indexer's status records the failure and holds it off, a
healthy indexer searched at the same time still returns its release, the next search does
not ask the held indexer, and once the failure is gone and the hold has passed the next
search asks it again and closes its circuit. Nothing stored is lost on the way.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.utils import timezone

from indexers.clients.hdbits import HDBits
from indexers.clients.newznab import NewznabFamily
from indexers.clients.prowlarr import client as prowlarr_module
from indexers.models import Indexer
from indexers.search import search_movie
from radarr_site.models import ProviderStatus
from tests.fakes import free_port
from tests.indexers.search.conftest import make_indexer, matrix_release
from tests.servers.hdbits import hdbits_server
from tests.servers.prowlarr import prowlarr_server
from tests.servers.torznab import API_KEY, torznab_server

pytestmark = pytest.mark.django_db

NEWZNAB_FAILURES = ["timeout", "refused", "500", "429", "malformed", "html", "bomb", "xxe"]
JSON_FAILURES = ["timeout", "refused", "500", "429", "malformed", "html"]
CASES = (
    [("torznab", f) for f in [*NEWZNAB_FAILURES, "wrong_key", "empty"]]
    + [("newznab", f) for f in ["500", "html", "bomb", "wrong_key", "empty"]]
    + [("jackett", f) for f in ["refused", "429", "malformed", "wrong_key"]]
    + [("prowlarr", f) for f in [*JSON_FAILURES, "wrong_key", "empty"]]
    + [("hdbits", f) for f in [*JSON_FAILURES, "wrong_key", "empty"]]
)


class Bad:
    """The failing indexer under test: its row, and how to break and mend its server."""

    def __init__(self, row: Indexer, breaks, mends) -> None:
        self.row, self.breaks, self.mends = row, breaks, mends


def newznab_family(stack, kind: str, failure: str, monkeypatch) -> Bad:
    server = stack.enter_context(torznab_server())
    idx = server.add("bad", protocol="usenet" if kind == "newznab" else "torrent")
    idx.items.append({"title": "The.Matrix.1999.720p.WEB-DL.x264-BAD", "imdb": "0133093"})
    fields = {"base_url": server.url_for("bad"), "api_key": API_KEY}
    if kind == "jackett":
        fields = {"base_url": server.base_url, "api_key": server.jackett_api_key}
        fields["options"] = {"indexer": "bad"}
    row = make_indexer("Bad", kind=kind, **fields)
    monkeypatch.setattr(NewznabFamily, "timeout", (2.0, 0.3))
    idx.hang, idx.retry_after = 1.0, 120

    def breaks():
        if failure == "refused":
            Indexer.objects.filter(pk=row.pk).update(base_url=f"http://127.0.0.1:{free_port()}")
        elif failure == "wrong_key":
            idx.api_key = "another-key"
            server.jackett_api_key = "another-key"
        elif failure == "empty":
            idx.items.clear()
        else:
            idx.failure = failure

    def mends():
        Indexer.objects.filter(pk=row.pk).update(base_url=fields["base_url"])
        idx.failure, idx.api_key, server.jackett_api_key = None, API_KEY, API_KEY

    return Bad(row, breaks, mends)


def json_kind(stack, kind: str, failure: str, monkeypatch) -> Bad:
    if kind == "prowlarr":
        server = stack.enter_context(prowlarr_server())
        row = make_indexer("Bad", kind="prowlarr", base_url=server.base_url, api_key=server.api_key)
        monkeypatch.setattr(prowlarr_module, "SEARCH_TIMEOUT", (2.0, 0.3))
        key_field, good_key = "api_key", server.api_key
    else:
        server = stack.enter_context(hdbits_server())
        row = make_indexer(
            "Bad",
            kind="hdbits",
            base_url=server.base_url,
            api_key=server.passkey,
            username=server.username,
            categories=[1],
        )
        original = HDBits.__init__
        monkeypatch.setattr(
            HDBits, "__init__", lambda self, config: original(self, config, timeout=(2.0, 0.3))
        )
        key_field, good_key = "passkey", server.passkey
    server.hang = 1.0

    def breaks():
        if failure == "refused":
            Indexer.objects.filter(pk=row.pk).update(base_url=f"http://127.0.0.1:{free_port()}")
        elif failure == "wrong_key":
            setattr(server, key_field, "another-key")
        elif failure == "empty":
            (server.releases if kind == "prowlarr" else server.torrents).clear()
        else:
            server.failure = failure

    def mends():
        Indexer.objects.filter(pk=row.pk).update(base_url=server.base_url)
        server.failure = None
        setattr(server, key_field, good_key)

    return Bad(row, breaks, mends)


def outcome_of(result, row):
    return next(o for o in result.outcomes if o.indexer_id == row.pk)


@pytest.mark.parametrize(("kind", "failure"), CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_a_failing_indexer_is_held_off_while_the_others_answer_and_then_recovers(
    kind, failure, fake_indexers, fake_kinds, matrix, monkeypatch
):
    healthy = make_indexer("Healthy")
    fake_indexers("Healthy").releases = [matrix_release()]
    with ExitStack() as stack:
        maker = newznab_family if kind in ("torznab", "newznab", "jackett") else json_kind
        bad = maker(stack, kind, failure, monkeypatch)
        bad.breaks()

        first = search_movie(matrix, interactive=True)

        titles = [d.release.title for d in first.decisions]
        assert "The.Matrix.1999.1080p.BluRay.x264-GRP" in titles  # the healthy one answered
        assert outcome_of(first, healthy).error == ""
        status = ProviderStatus.objects.filter(key=bad.row.provider_key).first()
        if failure == "empty":  # an empty feed is an answer, not a failure
            assert outcome_of(first, bad.row).error == "" and outcome_of(first, bad.row).count == 0
            assert status is None or status.consecutive_failures == 0
            return
        assert outcome_of(first, bad.row).error, "the failure is said"
        assert status.consecutive_failures == 1 and status.disabled_until > timezone.now()
        assert status.last_error

        second = search_movie(matrix, interactive=True)
        assert outcome_of(second, bad.row).held  # not asked while held off

        bad.mends()
        ProviderStatus.objects.filter(key=bad.row.provider_key).update(
            disabled_until=timezone.now() - timedelta(seconds=1)
        )
        third = search_movie(matrix, interactive=True)

    assert outcome_of(third, bad.row).error == ""
    assert ProviderStatus.objects.get(key=bad.row.provider_key).consecutive_failures == 0
    stored = Indexer.objects.get(pk=bad.row.pk)  # nothing stored was lost or rewritten
    assert (stored.name, stored.api_key, stored.kind) == ("Bad", bad.row.api_key, kind)
