"""Automatic search: the best accepted release grabbed, or a sentence saying why not."""

from __future__ import annotations

import pytest
import responses

from downloads.models import Download, History
from indexers.search import automatic_search
from radarr_site.http.errors import Unavailable
from tests.fakes.download_client import make_client, server
from tests.indexers.search.conftest import make_indexer, matrix_release

pytestmark = pytest.mark.django_db

BLURAY = "The.Matrix.1999.1080p.BluRay.x264-GRP"
WEBDL = "The.Matrix.1999.1080p.WEB-DL.DD5.1.H264-OTHER"


@pytest.fixture
def indexer(fake_indexers):
    return make_indexer("One")


def test_the_best_accepted_release_is_grabbed(fake_indexers, fake_kinds, matrix, indexer):
    make_client()
    fake_indexers("One").releases = [matrix_release(WEBDL, n=1), matrix_release(BLURAY, n=2)]

    outcome = automatic_search(matrix)

    assert outcome.grabbed == Download.objects.get()
    assert outcome.grabbed.source_title == BLURAY
    assert [r.title for r in server("Fake").added] == [BLURAY]
    assert outcome.message == f"Grabbed {BLURAY} from One"
    assert History.objects.get(event=History.Event.GRABBED).data["source"] == "automatic"


def test_the_grab_records_who_asked_and_from_where(
    fake_indexers, fake_kinds, matrix, indexer, admin_user
):
    make_client()
    fake_indexers("One").releases = [matrix_release(BLURAY)]

    outcome = automatic_search(matrix, user=admin_user, source="interactive")

    assert (outcome.grabbed.grabbed_by, outcome.grabbed.grabbed_from) == (admin_user, "interactive")


@responses.activate
def test_the_next_accepted_release_is_tried_when_the_torrent_cannot_be_fetched(
    fake_indexers, fake_kinds, matrix, indexer
):
    make_client()
    responses.get("http://127.0.0.1:1/dl/1.torrent", status=404)
    best = matrix_release(BLURAY, n=1, download_url="http://127.0.0.1:1/dl/1.torrent")
    fake_indexers("One").releases = [best, matrix_release(WEBDL, n=2)]

    outcome = automatic_search(matrix)

    assert outcome.grabbed.source_title == WEBDL
    assert len(responses.calls) == 1


@responses.activate
def test_at_most_three_accepted_releases_are_tried(fake_indexers, fake_kinds, matrix, indexer):
    make_client()
    responses.get("http://127.0.0.1:1/dl/broken.torrent", status=404)
    fake_indexers("One").releases = [
        matrix_release(
            f"The.Matrix.1999.1080p.BluRay.x264-G{n}",
            n=n,
            download_url="http://127.0.0.1:1/dl/broken.torrent",
        )
        for n in range(5)
    ]

    outcome = automatic_search(matrix)

    assert outcome.grabbed is None
    assert len(responses.calls) == 3
    assert outcome.message.startswith("Could not grab any of the 3 best accepted release(s): ")
    assert Download.objects.count() == 0


def test_none_accepted_is_reported_with_the_top_reasons(fake_indexers, fake_kinds, matrix, indexer):
    make_client()
    fake_indexers("One").releases = [
        matrix_release(f"The.Matrix.1999.720p.HDTV.x264-G{n}", n=n) for n in range(3)
    ] + [matrix_release("Some.Other.Film.2004.1080p.BluRay.x264-GRP", n=9)]

    outcome = automatic_search(matrix)

    assert outcome.grabbed is None
    assert outcome.message.startswith("Found 4 releases, none accepted: ")
    assert "(3 releases)" in outcome.message and "(1 release)" in outcome.message
    assert server("Fake").added == []


def test_no_indexer_enabled_for_automatic_search_is_said(fake_indexers, fake_kinds, matrix):
    make_indexer("Manual only", enable_automatic_search=False)

    outcome = automatic_search(matrix)

    assert outcome.message == "No indexer is enabled for automatic search"


def test_every_indexer_failing_is_said_with_their_errors(
    fake_indexers, fake_kinds, matrix, indexer
):
    fake_indexers("One").error = Unavailable("One: connection refused")

    outcome = automatic_search(matrix)

    assert outcome.message == "No indexer could search: One: connection refused"


def test_nothing_found_is_said(fake_indexers, fake_kinds, matrix, indexer):
    assert automatic_search(matrix).message == "No releases found on 1 indexer(s)"


def test_a_release_already_downloading_stops_the_search(
    fake_indexers, fake_kinds, matrix, indexer, monkeypatch
):
    from downloads.services import AlreadyGrabbed
    from indexers.search import service

    calls = []

    def already(movie, decision, **kwargs):
        calls.append(decision.release.title)
        raise AlreadyGrabbed("already")

    monkeypatch.setattr(service, "grab_release", already)
    fake_indexers("One").releases = [matrix_release(BLURAY, n=1), matrix_release(WEBDL, n=2)]

    outcome = automatic_search(matrix)

    assert (calls, outcome.message) == ([BLURAY], f"Already downloading {BLURAY}")


def test_no_download_client_is_said_and_nothing_else_is_tried(
    fake_indexers, fake_kinds, matrix, indexer
):
    fake_indexers("One").releases = [matrix_release(BLURAY, n=1), matrix_release(WEBDL, n=2)]

    outcome = automatic_search(matrix)

    assert outcome.grabbed is None
    assert outcome.message == "No enabled torrent download client is configured."


def test_a_scheduled_search_skips_an_unmonitored_movie(fake_indexers, fake_kinds, matrix, indexer):
    matrix.monitored = False
    matrix.save()

    outcome = automatic_search(matrix, source="automatic")

    assert outcome.message == "The Matrix (1999) is not monitored; not searched"
    assert fake_indexers("One").searches == []


def test_a_search_someone_asked_for_runs_for_an_unmonitored_movie(
    fake_indexers, fake_kinds, matrix, indexer, admin_user
):
    matrix.monitored = False
    matrix.save()
    make_client()
    fake_indexers("One").releases = [matrix_release(BLURAY)]

    outcome = automatic_search(matrix, user=admin_user, source="interactive")

    assert outcome.grabbed is not None


def test_a_held_off_indexer_is_named_when_nothing_could_search(
    fake_indexers, fake_kinds, matrix, indexer
):
    from datetime import timedelta

    from django.utils import timezone

    from radarr_site.models import ProviderStatus

    until = timezone.now() + timedelta(minutes=5)
    ProviderStatus.objects.create(
        key=indexer.provider_key, label="One", consecutive_failures=1, disabled_until=until
    )

    outcome = automatic_search(matrix)

    expected = f"No indexer could search: One is held off until {timezone.localtime(until):%H:%M}"
    assert outcome.message == expected
