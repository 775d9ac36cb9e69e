"""Sending due deliveries: claims, holds, retries with backoff, giving up, debounce wait."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mediaservers import outbox, sending
from mediaservers.models import Connection, Delivery, PathMapping
from radarr_site.http.errors import AuthError, Unavailable
from radarr_site.models import ProviderStatus
from radarr_site.providers import get_status, record_failure

pytestmark = pytest.mark.django_db


@pytest.fixture
def plex(fake_connections):
    return Connection.objects.create(kind="fakeserver", name="Plex", base_url="http://p")


@pytest.fixture
def hook(fake_connections):
    return Connection.objects.create(kind="fakehook", name="Hook", base_url="http://h")


def _due(connection, event="Download", **kw) -> Delivery:
    return Delivery.objects.create(
        connection=connection, event=event, due_at=timezone.now() - timedelta(seconds=1), **kw
    )


def _scan(connection, folder="/movies/Heat (1995)", **kw) -> Delivery:
    return _due(connection, event="Scan", folder=folder, **kw)


def test_a_due_scan_is_sent_through_the_path_mapping_and_its_result_kept(plex, fake_connections):
    PathMapping.objects.create(connection=plex, local_path="/movies", remote_path="/data/m")
    delivery = _scan(plex)
    assert sending.send_due(wait=False) == {"sent": 1}
    assert fake_connections("Plex").refreshes == ["/data/m/Heat (1995)"]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 1)
    assert delivery.result == "Partial scan of Plex: /data/m/Heat (1995)"
    assert delivery.sent_at is not None


def test_a_due_webhook_delivery_posts_its_payload(hook, fake_connections):
    _due(hook, payload={"eventType": "Download", "movie": {"id": 1}})
    sending.send_due(wait=False)
    assert fake_connections("Hook").payloads == [{"eventType": "Download", "movie": {"id": 1}}]


def test_a_delivery_not_yet_due_is_not_sent(plex, fake_connections):
    Delivery.objects.create(
        connection=plex, event="Scan", folder="/m", due_at=timezone.now() + timedelta(minutes=1)
    )
    assert sending.send_due(wait=False) == {}
    assert fake_connections("Plex").refreshes == []


def test_a_sent_delivery_is_not_sent_again(plex, fake_connections):
    _scan(plex)
    sending.send_due(wait=False)
    sending.send_due(wait=False)
    assert len(fake_connections("Plex").refreshes) == 1


def test_a_delivery_claimed_by_another_worker_is_skipped(plex, fake_connections):
    delivery = _scan(plex)
    stale = Delivery.objects.get(pk=delivery.pk)
    assert sending.send_one(delivery) == "sent"
    assert sending.send_one(stale) == "skipped"  # it read the row before the first claim
    assert len(fake_connections("Plex").refreshes) == 1


def test_a_failure_is_retried_later_with_the_error_kept(plex, fake_connections):
    fake_connections("Plex").error = Unavailable("plex:32400 is unreachable")
    delivery = _scan(plex)
    assert sending.send_due(wait=False) == {"retry": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "plex:32400 is unreachable"
    wait = delivery.due_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)


def test_a_failure_is_recorded_on_the_connections_provider_status(plex, fake_connections):
    fake_connections("Plex").error = Unavailable("plex:32400 is unreachable")
    _scan(plex)
    sending.send_due(wait=False)
    status = get_status(plex.provider_key)
    assert status.state == ProviderStatus.OPEN
    assert (status.label, status.last_error) == ("Plex", "plex:32400 is unreachable")


def test_a_success_closes_the_connections_circuit(plex):
    record_failure(plex.provider_key, "Plex", Unavailable("down"))
    ProviderStatus.objects.filter(key=plex.provider_key).update(
        disabled_until=timezone.now() - timedelta(seconds=1)
    )
    _scan(plex)
    sending.send_due(wait=False)
    assert get_status(plex.provider_key).state == ProviderStatus.CLOSED


def test_a_held_off_connection_is_not_called_and_its_deliveries_wait(plex, fake_connections):
    record_failure(plex.provider_key, "Plex", Unavailable("down"))
    delivery = _scan(plex)
    assert sending.send_due(wait=False) == {"held": 1}
    assert fake_connections("Plex").refreshes == []
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 0)


def test_after_one_failure_the_other_deliveries_of_that_connection_wait(plex, fake_connections):
    fake_connections("Plex").error = AuthError("Plex refused the token")
    _scan(plex, folder="/m/a")
    _scan(plex, folder="/m/b")
    assert sending.send_due(wait=False) == {"retry": 1, "held": 1}


def test_a_failing_connection_does_not_stop_the_others(plex, hook, fake_connections):
    fake_connections("Plex").error = Unavailable("down")
    _scan(plex)
    _due(hook, payload={"eventType": "Grab"})
    assert sending.send_due(wait=False) == {"retry": 1, "sent": 1}
    assert fake_connections("Hook").payloads == [{"eventType": "Grab"}]


def test_backoff_grows_with_the_attempts():
    delays = [sending.retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(hours=1),
    ]
    assert delays == sorted(delays)


def test_a_delivery_is_given_up_after_the_last_attempt(plex, fake_connections):
    fake_connections("Plex").error = Unavailable("down")
    delivery = _scan(plex, attempts=sending.MAX_ATTEMPTS - 1)
    assert sending.send_due(wait=False) == {"failed": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("failed", 10, "down")


def test_a_delivery_still_failing_a_day_after_its_event_is_given_up_with_its_error(
    plex, fake_connections
):
    delivery = _scan(plex, attempts=6, last_error="plex:32400 is unreachable")
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - sending.GIVE_UP_AFTER - timedelta(minutes=1)
    )
    assert sending.send_due(wait=False) == {"expired": 1}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == ("failed", "plex:32400 is unreachable")
    assert fake_connections("Plex").refreshes == []


def test_a_delivery_held_off_for_a_day_is_given_up_unsent(plex, fake_connections):
    record_failure(plex.provider_key, "Plex", Unavailable("down"))
    delivery = _scan(plex)
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert sending.send_due(wait=False) == {"expired": 1}
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    assert "Not sent within 24 hours" in delivery.last_error
    assert fake_connections("Plex").refreshes == []


def test_a_disabled_connection_has_its_deliveries_cancelled_not_given_up(plex, fake_connections):
    _scan(plex)
    Connection.objects.filter(pk=plex.pk).update(enabled=False)  # no save signal
    assert sending.send_due(wait=False) == {"cancelled": 1}
    assert not Delivery.objects.exists()
    assert fake_connections("Plex").refreshes == []


def test_saving_a_connection_disabled_cancels_its_pending_deliveries(plex):
    _scan(plex)
    sent = _scan(plex, folder="/movies/Alien (1979)", state=Delivery.State.SENT)
    plex.enabled = False
    plex.save()
    assert list(Delivery.objects.values_list("pk", flat=True)) == [sent.pk]


def test_a_client_bug_is_retried_and_logged(plex, fake_connections, monkeypatch, caplog):
    from tests.fakes.connection import FakeMediaServer

    monkeypatch.setattr(FakeMediaServer, "refresh", lambda self, path: 1 / 0)
    delivery = _scan(plex)
    assert sending.send_due(wait=False) == {"retry": 1}
    delivery.refresh_from_db()
    assert delivery.last_error == "division by zero"
    assert "Sending Scan to Plex failed" in caplog.text


def test_a_scan_of_a_connection_now_a_webhook_fails_instead_of_crashing(plex):
    delivery = _scan(plex)
    Connection.objects.filter(pk=plex.pk).update(kind="fakehook")
    sending.send_due(wait=False)
    delivery.refresh_from_db()
    assert "no longer a media server" in delivery.last_error


def test_a_scan_merged_into_during_its_send_is_sent_again(plex, fake_connections, monkeypatch):
    from tests.fakes.connection import FakeMediaServer

    real = FakeMediaServer.refresh

    def refresh_while_another_import_lands(self, path):
        outbox.add_scan(plex, "/movies/Heat (1995)")  # the import's receiver, mid-send
        return real(self, path)

    monkeypatch.setattr(FakeMediaServer, "refresh", refresh_while_another_import_lands)
    delivery = _scan(plex)
    sending.send_due(wait=False)
    delivery.refresh_from_db()
    assert delivery.state == "pending"
    assert delivery.result.startswith("Partial scan")
    assert delivery.due_at > timezone.now()


def test_a_scan_about_to_fall_due_is_waited_for_and_sent(plex, fake_connections, monkeypatch):
    monkeypatch.setattr(outbox, "DEBOUNCE", timedelta(milliseconds=300))
    outbox.add_scan(plex, "/movies/Heat (1995)")
    assert sending.send_due() == {"sent": 1}
    assert fake_connections("Plex").refreshes == ["/movies/Heat (1995)"]


def test_only_one_task_waits_for_scans_about_to_fall_due(plex, fake_connections, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(outbox, "DEBOUNCE", timedelta(milliseconds=300))
    outbox.add_scan(plex, "/movies/Heat (1995)")
    cache.set(sending.WAITER_KEY, 1, 30)  # another task is waiting
    try:
        assert sending.send_due() == {}
    finally:
        cache.delete(sending.WAITER_KEY)
    assert fake_connections("Plex").refreshes == []


def test_the_wait_for_a_scan_held_off_does_not_spin(plex, monkeypatch):
    monkeypatch.setattr(outbox, "DEBOUNCE", timedelta(milliseconds=200))
    record_failure(plex.provider_key, "Plex", Unavailable("down"))
    outbox.add_scan(plex, "/movies/Heat (1995)")
    started = timezone.now()
    assert sending.send_due() == {"held": 1}
    assert timezone.now() - started < timedelta(seconds=3)


def test_the_wait_is_capped_and_a_scan_pushed_further_gets_one_one_off_schedule(plex, monkeypatch):
    import time

    from django_q.models import Schedule

    monkeypatch.setattr(outbox, "DEBOUNCE", timedelta(milliseconds=300))
    outbox.add_scan(plex, "/movies/Heat (1995)")

    def imports_keep_landing(now=None):
        outbox.add_scan(plex, "/movies/Heat (1995)")  # pushes the scan a debounce further
        return {}

    monkeypatch.setattr(sending, "send_ready", imports_keep_landing)
    started = time.monotonic()
    sending.send_due()
    assert time.monotonic() - started < sending.max_wait() + 0.5
    once = Schedule.objects.get(func="mediaservers.tasks.send_due", schedule_type=Schedule.ONCE)
    assert once.next_run > timezone.now() - timedelta(seconds=1)
    sending.schedule_send_at(once.next_run)  # another task in the same minute: no second one
    assert Schedule.objects.filter(schedule_type=Schedule.ONCE).count() == 1
