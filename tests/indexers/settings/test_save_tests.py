"""Settings → Indexers Save runs the Test first (as Radarr does): a working indexer is saved
with its capabilities and its hold-off cleared; a failing one comes back with the problems
and a "Save anyway" button, which saves it with the problems shown on the list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indexers.clients.base import Capabilities, Category
from indexers.models import Indexer
from radarr_site.http.errors import BadResponse
from radarr_site.models import ProviderStatus
from tests.indexers.settings.helpers import KEY, form_data, make_indexer

pytestmark = pytest.mark.django_db

ADD = reverse("settings:indexer_add")
LIST = reverse("settings:indexers")
CAPS = Capabilities(
    movie_params=frozenset({"q", "imdbid"}),
    categories=(Category(2000, "Movies", (Category(2040, "Movies/HD"),)),),
)
LOGIN_PAGE = BadResponse(
    "Tracker (h) answered with an HTML page, not XML (a login page? check the URL and API key)"
)


@pytest.fixture
def fake(fake_indexers):
    feed = fake_indexers("Tracker")
    feed.caps = CAPS
    return feed


def save(client, url=ADD, **fields):
    """Save (a Test first) unless the fields say save_anyway="1"."""
    return client.post(url, form_data("fakeidx", **{"save_anyway": None, **fields}))


def anyway_token(html: str) -> str:
    return re.search(r'name="anyway_token" value="([^"]+)"', html).group(1)


def held(row, **fields):
    defaults = {
        "consecutive_failures": 4,
        "disabled_until": timezone.now() + timedelta(hours=1),
        "first_failure_at": timezone.now() - timedelta(hours=2),
        "last_error": "down",
        "last_error_kind": "Unavailable",
    }
    defaults.update(fields)
    return ProviderStatus.objects.create(key=row.provider_key, label=row.name, **defaults)


def test_save_of_a_working_indexer_stores_its_capabilities(admin_client, fake):
    response = save(admin_client)
    row = Indexer.objects.get(name="Tracker")
    assert response.status_code == 302
    assert Capabilities.from_dict(row.capabilities) == CAPS and row.capabilities_at
    assert ProviderStatus.objects.get(key=row.provider_key).last_success_at is not None


def test_save_of_a_broken_indexer_shows_the_problems_and_saves_nothing(admin_client, fake):
    fake.error = LOGIN_PAGE
    response = save(admin_client)
    html = response.content.decode()
    assert response.status_code == 400 and not Indexer.objects.exists()
    assert "Not saved: the" in html and "A web page (a login page?) came back" in html
    assert 'name="save_anyway" value="1"' in html


def test_save_anyway_saves_it_and_the_list_shows_the_problem(admin_client, fake):
    fake.error = LOGIN_PAGE
    token = anyway_token(save(admin_client).content.decode())
    response = save(admin_client, save_anyway="1", anyway_token=token, api_key="")
    row = Indexer.objects.get(name="Tracker")
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert response.status_code == 302
    assert status.state == ProviderStatus.HALF_OPEN and status.disabled_until is None
    html = admin_client.get(LIST).content.decode()
    assert "failing since" in html and "A web page (a login page?) came back" in html


def test_save_anyway_keeps_the_key_typed_with_the_first_save(admin_client, fake):
    fake.error = LOGIN_PAGE
    html = save(admin_client, api_key="typed-key-31337").content.decode()
    assert "typed-key-31337" not in html
    save(admin_client, save_anyway="1", anyway_token=anyway_token(html), api_key="")
    assert Indexer.objects.get(name="Tracker").api_key == "typed-key-31337"


def test_save_anyway_with_a_forged_token_records_no_problem(admin_client, fake):
    save(admin_client, save_anyway="1", anyway_token="forged")
    row = Indexer.objects.get(name="Tracker")
    assert ProviderStatus.objects.get(key=row.provider_key).last_error == ""


def test_saving_a_fixed_indexer_clears_its_hold(admin_client, fake):
    row = make_indexer("Tracker")
    held(row)
    save(admin_client, reverse("settings:indexer_edit", args=[row.pk]), api_key="")
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.state == ProviderStatus.CLOSED and status.disabled_until is None


def test_saving_a_changed_address_anyway_forgets_the_old_hold(admin_client, fake):
    row = make_indexer("Tracker")
    held(row)
    url = reverse("settings:indexer_edit", args=[row.pk])
    save(admin_client, url, save_anyway="1", base_url="http://10.0.0.7:9117", api_key="")
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.state == ProviderStatus.CLOSED and status.last_error == ""


def test_saving_anyway_unchanged_keeps_the_hold(admin_client, fake):
    row = make_indexer("Tracker", categories=[2000, 2040])
    held(row)
    url = reverse("settings:indexer_edit", args=[row.pk])
    save(admin_client, url, save_anyway="1", api_key="", name="Tracker")
    assert ProviderStatus.objects.get(key=row.provider_key).state == ProviderStatus.OPEN


def test_key_is_never_in_the_save_failed_page(admin_client, fake):
    fake.error = BadResponse(f"Tracker (h) failed at /api?apikey={KEY}")
    html = save(admin_client).content.decode()
    assert KEY not in html


def test_save_that_works_with_a_warning_says_so(admin_client, fake):
    response = admin_client.post(
        ADD, form_data("fakeidx", save_anyway=None, categories="7000"), follow=True
    )
    assert Indexer.objects.filter(name="Tracker").exists()
    assert "Tracker offers none of the categories 7000" in response.content.decode()
