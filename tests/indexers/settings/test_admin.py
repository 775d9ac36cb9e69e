"""Indexers in the Django admin: the list (kind, switches, priority, state) without keys,
a write-only key on the change page, and the Test action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indexers.models import Indexer
from radarr_site.http.errors import Unavailable
from radarr_site.models import ProviderStatus
from tests.indexers.settings.helpers import KEY, make_indexer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_indexers")]

CHANGELIST = reverse("admin:indexers_indexer_changelist")


def change_data(row, **fields):
    data = {
        "kind": row.kind,
        "name": row.name,
        "enable_rss": "on",
        "enable_automatic_search": "on",
        "enable_interactive_search": "on",
        "priority": row.priority,
        "base_url": row.base_url,
        "api_path": row.api_path,
        "api_key": "",
        "username": "",
        "categories": "[2000]",
        "minimum_seeders": 1,
        "seed_ratio": "",
        "seed_time_minutes": "",
        "requests_per_minute": 30,
        "options": "{}",
    }
    data.update(fields)
    return data


def test_admin_list_shows_kind_switches_priority_and_state_but_no_key(admin_client):
    make_indexer("Tracker", priority=3)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Tracker" in html and "Fake indexer" in html and "not used yet" in html
    assert "RSS" in html and "Automatic search" in html
    assert KEY not in html


def test_admin_change_page_never_shows_the_key(admin_client):
    row = make_indexer("Tracker")
    html = admin_client.get(reverse("admin:indexers_indexer_change", args=[row.pk])).content
    assert KEY not in html.decode()


def test_admin_save_with_empty_key_keeps_it(admin_client):
    row = make_indexer("Tracker", kind="torznab")
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    response = admin_client.post(url, change_data(row, name="Renamed"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Renamed" and row.api_key == KEY
    assert ProviderStatus.objects.get(key=row.provider_key).label == "Renamed"


def test_admin_test_action_shows_the_same_problems(admin_client, fake_indexers):
    row = make_indexer("Tracker")
    fake_indexers("Tracker").error = Unavailable("Tracker (h) did not answer in time")
    data = {"action": "test_indexers", "_selected_action": [row.pk]}
    html = admin_client.post(CHANGELIST, data).content.decode()
    assert "Fake indexer test failed:" in html
    assert "Timed out: Tracker (h) did not answer in time" in html


def test_admin_delete_removes_the_health_row(admin_client):
    row = make_indexer("Tracker")
    ProviderStatus.objects.create(key=row.provider_key, label=row.name)
    url = reverse("admin:indexers_indexer_delete", args=[row.pk])
    admin_client.post(url, {"post": "yes"})
    assert not Indexer.objects.exists() and not ProviderStatus.objects.exists()


def test_admin_list_switches_an_indexer_off_in_place(admin_client):
    row = make_indexer("Tracker", kind="torznab", priority=3)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(row.pk),
        "form-0-enable_automatic_search": "on",
        "form-0-priority": "9",
        "_save": "Save",
    }
    assert admin_client.post(CHANGELIST, data).status_code == 302
    row.refresh_from_db()
    assert (row.enable_rss, row.enable_automatic_search, row.priority) == (False, True, 9)
    assert row.api_key == KEY
