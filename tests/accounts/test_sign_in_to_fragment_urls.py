"""After an expired session, sign-in never lands the user on a bare HTMX fragment."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = {"username": "alice", "password": "correct-horse-battery"}


def _sign_in_and_follow(client, url: str):
    sign_in = client.get(url)["Location"]
    return client.post(sign_in, PASSWORD, follow=True)


def test_signing_in_with_the_add_search_fragment_as_next_lands_on_the_add_page(client, admin_user):
    response = _sign_in_and_follow(client, reverse("movies:add_search") + "?q=matrix")
    final_url, _ = response.redirect_chain[-1]
    assert final_url == reverse("movies:add") + "?q=matrix"
    assert response.templates[0].name == "movies/add.html"


def test_signing_in_with_the_tasks_table_fragment_as_next_lands_on_the_tasks_page(
    client, admin_user
):
    response = _sign_in_and_follow(client, reverse("system:tasks_table"))
    assert response.redirect_chain[-1][0] == reverse("system:tasks")
    assert response.templates[0].name == "system/tasks.html"


def test_an_expired_tasks_table_poll_signs_in_back_to_the_page_it_sits_on(client, admin_user):
    response = client.get(
        reverse("system:tasks_table"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/system/tasks/"},
    )
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == ["/system/tasks/"]
