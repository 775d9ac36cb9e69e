"""Write-only secrets on Settings → Connect and in the admin: the token, key, password and
header values are never sent back to the browser, and a field left empty keeps them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.mediaservers.settings.posted import (
    STORED_HEADER,
    STORED_PASSWORD,
    STORED_TOKEN,
    hook_data,
    media_data,
)

pytestmark = pytest.mark.django_db


def edit_url(row):
    return reverse("settings:connection_edit", args=[row.pk])


def test_edit_page_never_shows_the_stored_token(admin_client, plex):
    html = admin_client.get(edit_url(plex)).content.decode()
    assert STORED_TOKEN not in html
    assert "•••• (set)" in html


def test_edit_page_never_shows_the_stored_password_or_header_value(admin_client, hook):
    html = admin_client.get(edit_url(hook)).content.decode()
    assert STORED_PASSWORD not in html and STORED_HEADER not in html
    assert "X-Api-Key: ••••" in html


def test_a_refused_save_does_not_echo_a_typed_token(admin_client, plex):
    data = media_data(name="", base_url=plex.base_url, api_key="typed-token-4411")
    html = admin_client.post(edit_url(plex), data).content.decode()
    assert "typed-token-4411" not in html and STORED_TOKEN not in html


def test_a_refused_save_does_not_echo_typed_header_values(admin_client, hook):
    data = hook_data(name="", headers_text="X-Api-Key: typed-value-8080")
    html = admin_client.post(edit_url(hook), data).content.decode()
    assert "typed-value-8080" not in html
    assert "X-Api-Key: ••••" in html


def test_list_page_shows_no_secret(admin_client, plex, hook):
    html = admin_client.get(reverse("settings:connections")).content.decode()
    for secret in (STORED_TOKEN, STORED_PASSWORD, STORED_HEADER):
        assert secret not in html


def test_empty_password_keeps_the_stored_one(admin_client, hook):
    data = hook_data(username="radarr", headers_text="X-Api-Key: ••••")
    admin_client.post(edit_url(hook), data)
    hook.refresh_from_db()
    assert hook.password == STORED_PASSWORD


def test_clear_box_empties_the_stored_token_and_then_it_is_required(admin_client, plex):
    data = media_data(base_url=plex.base_url, clear_api_key="on")
    response = admin_client.post(edit_url(plex), data)
    assert response.status_code == 400
    assert "needs its X-Plex-Token" in response.content.decode()
    plex.refresh_from_db()
    assert plex.api_key == STORED_TOKEN


def test_a_masked_header_line_keeps_its_value_and_new_lines_are_added(admin_client, hook):
    data = hook_data(username="radarr", headers_text="X-Api-Key: ••••\nX-Env: home")
    admin_client.post(edit_url(hook), data)
    hook.refresh_from_db()
    assert hook.headers == {"X-Api-Key": STORED_HEADER, "X-Env": "home"}


def test_a_deleted_header_line_drops_the_header(admin_client, hook):
    admin_client.post(edit_url(hook), hook_data(username="radarr", headers_text=""))
    hook.refresh_from_db()
    assert hook.headers == {}


def test_a_typed_header_value_replaces_the_stored_one(admin_client, hook):
    data = hook_data(username="radarr", headers_text="X-Api-Key: new-value")
    admin_client.post(edit_url(hook), data)
    hook.refresh_from_db()
    assert hook.headers == {"X-Api-Key": "new-value"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("X-Api-Key abc", "write it as “Name: value”"),
        ("Bad Name: x", "is not a valid header name"),
        ("Host: evil.example", "is set by the app itself"),
        ("X-A: 1\nx-a: 2", "is given twice"),
        ("X-New: ••••", "no value is stored for X-New"),
        ("X-Empty:", "X-Empty has no value"),
    ],
)
def test_refuses_a_bad_header_line(admin_client, text, message):
    response = admin_client.post(
        reverse("settings:connection_add"), {"kind": "webhook", **hook_data(headers_text=text)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_admin_change_page_shows_no_secret(admin_client, plex, hook):
    for row in (plex, hook):
        url = reverse("admin:mediaservers_connection_change", args=[row.pk])
        html = admin_client.get(url).content.decode()
        for secret in (STORED_TOKEN, STORED_PASSWORD, STORED_HEADER):
            assert secret not in html


def test_admin_list_shows_no_secret(admin_client, plex, hook):
    html = admin_client.get(reverse("admin:mediaservers_connection_changelist")).content.decode()
    assert "Living room Plex" in html
    for secret in (STORED_TOKEN, STORED_PASSWORD, STORED_HEADER):
        assert secret not in html


def test_admin_save_keeps_the_stored_secrets_and_masked_headers(admin_client, hook):
    url = reverse("admin:mediaservers_connection_change", args=[hook.pk])
    data = {
        "kind": "webhook",
        "name": "Renamed hook",
        "enabled": "on",
        "base_url": hook.base_url,
        "username": "radarr",
        "headers_text": "X-Api-Key: ••••",
        "options": '{"method": "POST"}',
        "path_mappings-TOTAL_FORMS": "0",
        "path_mappings-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.name == "Renamed hook" and hook.password == STORED_PASSWORD
    assert hook.headers == {"X-Api-Key": STORED_HEADER}
