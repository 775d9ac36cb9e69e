"""403, 404 and 500 are the site's own pages, not Django's bare ones."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_403_page_keeps_the_nav_and_links_to_the_library(member_client):
    response = member_client.get(reverse("accounts:users"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Your account may not open this page" in body
    assert 'class="mainnav"' in body and "bob" in body
    assert 'href="/">Back to the library' in body


def test_404_page_keeps_the_nav_and_names_the_missing_address(member_client):
    response = member_client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing at /no-such-page/" in body
    assert 'class="mainnav"' in body
    assert 'href="/">Back to the library' in body


def test_404_page_for_a_visitor_shows_no_nav(client, admin_user):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="mainnav"' not in response.content.decode()


def test_500_page_renders_without_context_processors_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body and "Radarr Site" in body
    assert 'href="/">Back to the library' in body
