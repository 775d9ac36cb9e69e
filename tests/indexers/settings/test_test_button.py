"""Settings → Indexers: the Test button on the form as typed (saved or not), refreshing
capabilities, and importing a Prowlarr's indexers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from indexers import services
from indexers.clients.base import Capabilities, Category
from indexers.models import Indexer
from radarr_site.http.errors import AuthError, BadResponse, RateLimited, Unavailable
from radarr_site.models import ProviderStatus
from tests.indexers.settings.helpers import KEY, form_data, make_indexer

pytestmark = pytest.mark.django_db

TEST = reverse("settings:indexer_test")
HTMX = {"HTTP_HX_REQUEST": "true"}
CAPS = Capabilities(
    movie_params=frozenset({"q", "imdbid", "tmdbid"}),
    categories=(Category(2000, "Movies", (Category(2040, "Movies/HD"),)),),
)


@pytest.fixture
def fake(fake_indexers):
    feed = fake_indexers("Tracker")
    feed.caps = CAPS
    return feed


def run_test(client, **fields):
    data = form_data("fakeidx", **fields)
    return client.post(TEST, data, **HTMX).content.decode()


def test_members_cannot_test(member_client, fake):
    assert member_client.post(TEST, form_data("fakeidx"), **HTMX).status_code == 403


def test_test_of_a_working_indexer_says_what_it_offers(admin_client, fake):
    html = run_test(admin_client)
    assert "Connected: 2 categories, movie search by imdbid, tmdbid." in html


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (AuthError("Tracker (h) refused our credentials (HTTP 401)"), "Wrong API key"),
        (
            Unavailable("Tracker (h) is unreachable (connection refused or failed)"),
            "Unreachable:",
        ),
        (Unavailable("Tracker (h) did not answer in time"), "Timed out:"),
        (BadResponse("Tracker (h) sent an HTML page instead of XML"), "a login page?"),
        (
            RateLimited("Tracker (h) is rate limiting us (HTTP 429)", retry_after=60),
            "Retry after 60 s.",
        ),
    ],
)
def test_test_shows_each_failure_as_a_sentence(admin_client, fake, error, words):
    fake.error = error
    html = run_test(admin_client)
    assert "test failed:" in html and words in html


def test_test_shows_categories_not_offered_as_a_muted_note(admin_client, fake):
    html = run_test(admin_client, categories="2000, 7000")
    assert "Connected" in html
    assert '<p class="muted" role="status">Not offered by Tracker: categories 7000' in html


def test_test_warns_when_no_category_is_offered(admin_client, fake):
    html = run_test(admin_client, categories="7000")
    assert "⚠ Tracker offers none of the categories 7000" in html


def test_test_of_unsaved_values_saves_nothing(admin_client, fake):
    run_test(admin_client)
    assert not Indexer.objects.exists() and not ProviderStatus.objects.exists()


def test_test_refuses_bad_connection_fields_without_calling(admin_client, fake):
    html = run_test(admin_client, base_url="nonsense")
    assert "URL: Give the full address" in html
    assert "Connected" not in html


def test_test_still_runs_when_only_the_name_is_taken(admin_client, fake):
    make_indexer("Tracker")
    html = run_test(admin_client)
    assert "Connected" in html and "Not saved as it is" in html


def test_test_uses_the_stored_key_when_the_field_is_left_empty(admin_client, fake, monkeypatch):
    row = make_indexer("Tracker")
    seen = []
    monkeypatch.setattr(
        "tests.fakes.indexer.FakeIndexer.test", lambda self: seen.append(self.config.api_key)
    )
    admin_client.post(TEST, form_data("fakeidx", pk=row.pk, api_key=""), **HTMX)
    assert seen == [KEY]


def test_test_of_a_saved_indexer_as_stored_keeps_its_capabilities(admin_client, fake):
    row = make_indexer("Tracker", categories=[2000, 2040])
    admin_client.post(TEST, form_data("fakeidx", pk=row.pk, api_key=""), **HTMX)
    row.refresh_from_db()
    assert Capabilities.from_dict(row.capabilities) == CAPS
    assert ProviderStatus.objects.get(key=row.provider_key).last_success_at is not None


def test_test_of_a_saved_hdbits_with_no_codecs_ticked_counts_as_unchanged(
    admin_client, fake, monkeypatch
):
    from indexers import clients

    hdbits = ("HDBits", "torrent", "tests.fakes.indexer.FakeIndexer")
    monkeypatch.setitem(clients.KINDS, "hdbits", hdbits)
    row = make_indexer(
        "Tracker", kind="hdbits", username="neo", base_url="https://hdbits.org", categories=[2000]
    )
    data = form_data(
        "hdbits", pk=row.pk, api_key="", username="neo", categories="2000", base_url=row.base_url
    )
    admin_client.post(TEST, data, **HTMX)
    row.refresh_from_db()
    assert row.capabilities_at is not None


def test_test_of_changed_address_does_not_touch_the_saved_indexer(admin_client, fake):
    row = make_indexer("Tracker", categories=[2000, 2040])
    data = form_data("fakeidx", pk=row.pk, api_key="", base_url="http://10.0.0.9:9117")
    admin_client.post(TEST, data, **HTMX)
    row.refresh_from_db()
    assert row.capabilities == {} and row.base_url == "http://127.0.0.1:9117"


def test_test_without_javascript_returns_the_page_with_the_result(admin_client, fake):
    fake.error = AuthError("Tracker (h) refused our credentials (HTTP 401)")
    response = admin_client.post(TEST, form_data("fakeidx"))
    html = response.content.decode()
    assert 'id="indexer-form"' in html and "Wrong API key" in html


def test_test_result_never_contains_the_key(admin_client, fake):
    fake.error = Unavailable(f"failed at http://h/api?t=caps&apikey={KEY}")
    row = make_indexer("Tracker")
    html = admin_client.post(TEST, form_data("fakeidx", pk=row.pk, api_key=""), **HTMX)
    assert KEY not in html.content.decode()


def test_test_without_a_kind_asks_for_one(admin_client):
    html = admin_client.post(TEST, {"name": "x"}, **HTMX).content.decode()
    assert "Choose a kind of indexer first." in html


def test_refresh_capabilities_stores_them_and_says_so(admin_client, fake):
    row = make_indexer("Tracker")
    url = reverse("settings:indexer_caps", args=[row.pk])
    response = admin_client.post(url, follow=True)
    row.refresh_from_db()
    assert Capabilities.from_dict(row.capabilities) == CAPS
    assert (
        "Capabilities refreshed: 2 categories, search by imdb, tmdb." in response.content.decode()
    )


def test_refresh_capabilities_failure_is_shown(admin_client, fake):
    fake.error = Unavailable("Tracker (h) did not answer in time")
    row = make_indexer("Tracker")
    url = reverse("settings:indexer_caps", args=[row.pk])
    html = admin_client.post(url, follow=True).content.decode()
    assert "Capabilities not refreshed: Tracker (h) did not answer in time" in html


def prowlarr(monkeypatch, outcome):
    row = make_indexer("Prowl", kind="prowlarr", base_url="http://localhost:9696")

    def fake_import(indexer):
        assert indexer.pk == row.pk
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(services, "import_from_prowlarr", fake_import, raising=False)
    return reverse("settings:indexer_import_prowlarr", args=[row.pk])


def test_prowlarr_import_lists_created_and_skipped_names(admin_client, monkeypatch):
    # The shape of indexers.prowlarr_import.ImportResult.
    result = SimpleNamespace(created=["Nyaa"], skipped=[("1337x", "already exists")])
    url = prowlarr(monkeypatch, result)
    Indexer.objects.create(name="Nyaa", kind="torznab", base_url="http://localhost:9696/3")
    html = admin_client.post(url, follow=True).content.decode()
    assert "Imported from Prowlarr: Nyaa." in html
    assert "Skipped: 1337x (already exists)." in html
    assert ProviderStatus.objects.filter(label="Nyaa").exists()


def test_prowlarr_import_error_is_shown_plainly(admin_client, monkeypatch):
    url = prowlarr(monkeypatch, AuthError(f"Prowlarr refused the key {KEY} (HTTP 401)"))
    html = admin_client.post(url, follow=True).content.decode()
    assert "Import from Prowlarr failed: Prowlarr refused the key (hidden) (HTTP 401)" in html


def test_prowlarr_import_only_for_prowlarr_indexers(admin_client, fake):
    row = make_indexer("Tracker")
    url = reverse("settings:indexer_import_prowlarr", args=[row.pk])
    assert admin_client.post(url).status_code == 404
