"""The capabilities card on an indexer's edit page: categories listed by id and name (their
subcategories folded), and refreshed in place by a Test that stored new capabilities."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indexers.clients.base import Capabilities, Category
from tests.indexers.settings.helpers import form_data, make_indexer

pytestmark = pytest.mark.django_db

CAPS = Capabilities(
    movie_params=frozenset({"q", "imdbid"}),
    categories=(
        Category(2000, "Movies", (Category(2040, "Movies/HD"), Category(2045, "Movies/UHD"))),
        Category(8000, "Other"),
    ),
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def fake(fake_indexers):
    feed = fake_indexers("Tracker")
    feed.caps = CAPS
    return feed


def test_card_lists_categories_with_subcategories_folded(admin_client, fake):
    row = make_indexer("Tracker", capabilities=CAPS.as_dict())
    html = admin_client.get(reverse("settings:indexer_edit", args=[row.pk])).content.decode()
    assert "<summary>2000 Movies" in html and "(2 subcategories)" in html
    assert "<li>2040 Movies/HD</li>" in html and "8000 Other" in html


def test_a_test_of_the_saved_indexer_swaps_in_the_fresh_card(admin_client, fake):
    row = make_indexer("Tracker", categories=[2000])
    data = form_data("fakeidx", pk=row.pk, api_key="", categories="2000")
    html = admin_client.post(reverse("settings:indexer_test"), data, **HTMX).content.decode()
    assert 'id="indexer-capabilities" hx-swap-oob="true"' in html
    assert "<summary>2000 Movies" in html and "Not fetched yet" not in html


def test_a_test_of_changed_settings_leaves_the_card_alone(admin_client, fake):
    row = make_indexer("Tracker", categories=[2000])
    data = form_data("fakeidx", pk=row.pk, api_key="", base_url="http://10.0.0.7:1")
    html = admin_client.post(reverse("settings:indexer_test"), data, **HTMX).content.decode()
    assert "hx-swap-oob" not in html
