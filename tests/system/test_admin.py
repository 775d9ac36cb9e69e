"""Django admin for system state: the TMDB key stays write-only, provider status read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from radarr_site.models import ProviderStatus, SiteSettings

pytestmark = pytest.mark.django_db

SECRET = "admin-secret-key-0987654321"


@pytest.fixture
def site():
    site = SiteSettings.load()
    site.tmdb_api_key = SECRET
    site.save()
    return site


def change_url(site):
    return reverse("admin:radarr_site_sitesettings_change", args=[site.pk])


def test_admin_form_never_shows_the_stored_key(admin_client, site):
    html = admin_client.get(change_url(site)).content.decode()
    assert SECRET not in html
    assert "•••• (set)" in html


def test_admin_form_keeps_the_key_when_left_empty(admin_client, site):
    data = {"tmdb_api_key": "", "tmdb_language": "de-DE", "metadata_refresh_batch": 10}
    assert admin_client.post(change_url(site), data).status_code == 302
    site.refresh_from_db()
    assert (site.tmdb_api_key, site.tmdb_language) == (SECRET, "de-DE")


def test_admin_form_clears_the_key_on_request(admin_client, site):
    data = {
        "tmdb_api_key": "",
        "clear_tmdb_api_key": "on",
        "tmdb_language": "en-US",
        "metadata_refresh_batch": 50,
    }
    admin_client.post(change_url(site), data)
    site.refresh_from_db()
    assert site.tmdb_api_key == ""


def test_provider_status_list_shows_state_and_cannot_be_edited(admin_client):
    status = ProviderStatus.objects.create(key="tmdb", label="TMDB", consecutive_failures=2)
    html = admin_client.get(reverse("admin:radarr_site_providerstatus_changelist")).content.decode()
    assert "half-open" in html
    url = reverse("admin:radarr_site_providerstatus_change", args=[status.pk])
    data = {"key": "tmdb", "label": "Hacked", "consecutive_failures": 0}
    admin_client.post(url, data)
    status.refresh_from_db()
    assert status.label == "TMDB"


def test_task_progress_list_renders(admin_client):
    url = reverse("admin:radarr_site_taskprogress_changelist")
    assert admin_client.get(url).status_code == 200


def test_admin_form_strips_whitespace_around_a_new_key(admin_client, site):
    data = {"tmdb_api_key": "  fresh-key  ", "tmdb_language": "en-US", "metadata_refresh_batch": 50}
    admin_client.post(change_url(site), data)
    site.refresh_from_db()
    assert site.tmdb_api_key == "fresh-key"


def test_admin_form_rejects_a_key_with_spaces_inside(admin_client, site):
    data = {"tmdb_api_key": "two words", "tmdb_language": "en-US", "metadata_refresh_batch": 50}
    response = admin_client.post(change_url(site), data)
    assert response.context["adminform"].form.errors["tmdb_api_key"] == [
        "The key must not contain spaces."
    ]
    site.refresh_from_db()
    assert site.tmdb_api_key == SECRET
