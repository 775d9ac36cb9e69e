"""System → Health for download clients: each saved client's state, its "Test again"
button, and the warning when no client is enabled."""

from __future__ import annotations

import pytest
from django.urls import reverse

from downloads.models import DownloadClient
from radarr_site.health import WARNING, run_checks
from radarr_site.http.errors import AuthError
from radarr_site.models import ProviderStatus
from radarr_site.providers import record_failure
from tests.downloads.settings_fakes import ScriptedClient, scripted_kinds  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scripted_kinds")]

HEALTH = reverse("system:health")


@pytest.fixture
def row(admin_client):
    """A client added through the settings page, as a user would."""
    admin_client.post(
        reverse("settings:download_client_add"),
        {
            "kind": "transmission",
            "name": "Seedbox",
            "enabled": "on",
            "priority": 1,
            "base_url": "http://127.0.0.1:9091/transmission",
            "category": "radarr",
        },
    )
    return DownloadClient.objects.get(name="Seedbox")


def status_of(row):
    return ProviderStatus.objects.get(key=f"downloadclient:{row.pk}")


def test_health_lists_a_saved_client_with_a_test_button(admin_client, row):
    response = admin_client.get(HEALTH)
    assert [s.label for s in response.context["providers"]] == ["Seedbox"]
    assert f"downloadclient:{row.pk}" in response.context["testable"]


def test_test_again_reports_the_clients_problems(admin_client, row):
    ScriptedClient.problems = ["Transmission refused the username or password."]
    url = reverse("system:provider_test", args=[status_of(row).pk])
    html = admin_client.post(url, follow=True).content.decode()
    assert "Seedbox: Transmission refused the username or password." in html


def test_test_again_tests_the_saved_settings(admin_client, row):
    admin_client.post(reverse("system:provider_test", args=[status_of(row).pk]))
    assert ScriptedClient.tested[0].base_url == "http://127.0.0.1:9091/transmission"


def test_test_again_says_when_the_client_works(admin_client, row):
    url = reverse("system:provider_test", args=[status_of(row).pk])
    assert "Seedbox works." in admin_client.post(url, follow=True).content.decode()


def test_test_again_on_a_deleted_client_says_so(admin_client, row):
    status = status_of(row)
    DownloadClient.objects.filter(pk=row.pk).delete()  # behind the settings page's back
    url = reverse("system:provider_test", args=[status.pk])
    html = admin_client.post(url, follow=True).content.decode()
    assert "This download client no longer exists." in html


def test_status_of_an_unsaved_test_run_has_no_test_button(admin_client):
    ProviderStatus.objects.create(key="downloadclient:qbittorrent:test", label="qBittorrent")
    assert admin_client.get(HEALTH).context["testable"] == set()


def test_failing_client_is_a_health_problem(row):
    record_failure(f"downloadclient:{row.pk}", "Seedbox", AuthError("Transmission: 401"))
    assert any(i.source == "Seedbox" and "Transmission: 401" in i.message for i in run_checks())


def test_warns_when_no_download_client_is_enabled(db):
    DownloadClient.objects.create(
        name="Off", kind="qbittorrent", base_url="http://127.0.0.1:8080", enabled=False
    )
    issue = next(i for i in run_checks() if i.source == "Download clients")
    assert issue.level == WARNING
    assert issue.link == reverse("settings:download_clients")


def test_no_warning_once_a_client_is_enabled(row):
    assert not any(i.source == "Download clients" for i in run_checks())


def test_the_downloads_service_tests_a_saved_client_by_id(row):
    from downloads.services import test_client

    ScriptedClient.problems = ["Login refused"]
    try:
        assert test_client(row.pk) == ["Login refused"]
        assert test_client(row.pk + 999) == ["This download client no longer exists."]
    finally:
        ScriptedClient.problems = []
