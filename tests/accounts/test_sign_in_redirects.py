"""Where an anonymous visitor is sent, and that they come back to the same page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_expired_session_in_an_htmx_request_redirects_the_whole_page(client, admin_user):
    response = client.get(
        "/system/status/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/?view=table&page=2"},
    )
    assert response.status_code == 200
    assert "Location" not in response
    target = urlsplit(response["HX-Redirect"])
    assert target.path == reverse("accounts:sign_in")
    assert parse_qs(target.query)["next"] == ["/?view=table&page=2"]


def test_htmx_redirect_without_current_url_comes_back_to_the_request_path(client, admin_user):
    response = client.get("/system/status/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == ["/system/status/"]


def test_htmx_redirect_ignores_a_current_url_from_another_site(client, admin_user):
    response = client.get(
        "/system/status/",
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/steal"},
    )
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == ["/system/status/"]


def test_next_keeps_the_whole_query_string(client, admin_user):
    response = client.get("/?view=table&page=2")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("accounts:sign_in")
    assert parse_qs(target.query) == {"next": ["/?view=table&page=2"]}


def test_signing_in_returns_to_the_page_with_its_full_query_string(client, admin_user):
    sign_in = client.get("/?view=table&page=2")["Location"]
    response = client.post(sign_in, {"username": "alice", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == "/?view=table&page=2"


def test_sign_in_form_carries_next_in_a_hidden_field(client, admin_user):
    page = client.get(client.get("/?view=table&page=2")["Location"])
    response = client.post(
        reverse("accounts:sign_in"),
        {
            "username": "alice",
            "password": "correct-horse-battery",
            "next": page.context["next"],
        },
    )
    assert response["Location"] == "/?view=table&page=2"
