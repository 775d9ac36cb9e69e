"""Settings → Indexers against the fake Prowlarr and HDBits: the Test button's sentences
for each, and a Prowlarr's indexers imported from its edit page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indexers.models import Indexer
from tests.indexers.settings.helpers import form_data
from tests.servers.hdbits import hdbits_server
from tests.servers.prowlarr import prowlarr_server

pytestmark = pytest.mark.django_db

ADD = reverse("settings:indexer_add")
TEST = reverse("settings:indexer_test")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def prowlarr():
    with prowlarr_server() as server:
        yield server


@pytest.fixture
def hdbits():
    with hdbits_server() as server:
        yield server


def prowlarr_form(server, **fields):
    values = {"base_url": server.base_url, "api_key": server.api_key, "requests_per_minute": 0}
    return form_data("prowlarr", **{**values, **fields})


def hdbits_form(server, **fields):
    values = {
        "base_url": server.base_url,
        "username": server.username,
        "api_key": server.passkey,
        "requests_per_minute": 0,
    }
    return form_data("hdbits", **{**values, **fields})


def test_prowlarr_test_connects(admin_client, prowlarr):
    html = admin_client.post(TEST, prowlarr_form(prowlarr), **HTMX).content.decode()
    assert "Connected" in html and "test failed" not in html


def test_prowlarr_wrong_key_says_so(admin_client, prowlarr):
    data = prowlarr_form(prowlarr, api_key="not-the-key")
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "Wrong API key" in html and "not-the-key" not in html


def test_hdbits_test_connects(admin_client, hdbits):
    html = admin_client.post(TEST, hdbits_form(hdbits), **HTMX).content.decode()
    assert "Connected" in html and "test failed" not in html


def test_hdbits_wrong_passkey_says_so(admin_client, hdbits):
    html = admin_client.post(TEST, hdbits_form(hdbits, api_key="f" * 32), **HTMX).content.decode()
    assert "Wrong user name or passkey" in html and "f" * 32 not in html


def test_prowlarr_import_creates_indexers_from_the_edit_page(admin_client, prowlarr):
    admin_client.post(ADD, prowlarr_form(prowlarr, name="Prowl"))
    row = Indexer.objects.get(name="Prowl")
    url = reverse("settings:indexer_import_prowlarr", args=[row.pk])
    html = admin_client.post(url, follow=True).content.decode()
    created = Indexer.objects.exclude(pk=row.pk)
    assert created.exists()
    assert "Imported from Prowlarr:" in html
    assert all(indexer.name in html for indexer in created)
