"""System → Health's "Retry in" column: a held-off integration's wait in honest words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from radarr_site.models import ProviderStatus
from radarr_site.system.health import retry_wording

pytestmark = pytest.mark.django_db


def _held_for(wait: timedelta | None, failures: int = 1) -> ProviderStatus:
    return ProviderStatus.objects.create(
        key="downloadclient:1",
        label="qBittorrent",
        consecutive_failures=failures,
        disabled_until=timezone.now() + wait if wait is not None else None,
        last_error="qBittorrent (127.0.0.1:8080) is unreachable",
        last_error_kind="Unavailable",
    )


def test_a_hold_under_a_minute_is_given_in_seconds():
    assert retry_wording(_held_for(timedelta(seconds=42, milliseconds=500))) == "42 seconds"


def test_a_hold_about_to_end_says_retrying_now():
    assert retry_wording(_held_for(timedelta(milliseconds=400))) == "Retrying now"


def test_a_hold_of_minutes_is_given_in_minutes():
    assert retry_wording(_held_for(timedelta(minutes=5, seconds=30))) == "5\xa0minutes"


def test_a_passed_hold_says_the_next_call_retries():
    assert retry_wording(_held_for(timedelta(minutes=-1))) == "On the next call"


def test_a_working_integration_has_no_retry():
    assert retry_wording(_held_for(None, failures=0)) == ""


def test_health_page_never_says_retry_in_0_minutes(admin_client):
    _held_for(timedelta(seconds=30))
    html = admin_client.get(reverse("system:health")).content.decode()
    assert "0\xa0minutes" not in html and "0 minutes" not in html
    assert "<td>29 seconds</td>" in html or "<td>30 seconds</td>" in html
