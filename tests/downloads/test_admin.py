"""Django admin for downloads: write-only client secrets, the Test action, remote path
mappings inline, read-only downloads and history, the download options singleton."""

from __future__ import annotations

import pytest
from django.urls import reverse

from downloads.models import Download, DownloadClient, DownloadOptions, History
from radarr_site.models import ProviderStatus
from tests.downloads.settings_fakes import ScriptedClient, scripted_kinds  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scripted_kinds")]

SECRET = "stored-admin-password-42"
CHANGELIST = reverse("admin:downloads_downloadclient_changelist")


@pytest.fixture
def row():
    return DownloadClient.objects.create(
        name="Home qBit",
        kind="qbittorrent",
        base_url="http://127.0.0.1:8080",
        username="admin",
        password=SECRET,
    )


def change_data(row, **fields):
    data = {
        "kind": row.kind,
        "name": row.name,
        "enabled": "on",
        "priority": row.priority,
        "base_url": row.base_url,
        "username": row.username,
        "password": "",
        "api_key": "",
        "category": row.category,
        "remove_completed": "on",
        "remove_failed": "on",
        "seed_ratio": "",
        "seed_time_minutes": "",
        "options": "{}",
        "mappings-TOTAL_FORMS": "0",
        "mappings-INITIAL_FORMS": "0",
        "mappings-MIN_NUM_FORMS": "0",
        "mappings-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def change_url(row):
    return reverse("admin:downloads_downloadclient_change", args=[row.pk])


def test_admin_change_page_never_shows_the_stored_password(admin_client, row):
    html = admin_client.get(change_url(row)).content.decode()
    assert SECRET not in html
    assert "•••• (set)" in html


def test_admin_list_never_shows_the_stored_password(admin_client, row):
    assert SECRET not in admin_client.get(CHANGELIST).content.decode()


def test_admin_keeps_the_password_when_left_empty(admin_client, row):
    response = admin_client.post(change_url(row), change_data(row, name="Renamed"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.name, row.password) == ("Renamed", SECRET)


def test_admin_clears_the_password_on_request(admin_client, row):
    admin_client.post(change_url(row), change_data(row, clear_password="on"))
    row.refresh_from_db()
    assert row.password == ""


def test_admin_saves_remote_path_mappings_inline(admin_client, row):
    data = change_data(
        row,
        **{
            "mappings-TOTAL_FORMS": "1",
            "mappings-0-remote_path": "/downloads/",
            "mappings-0-local_path": "/mnt/downloads/",
        },
    )
    admin_client.post(change_url(row), data)
    assert list(row.mappings.values_list("remote_path", "local_path")) == [
        ("/downloads/", "/mnt/downloads/")
    ]


def test_admin_save_gives_the_client_a_health_row(admin_client, row):
    admin_client.post(change_url(row), change_data(row, name="Renamed"))
    assert ProviderStatus.objects.get(key=f"downloadclient:{row.pk}").label == "Renamed"


def test_admin_test_action_shows_each_clients_problems(admin_client, row):
    ScriptedClient.problems = ["qBittorrent refused the username or password."]
    response = admin_client.post(
        CHANGELIST, {"action": "test_clients", "_selected_action": [row.pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Home qBit" in html
    assert "qBittorrent refused the username or password." in html


def test_admin_test_action_says_when_a_client_works(admin_client, row):
    response = admin_client.post(
        CHANGELIST, {"action": "test_clients", "_selected_action": [row.pk]}
    )
    assert "qBittorrent works with these settings." in response.content.decode()


def test_admin_delete_forgets_the_health_row(admin_client, row):
    ProviderStatus.objects.create(key=f"downloadclient:{row.pk}", label=row.name)
    url = reverse("admin:downloads_downloadclient_delete", args=[row.pk])
    admin_client.post(url, {"post": "yes"})
    assert not DownloadClient.objects.exists()
    assert not ProviderStatus.objects.exists()


def test_admin_lists_downloads_filtered_by_state(admin_client, row):
    common = {"client": row, "protocol": "torrent"}
    Download.objects.create(
        source_title="Heat.1995.1080p", download_id="a", state="failed", **common
    )
    Download.objects.create(source_title="Alien.1979.720p", download_id="b", **common)
    url = reverse("admin:downloads_download_changelist")
    html = admin_client.get(url, {"state__exact": "failed"}).content.decode()
    assert "Heat.1995.1080p" in html
    assert "Alien.1979.720p" not in html


def test_admin_download_page_is_read_only(admin_client, row):
    download = Download.objects.create(
        source_title="Heat.1995.1080p", download_id="a", client=row, protocol="torrent"
    )
    url = reverse("admin:downloads_download_change", args=[download.pk])
    admin_client.post(url, {"source_title": "Changed"})
    download.refresh_from_db()
    assert download.source_title == "Heat.1995.1080p"
    assert admin_client.get(reverse("admin:downloads_download_add")).status_code == 403


def test_admin_history_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:downloads_history_add")).status_code == 403


def test_admin_history_lists_events(admin_client):
    History.objects.create(event="grabbed", source_title="Heat.1995.1080p")
    html = admin_client.get(reverse("admin:downloads_history_changelist")).content.decode()
    assert "Heat.1995.1080p" in html


def test_admin_download_options_cannot_be_added_twice(admin_client):
    DownloadOptions.load()
    assert admin_client.get(reverse("admin:downloads_downloadoptions_add")).status_code == 403
