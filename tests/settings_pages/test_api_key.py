"""Settings → General: the API key section and its Regenerate button (admins only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from radarr_site.api.keys import current_api_key
from radarr_site.models import SiteSettings

pytestmark = pytest.mark.django_db

PAGE = reverse("settings:general")
REGENERATE = reverse("settings:api_key_regenerate")


def test_general_page_shows_the_api_key_in_a_read_only_field(admin_client):
    key = current_api_key()
    html = admin_client.get(PAGE).content.decode()
    assert f'id="api-key" value="{key}" readonly' in html


def test_general_page_says_where_tools_put_the_key(admin_client):
    html = admin_client.get(PAGE).content.decode()
    assert "Settings → Services → Radarr" in html
    assert "Settings → Apps" in html
    assert "http://testserver/api/v3/" in html


def test_regenerate_button_asks_for_confirmation(admin_client):
    html = admin_client.get(PAGE).content.decode()
    assert f'action="{REGENERATE}"' in html
    assert "return confirm(" in html


def test_regenerate_replaces_the_key_and_the_old_one_stops_working(admin_client, client):
    old = current_api_key()
    response = admin_client.post(REGENERATE)
    assert response.status_code == 302
    new = current_api_key()
    assert new != old and len(new) == 32
    assert client.get("/api/v3/tag", HTTP_X_API_KEY=old).status_code == 401
    assert client.get("/api/v3/tag", HTTP_X_API_KEY=new).status_code == 200


def test_regenerate_shows_the_new_key_after_redirect(admin_client):
    response = admin_client.post(REGENERATE, follow=True)
    assert current_api_key() in response.content.decode()
    assert "A new API key was made" in response.content.decode()


def test_regenerate_refuses_get(admin_client):
    old = current_api_key()
    assert admin_client.get(REGENERATE).status_code == 405
    assert current_api_key() == old


def test_member_cannot_regenerate_the_key(member_client):
    old = current_api_key()
    assert member_client.post(REGENERATE).status_code == 403
    assert current_api_key() == old


def test_member_cannot_see_the_general_page_with_the_key(member_client):
    key = current_api_key()
    response = member_client.get(PAGE)
    assert response.status_code == 403
    assert key not in response.content.decode()


def test_saving_general_settings_on_a_fresh_install_keeps_the_key_it_showed(admin_client):
    SiteSettings.objects.update(api_key="")
    admin_client.post(
        PAGE, {"tmdb_api_key": "", "tmdb_language": "en-US", "metadata_refresh_batch": 50}
    )
    shown = SiteSettings.load().api_key
    assert shown
    assert current_api_key() == shown
