"""The outbox: webhook deliveries, debounced scans (one per folder), the send task queued
after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mediaservers import outbox
from mediaservers.models import Connection, Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The send tasks queued (django_q's async_task recorded, not run)."""
    calls = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda func, **kw: calls.append(func))
    return calls


@pytest.fixture
def plex(fake_connections):
    return Connection.objects.create(kind="fakeserver", name="Plex", base_url="http://p")


@pytest.fixture
def hook(fake_connections):
    return Connection.objects.create(kind="fakehook", name="Hook", base_url="http://h")


def test_a_webhook_delivery_is_due_now_with_its_payload(hook):
    before = timezone.now()
    delivery = outbox.add_webhook(hook, "Download", {"eventType": "Download"})
    assert (delivery.event, delivery.payload, delivery.state) == (
        "Download",
        {"eventType": "Download"},
        "pending",
    )
    assert before <= delivery.due_at <= timezone.now()


def test_webhook_deliveries_are_never_merged(hook):
    outbox.add_webhook(hook, "Download", {"n": 1})
    outbox.add_webhook(hook, "Download", {"n": 2})
    assert hook.deliveries.count() == 2


def test_a_scan_is_due_after_the_debounce(plex):
    before = timezone.now()
    delivery = outbox.add_scan(plex, "/movies/Heat (1995)/")
    assert delivery.folder == "/movies/Heat (1995)"
    assert delivery.due_at >= before + outbox.DEBOUNCE


def test_scans_of_one_folder_within_the_window_merge_into_one_pushed_later(plex):
    first = outbox.add_scan(plex, "/movies/Heat (1995)")
    Delivery.objects.filter(pk=first.pk).update(due_at=timezone.now() + timedelta(seconds=1))
    second = outbox.add_scan(plex, "/movies/Heat (1995)")
    assert second.pk == first.pk
    assert plex.deliveries.count() == 1
    assert second.due_at > timezone.now() + outbox.DEBOUNCE - timedelta(seconds=1)


def test_scans_of_other_folders_are_separate(plex):
    outbox.add_scan(plex, "/movies/Heat (1995)")
    outbox.add_scan(plex, "/movies/Ronin (1998)")
    assert plex.deliveries.count() == 2


def test_a_sent_scan_does_not_absorb_a_new_one(plex):
    sent = outbox.add_scan(plex, "/movies/Heat (1995)")
    Delivery.objects.filter(pk=sent.pk).update(state=Delivery.State.SENT)
    assert outbox.add_scan(plex, "/movies/Heat (1995)").pk != sent.pk


def test_the_database_refuses_a_second_pending_scan_of_a_folder(plex):
    outbox.add_scan(plex, "/movies/Heat (1995)")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            connection=plex, event="Scan", folder="/movies/Heat (1995)", due_at=timezone.now()
        )


def test_a_scan_written_by_another_worker_meanwhile_is_merged_into(plex, monkeypatch):
    # The other worker's row lands between our look and our insert.
    real_push = outbox._push_pending_scan
    calls = []

    def push(connection, folder):
        calls.append(folder)
        if len(calls) == 1:
            Delivery.objects.create(
                connection=connection, event="Scan", folder=folder, due_at=timezone.now()
            )
            return 0
        return real_push(connection, folder)

    monkeypatch.setattr(outbox, "_push_pending_scan", push)
    delivery = outbox.add_scan(plex, "/movies/Heat (1995)")
    assert plex.deliveries.count() == 1
    assert delivery.due_at > timezone.now()


def test_the_send_task_is_queued_only_after_commit(
    hook, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.add_webhook(hook, "Grab", {})
        assert queued == []
    assert queued == ["mediaservers.tasks.send_due"]


def test_nothing_is_queued_when_the_transaction_rolls_back(hook, queued):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.add_webhook(hook, "Grab", {})
        raise RuntimeError("the import failed")
    assert queued == [] and not Delivery.objects.exists()


def test_a_broker_that_is_down_is_logged_not_raised(
    hook, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(func, **kw):
        raise ConnectionError("broker down")

    monkeypatch.setattr("django_q.tasks.async_task", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.add_webhook(hook, "Grab", {})
    assert "Could not queue the notification task" in caplog.text
    assert hook.deliveries.count() == 1  # the schedule sends it
