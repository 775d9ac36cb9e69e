"""The edit page's Last deliveries in words: a scan says what caused it, and a pending
delivery past its due time says the connection is held off and until when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mediaservers.models import Delivery
from radarr_site.http.errors import Unavailable
from radarr_site.models import ProviderStatus
from radarr_site.providers import record_failure

pytestmark = pytest.mark.django_db


def page(client, row) -> str:
    return client.get(reverse("settings:connection_edit", args=[row.pk])).content.decode()


def pending(row, **fields) -> Delivery:
    defaults = {"event": "Scan", "folder": "/data/movies/Heat (1995)", "state": "pending"}
    defaults.update(fields)
    defaults.setdefault("due_at", timezone.now() - timedelta(minutes=2))
    return Delivery.objects.create(connection=row, **defaults)


def hold(row) -> str:
    record_failure(row.provider_key, row.name, Unavailable("HTTP 503", status=503))
    until = ProviderStatus.objects.get(key=row.provider_key).disabled_until
    return f"{timezone.localtime(until):%H:%M}"


def test_a_scan_says_the_event_that_caused_it(admin_client, plex):
    pending(plex, payload={"reason": "Download"}, state="sent")
    assert "<td>Scan (Download)<br>" in page(admin_client, plex)


def test_a_scan_without_a_cause_says_scan(admin_client, plex):
    pending(plex, payload={}, state="sent")
    html = page(admin_client, plex)
    assert "<td>Scan<br>" in html and "Scan (" not in html


def test_an_overdue_delivery_of_a_held_connection_says_until_when(admin_client, plex):
    pending(plex)
    until = hold(plex)
    assert f"waiting: Living room Plex held off until {until}" in page(admin_client, plex)


def test_a_delivery_not_yet_due_does_not_say_waiting(admin_client, plex):
    pending(plex, due_at=timezone.now() + timedelta(minutes=5))
    hold(plex)
    assert "waiting:" not in page(admin_client, plex)


def test_an_overdue_delivery_of_a_connection_not_held_does_not_say_waiting(admin_client, plex):
    pending(plex)
    assert "waiting:" not in page(admin_client, plex)
