"""Every settings page: admins only, members get 403, anonymous visitors sign in first."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["settings:root_folders", "settings:profiles", "settings:tags", "settings:general"]


@pytest.mark.parametrize("name", PAGES)
def test_settings_page_renders_for_an_admin(admin_client, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    assert 'aria-label="Settings"' in response.content.decode()


@pytest.mark.parametrize("name", [*PAGES, "settings:index"])
def test_settings_page_is_forbidden_to_a_member(member_client, name):
    assert member_client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_settings_page_redirects_an_anonymous_visitor_to_sign_in(client, admin_user, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_settings_index_leads_to_root_folders(admin_client):
    response = admin_client.get(reverse("settings:index"))
    assert response["Location"] == reverse("settings:root_folders")


def test_a_member_cannot_add_a_root_folder(member_client, tmp_path):
    response = member_client.post(reverse("settings:root_folder_add"), {"path": str(tmp_path)})
    assert response.status_code == 403
