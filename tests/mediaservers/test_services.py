"""mediaservers.services: the Test button's report, counts, recent deliveries, retry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mediaservers import services
from mediaservers.clients.base import ConnectionConfig, Section
from mediaservers.models import Connection, Delivery, PathMapping
from radarr_site.http.errors import AuthError, BadResponse, Unavailable
from radarr_site.models import ProviderStatus
from radarr_site.providers import get_status, record_failure

pytestmark = pytest.mark.django_db


def _server(**kw) -> Connection:
    defaults = {"kind": "fakeserver", "name": "Plex", "base_url": "http://plex:32400"}
    return Connection.objects.create(**{**defaults, **kw})


def test_a_working_media_server_has_no_problems_and_lists_its_libraries(fake_connections):
    fake_connections("Plex").sections = [Section("1", "Movies", "movie", ("/data/movies",))]
    report = services.check_connection(_server())
    assert report.problems == []
    assert report.summary == "Connected: libraries Movies (/data/movies)"


def test_test_connection_says_a_refused_token_without_the_token(fake_connections):
    fake_connections("Plex").error = AuthError("Plex refused the token s3cr3t-token")
    problems = services.test_connection(_server(api_key="s3cr3t-token"))
    assert len(problems) == 1
    assert problems[0].startswith("Refused: Plex refused the token")
    assert "s3cr3t-token" not in problems[0]
    assert "token or API key" in problems[0]


def test_test_connection_says_an_unreachable_server(fake_connections):
    fake_connections("Plex").error = Unavailable("plex:32400 is unreachable (refused)")
    assert services.test_connection(_server())[0].startswith("Unreachable or failing:")


def test_test_connection_says_an_unusable_answer(fake_connections):
    fake_connections("Plex").error = BadResponse("Plex has no movie library")
    assert "Unusable answer: Plex has no movie library" in services.test_connection(_server())[0]


def test_a_media_server_without_libraries_is_a_problem(fake_connections):
    fake_connections("Plex").sections = []
    assert services.test_connection(_server()) == [
        "Fake media server answered but has no libraries to scan."
    ]


def test_a_webhook_test_sends_the_test_event(fake_connections):
    row = Connection.objects.create(kind="fakehook", name="Hook", base_url="http://h/")
    assert services.test_connection(row) == []
    assert fake_connections("Hook").payloads == [{"eventType": "Test"}]


def test_an_unsaved_configuration_is_tested_and_leaves_no_status(fake_connections):
    config = ConnectionConfig(id=None, name="New", kind="fakeserver", base_url="http://x")
    assert services.test_connection(config) == []
    assert not ProviderStatus.objects.exists()


def test_a_passing_test_of_a_saved_connection_clears_its_hold(fake_connections):
    row = _server()
    record_failure(row.provider_key, row.name, Unavailable("down"))
    assert services.test_connection(row) == []
    assert get_status(row.provider_key).state == ProviderStatus.CLOSED


def test_a_client_bug_is_a_problem_not_a_crash(fake_connections, monkeypatch):
    from tests.fakes.connection import FakeMediaServer

    monkeypatch.setattr(FakeMediaServer, "test", lambda self: 1 / 0)
    assert services.test_connection(_server()) == [
        "Fake media server test failed unexpectedly: ZeroDivisionError."
    ]


def test_section_for_maps_our_path_and_prefers_the_movie_library(fake_connections):
    row = _server()
    PathMapping.objects.create(connection=row, local_path="/srv/movies", remote_path="/data/m")
    sections = [
        Section("2", "Shows", "show", ("/data",)),
        Section("1", "Movies", "movie", ("/data/m",)),
    ]
    assert services.section_for(sections, row.config(), "/srv/movies/Heat (1995)").key == "1"
    assert services.section_for(sections, row.config(), "/elsewhere/x") is None


def _delivery(row, **kw) -> Delivery:
    return Delivery.objects.create(
        connection=row, event=kw.pop("event", "Download"), due_at=timezone.now(), **kw
    )


def test_delivery_counts_tell_pending_retrying_and_recently_given_up(fake_connections):
    row = _server()
    _delivery(row)
    _delivery(row, attempts=2)
    _delivery(row, state=Delivery.State.FAILED)
    old = _delivery(row, state=Delivery.State.FAILED)
    Delivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    _delivery(row, state=Delivery.State.SENT)
    assert services.delivery_counts() == services.DeliveryCounts(2, 1, 1)
    assert services.delivery_counts_by_connection() == {row.pk: services.DeliveryCounts(2, 1, 1)}


def test_recent_deliveries_are_newest_first_and_limited(fake_connections):
    row = _server()
    made = [_delivery(row) for _ in range(3)]
    assert services.recent_deliveries(row, 2) == [made[2], made[1]]


def test_retry_makes_a_given_up_delivery_pending_again(fake_connections):
    failed = _delivery(row := _server(), state=Delivery.State.FAILED, attempts=10, last_error="x")
    assert services.retry_delivery(failed.pk) is True
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error) == ("pending", 0, "")
    assert row.deliveries.count() == 1


def test_retry_refuses_a_delivery_that_is_not_given_up(fake_connections):
    assert services.retry_delivery(_delivery(_server()).pk) is False
    assert services.retry_delivery(999) is False


def test_retrying_a_given_up_scan_merges_into_the_pending_scan_of_its_folder(fake_connections):
    row = _server()
    _delivery(row, event="Scan", folder="/m/Heat (1995)")
    failed = _delivery(row, event="Scan", folder="/m/Heat (1995)", state=Delivery.State.FAILED)
    assert services.retry_delivery(failed.pk) is True
    assert list(row.deliveries.values_list("state", flat=True)) == ["pending"]
