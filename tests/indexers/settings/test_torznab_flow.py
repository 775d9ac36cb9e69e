"""Settings → Indexers against the fake Torznab server: a Torznab and a Jackett indexer
added through the form, tested with the button (each failure the server can play), and
their capabilities stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from indexers.clients.base import Capabilities
from indexers.models import Indexer
from radarr_site.models import ProviderStatus
from tests.fakes import free_port
from tests.indexers.settings.helpers import form_data
from tests.servers.torznab import API_KEY, TorznabServer, torznab_server

pytestmark = pytest.mark.django_db

ADD = reverse("settings:indexer_add")
TEST = reverse("settings:indexer_test")
HTMX = {"HTTP_HX_REQUEST": "true"}
MATRIX = {"title": "The.Matrix.1999.1080p.BluRay.x264-GRP", "imdb": "0133093", "size": 2**30}


@pytest.fixture(scope="module")
def server() -> Iterator[TorznabServer]:
    with torznab_server() as running:
        yield running


@pytest.fixture
def torznab(server: TorznabServer) -> Iterator[TorznabServer]:
    server.reset()
    yield server
    server.reset()


def torznab_form(server, slug="tl", **fields):
    values = {
        "base_url": server.url_for(slug),
        "api_key": API_KEY,
        "categories": "2000, 2040",
        "requests_per_minute": 0,  # no pause between the Test's requests
    }
    return form_data("torznab", **{**values, **fields})


def test_add_then_test_a_torznab_indexer(admin_client, torznab):
    torznab.add("tl", items=[MATRIX])
    admin_client.post(ADD, torznab_form(torznab))
    row = Indexer.objects.get()
    data = {**torznab_form(torznab), "pk": row.pk, "api_key": ""}
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "Connected:" in html and "movie search by imdbid, tmdbid" in html
    row.refresh_from_db()
    caps = Capabilities.from_dict(row.capabilities)
    assert caps.supports("imdbid") and 2040 in caps.category_ids()
    assert ProviderStatus.objects.get(key=row.provider_key).last_success_at is not None


def test_wrong_key_says_so(admin_client, torznab):
    torznab.add("tl", items=[MATRIX])
    html = admin_client.post(TEST, torznab_form(torznab, api_key="wrong-key"), **HTMX)
    text = html.content.decode()
    assert "Wrong API key" in text and "wrong-key" not in text


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        ("html", "a login page?"),
        ("429", "Retry after 60 s."),
        ("malformed", "Unusable answer"),
        ("xxe", "Unusable answer"),
    ],
)
def test_each_failure_of_the_server_reads_as_a_sentence(admin_client, torznab, failure, words):
    torznab.add("tl", items=[MATRIX], failure=failure)
    html = admin_client.post(TEST, torznab_form(torznab), **HTMX).content.decode()
    assert "test failed:" in html and words in html
    assert API_KEY not in html


def test_refused_connection_says_unreachable(admin_client):
    data = form_data("torznab", base_url=f"http://127.0.0.1:{free_port()}", api_key=API_KEY)
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "Unreachable:" in html


def test_categories_the_indexer_lacks_are_a_note(admin_client, torznab):
    torznab.add("tl", items=[MATRIX])
    data = torznab_form(torznab, categories="2000, 2040, 7020")
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "Connected:" in html and "Not offered by Tracker: categories 7020" in html
    assert "⚠" not in html


def test_jackett_indexer_is_tested_through_its_own_path(admin_client, torznab):
    torznab.add("yts", items=[MATRIX])
    data = form_data(
        "jackett", base_url=torznab.base_url, api_key=API_KEY, indexer="yts", requests_per_minute=0
    )
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "Connected:" in html
    assert torznab.count("yts") >= 1
