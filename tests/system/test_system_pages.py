"""System pages: who may open them, and what Status and Health show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from radarr_site.models import ProviderStatus

pytestmark = pytest.mark.django_db

PAGES = ["system:status", "system:tasks", "system:health", "system:logs"]


@pytest.mark.parametrize("name", PAGES)
def test_system_page_renders_for_an_admin(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_system_page_is_forbidden_to_a_member(member_client, name):
    assert member_client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_system_page_redirects_an_anonymous_visitor_to_sign_in(client, admin_user, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_status_shows_root_folder_free_space_and_sqlite_journal_mode(admin_client, root_folder):
    response = admin_client.get(reverse("system:status"))
    html = response.content.decode()
    assert root_folder.path in html
    assert response.context["database"]["vendor"] in {"sqlite", "postgresql"}
    if response.context["database"]["vendor"] == "sqlite":
        assert response.context["database"]["journal_mode"] == "wal"
    assert response.context["uptime"] >= timedelta(0)


def test_health_shows_an_open_provider_with_its_last_error(admin_client):
    ProviderStatus.objects.create(
        key="tmdb",
        label="TMDB",
        consecutive_failures=3,
        disabled_until=timezone.now() + timedelta(minutes=15),
        last_error="TMDB rejected the API key <b>bad</b>",
        last_error_kind="AuthError",
    )
    html = admin_client.get(reverse("system:health")).content.decode()
    assert '<span class="badge err">open</span>' in html
    assert "TMDB rejected the API key &lt;b&gt;bad&lt;/b&gt;" in html
    assert "<b>bad</b>" not in html


def test_health_links_a_refused_tmdb_key_to_settings_general(admin_client):
    ProviderStatus.objects.create(
        key="tmdb",
        label="TMDB",
        consecutive_failures=3,
        disabled_until=timezone.now() + timedelta(minutes=15),
        last_error="TMDB (api.themoviedb.org) refused our credentials (HTTP 401)",
        last_error_kind="AuthError",
    )
    html = admin_client.get(reverse("system:health")).content.decode()
    assert f'<a href="{reverse("settings:general")}">Open Settings → General</a>' in html


def test_health_lists_a_missing_root_folder_as_an_error(admin_client, root_folder):
    root_folder.accessible = False
    root_folder.save()
    response = admin_client.get(reverse("system:health"))
    issues = response.context["issues"]
    assert any(i.level == "error" and root_folder.path in i.message for i in issues)


def test_check_now_probes_root_folders_and_reports(admin_client, root_folder):
    root_folder.accessible = False
    root_folder.save()
    response = admin_client.post(reverse("system:health_check"), follow=True)
    root_folder.refresh_from_db()
    assert root_folder.accessible is True
    assert "Checked 1 root folder(s)" in response.content.decode()


def test_test_again_with_a_missing_key_reports_the_problem(admin_client, settings):
    settings.TMDB_API_KEY = ""
    status = ProviderStatus.objects.create(key="tmdb", label="TMDB", consecutive_failures=1)
    response = admin_client.post(reverse("system:provider_test", args=[status.pk]), follow=True)
    assert "TMDB: No TMDB API key is set" in response.content.decode()


def test_test_again_is_offered_only_for_testable_providers(admin_client):
    ProviderStatus.objects.create(key="tmdb", label="TMDB")
    other = ProviderStatus.objects.create(key="indexer:9", label="Old indexer")
    html = admin_client.get(reverse("system:health")).content.decode()
    assert "Test again" in html
    assert reverse("system:provider_test", args=[other.pk]) not in html


def test_process_start_time_is_read_from_proc_and_lies_in_the_past():
    import time

    from radarr_site.system.status import _IMPORTED_AT, process_started_at

    started = process_started_at()
    assert started <= _IMPORTED_AT  # the process began before this module was imported
    assert time.time() - started < 24 * 3600
