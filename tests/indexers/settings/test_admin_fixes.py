"""Indexers admin: a short State column read with the page's rows (no query per row),
categories typed as a comma list, capabilities shown readably, one error per field, and a
save that changes the address forgetting the old hold-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indexers.clients.base import Capabilities, Category
from radarr_site.models import ProviderStatus
from tests.indexers.settings.helpers import make_indexer
from tests.indexers.settings.test_admin import change_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_indexers")]

CHANGELIST = reverse("admin:indexers_indexer_changelist")


def hold(row, hours=1):
    return ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=3,
        disabled_until=timezone.now() + timedelta(hours=hours),
        first_failure_at=timezone.now(),
        last_error="Tracker did not answer in time",
    )


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST).status_code == 200
    return len(queries)


def test_state_column_does_not_query_per_row(admin_client):
    hold(make_indexer("One"))
    one = changelist_queries(admin_client)
    for name in ("Two", "Three", "Four", "Five"):
        hold(make_indexer(name))
    assert changelist_queries(admin_client) == one


def test_state_column_is_short_with_the_full_state_on_hover(admin_client):
    status = hold(make_indexer("Tracker"))
    html = admin_client.get(CHANGELIST).content.decode()
    until = timezone.localtime(status.disabled_until)
    assert f">held off to {until:%H:%M}</span>" in html
    assert "Tracker did not answer in time" in html  # in the title


def test_categories_are_edited_as_a_comma_list(admin_client):
    row = make_indexer("Tracker", kind="torznab", categories=[2000, 2040])
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    form = admin_client.get(url).context["adminform"].form
    assert form.initial["categories"] == "2000, 2040"
    assert admin_client.post(url, change_data(row, categories="2000, 2045")).status_code == 302
    row.refresh_from_db()
    assert row.categories == [2000, 2045]


def test_capabilities_are_shown_readably(admin_client):
    caps = Capabilities(
        movie_params=frozenset({"q", "imdbid"}),
        categories=(Category(2000, "Movies", (Category(2040, "Movies/HD"),)),),
    )
    row = make_indexer("Tracker", capabilities=caps.as_dict())
    html = admin_client.get(reverse("admin:indexers_indexer_change", args=[row.pk])).content
    html = html.decode()
    assert "Categories: 2000 Movies (2040 Movies/HD)" in html
    assert "movie_params" not in html


def test_an_empty_url_is_one_error(admin_client):
    row = make_indexer("Tracker", kind="torznab")
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    response = admin_client.post(url, change_data(row, base_url=""))
    assert len(response.context["adminform"].form.errors["base_url"]) == 1


def test_saving_a_changed_address_forgets_the_hold(admin_client):
    row = make_indexer("Tracker", kind="torznab")
    hold(row)
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    admin_client.post(url, change_data(row, base_url="http://10.0.0.7:9117"))
    assert ProviderStatus.objects.get(key=row.provider_key).state == ProviderStatus.CLOSED


def test_saving_only_a_new_name_keeps_the_hold(admin_client):
    row = make_indexer("Tracker", kind="torznab")
    hold(row)
    url = reverse("admin:indexers_indexer_change", args=[row.pk])
    admin_client.post(url, change_data(row, name="Renamed"))
    assert ProviderStatus.objects.get(key=row.provider_key).state == ProviderStatus.OPEN
