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


# The admin's ModelForm has none of the settings form's own checks: Indexer.clean() makes
# them, so the admin refuses what the settings page refuses.
@pytest.mark.parametrize(
    ("kind", "fields", "field", "error"),
    [
        ("torznab", {"base_url": "http://h:9117/api?apikey=abc"}, "base_url", "without ?"),
        ("torznab", {"base_url": "localhost:9117"}, "base_url", "starting http://"),
        ("torznab", {"api_path": "api"}, "api_path", "starting with /"),
        ("torznab", {"priority": 51}, "priority", "Priority runs from 1"),
        ("torznab", {"seed_ratio": "-1"}, "seed_ratio", "cannot be negative"),
        ("torznab", {"requests_per_minute": 100000}, "requests_per_minute", "0 (no limit)"),
        ("jackett", {"options": '{"indexer": "../admin"}'}, "options", "as Jackett shows it"),
        ("prowlarr", {"options": '{"indexer_ids": ["x"]}'}, "options", "positive whole"),
        ("hdbits", {"options": '{"codecs": [99]}', "username": "alice"}, "options", "codec ids"),
        ("hdbits", {"options": '{"mediums": "5"}', "username": "alice"}, "options", "medium"),
        ("hdbits", {"username": ""}, "username", "HDBits needs your user name."),
        ("torznab", {"options": "[1, 2]"}, "options", "JSON object"),
    ],
)
def test_admin_refuses_what_the_settings_form_refuses(admin_client, kind, fields, field, error):
    row = make_indexer("Tracker", kind=kind)
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    response = admin_client.post(url, change_data(row, **fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(error in message for message in errors[field])
    row.refresh_from_db()
    assert row.base_url == "http://127.0.0.1:9117" and row.options == {}


def test_admin_refuses_clearing_the_key_of_a_kind_that_needs_one(admin_client):
    row = make_indexer("Tracker", kind="prowlarr")
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    response = admin_client.post(url, change_data(row, clear_api_key="on"))
    assert "Prowlarr needs its API key." in response.context["adminform"].form.errors["api_key"]
    row.refresh_from_db()
    assert row.api_key == KEY


def test_admin_saves_valid_kind_options(admin_client):
    row = make_indexer("Tracker", kind="hdbits")
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    data = change_data(row, username="alice", options='{"codecs": [5], "mediums": [5, 6]}')
    assert admin_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.options == {"codecs": [5], "mediums": [5, 6]}
