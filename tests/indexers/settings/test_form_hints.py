"""Settings → Indexers add form: each kind's URL field says what address it wants, and
HDBits' categories field lists HDBits' own category ids."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADD = reverse("settings:indexer_add")


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        ("torznab", "The indexer's API URL without /api, e.g. https://indexer.example"),
        ("newznab", "The indexer's API URL without /api, e.g. https://indexer.example"),
        ("jackett", "e.g. http://localhost:9117"),
        ("prowlarr", "e.g. http://localhost:9696"),
        ("hdbits", "https://hdbits.org"),
    ],
)
def test_url_field_says_which_address_each_kind_wants(admin_client, kind, hint):
    form = admin_client.get(ADD, {"kind": kind}).context["form"]
    html = str(form["base_url"].help_text)
    assert hint in html


def test_hdbits_categories_help_lists_its_own_ids(admin_client):
    form = admin_client.get(ADD, {"kind": "hdbits"}).context["form"]
    help_text = form["categories"].help_text
    assert "1 Movie" in help_text and "3 Documentary" in help_text
    assert "2000" not in help_text


def test_torznab_categories_help_keeps_newznab_ids(admin_client):
    form = admin_client.get(ADD, {"kind": "torznab"}).context["form"]
    assert "2000" in form["categories"].help_text
