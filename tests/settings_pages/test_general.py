"""Settings → General: the write-only TMDB key, language, batch size and the Test button."""

from __future__ import annotations

import pytest
import responses
from django.urls import reverse

from radarr_site.models import ProviderStatus, SiteSettings

pytestmark = pytest.mark.django_db

URL = reverse("settings:general")
STORED = "stored-secret-key-1234567890"


def save(client, **fields):
    data = {"tmdb_api_key": "", "tmdb_language": "en-US", "metadata_refresh_batch": 50}
    data.update(fields)
    return client.post(URL, data)


@pytest.fixture
def stored_key(db):
    site = SiteSettings.load()
    site.tmdb_api_key = STORED
    site.save()
    return site


def test_stored_key_never_appears_in_the_page(admin_client, stored_key):
    html = admin_client.get(URL).content.decode()
    assert STORED not in html
    assert 'placeholder="•••• (set)"' in html


def test_stored_key_is_not_echoed_after_a_failed_save(admin_client, stored_key):
    response = save(admin_client, tmdb_language="not a language")
    assert response.status_code == 200
    assert "tmdb_language" in response.context["form"].errors
    assert STORED not in response.content.decode()


def test_typed_key_is_not_echoed_after_a_failed_save(admin_client):
    response = save(admin_client, tmdb_api_key="typed-secret", metadata_refresh_batch=0)
    assert "metadata_refresh_batch" in response.context["form"].errors
    assert "typed-secret" not in response.content.decode()


def test_empty_key_field_keeps_the_stored_key(admin_client, stored_key):
    save(admin_client, tmdb_language="fr-FR", metadata_refresh_batch=20)
    site = SiteSettings.load()
    assert (site.tmdb_api_key, site.tmdb_language, site.metadata_refresh_batch) == (
        STORED,
        "fr-FR",
        20,
    )


def test_a_new_key_replaces_the_stored_one(admin_client, stored_key):
    save(admin_client, tmdb_api_key="  new-key  ")
    assert SiteSettings.load().tmdb_api_key == "new-key"


def test_clear_removes_the_stored_key(admin_client, stored_key):
    save(admin_client, clear_tmdb_api_key="on")
    assert SiteSettings.load().tmdb_api_key == ""


def test_rejects_a_key_with_spaces_inside(admin_client, stored_key):
    response = save(admin_client, tmdb_api_key="two words")
    assert response.context["form"].errors["tmdb_api_key"] == ["The key must not contain spaces."]
    assert SiteSettings.load().tmdb_api_key == STORED


def test_shows_that_the_key_comes_from_the_environment(admin_client, settings):
    settings.TMDB_API_KEY = "env-key"
    html = admin_client.get(URL).content.decode()
    assert "comes from the TMDB_API_KEY environment variable" in html
    assert "env-key" not in html


def test_shows_that_the_key_comes_from_the_settings_page(admin_client, stored_key):
    assert "the one saved on this page" in admin_client.get(URL).content.decode()


def test_shows_that_no_key_is_set(admin_client, settings):
    settings.TMDB_API_KEY = ""
    assert "No key is set." in admin_client.get(URL).content.decode()


TEST_URL = reverse("settings:general_test")


@responses.activate
def test_test_button_reports_success(admin_client, settings, stored_key):
    responses.get(
        f"{settings.TMDB_BASE_URL}/configuration",
        json={"images": {"secure_base_url": "https://image.tmdb.org/t/p/", "poster_sizes": []}},
    )
    response = admin_client.post(TEST_URL, HTTP_HX_REQUEST="true")
    assert "TMDB works with the saved settings." in response.content.decode()
    assert STORED in responses.calls[0].request.url  # the saved key, not the environment's


@responses.activate
def test_test_button_shows_tmdbs_reason_for_a_bad_key(admin_client, settings, stored_key):
    responses.get(
        f"{settings.TMDB_BASE_URL}/configuration",
        status=401,
        json={
            "status_code": 7,
            "status_message": "Invalid API key: You must be granted a valid key.",
            "success": False,
        },
    )
    html = admin_client.post(TEST_URL, HTTP_HX_REQUEST="true").content.decode()
    assert "TMDB test failed" in html
    assert "Invalid API key" in html
    assert ProviderStatus.objects.get(key="tmdb").consecutive_failures == 1


def test_test_button_says_when_no_key_is_set(admin_client, settings):
    settings.TMDB_API_KEY = ""
    html = admin_client.post(TEST_URL, HTTP_HX_REQUEST="true").content.decode()
    assert "No TMDB API key is set" in html


def test_test_button_is_forbidden_to_a_member(member_client):
    assert member_client.post(TEST_URL).status_code == 403
