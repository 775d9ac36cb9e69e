"""Settings → Indexers options: edit the indexer options singleton (admins only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indexers.models import IndexerOptions

pytestmark = pytest.mark.django_db

URL = reverse("settings:indexer_options")


def save(client, **fields):
    data = {
        "minimum_age_minutes": 0,
        "retention_days": 0,
        "maximum_size_mb": 0,
        "propers_and_repacks": "prefer",
        "preferred_protocol": "usenet",
        "rss_sync_interval_minutes": 60,
    }
    data.update(fields)
    return client.post(URL, data)


def test_page_shows_the_current_options_with_help(admin_client):
    options = IndexerOptions.load()
    options.retention_days = 3000
    options.save()
    html = admin_client.get(URL).content.decode()
    assert 'name="retention_days"' in html and 'value="3000"' in html
    assert "skip posts older than this" in html


def test_page_is_forbidden_to_a_member(member_client):
    assert member_client.get(URL).status_code == 403
    assert save(member_client, retention_days=5).status_code == 403
    assert IndexerOptions.load().retention_days == 0


def test_settings_subnav_leads_to_the_indexers_whose_page_links_to_the_options(admin_client):
    html = admin_client.get(reverse("settings:general")).content.decode()
    assert f'href="{reverse("settings:indexers")}"' in html
    assert f'href="{URL}"' in admin_client.get(reverse("settings:indexers")).content.decode()


def test_saving_stores_every_option(admin_client):
    response = save(
        admin_client,
        minimum_age_minutes=30,
        retention_days=1500,
        maximum_size_mb=40000,
        propers_and_repacks="do_not_prefer",
        preferred_protocol="torrent",
        rss_sync_interval_minutes=15,
    )
    assert response.status_code == 302 and response.url == URL
    options = IndexerOptions.load()
    assert (
        options.minimum_age_minutes,
        options.retention_days,
        options.maximum_size_mb,
        options.propers_and_repacks,
        options.preferred_protocol,
        options.rss_sync_interval_minutes,
    ) == (30, 1500, 40000, "do_not_prefer", "torrent", 15)
    assert IndexerOptions.objects.count() == 1


def test_a_saved_page_says_so(admin_client):
    response = admin_client.get(save(admin_client).url)
    assert "Indexer options saved." in response.content.decode()


def test_refuses_an_rss_interval_below_ten_minutes(admin_client):
    response = save(admin_client, rss_sync_interval_minutes=5)
    assert response.status_code == 400
    assert "Use 0 (off) or between 10 and 120 minutes." in response.content.decode()
    assert IndexerOptions.load().rss_sync_interval_minutes == 30


def test_refuses_an_rss_interval_above_two_hours(admin_client):
    response = save(admin_client, rss_sync_interval_minutes=121)
    assert "rss_sync_interval_minutes" in response.context["form"].errors


def test_accepts_zero_to_switch_rss_sync_off(admin_client):
    assert save(admin_client, rss_sync_interval_minutes=0).status_code == 302
    assert IndexerOptions.load().rss_sync_interval_minutes == 0


def test_refuses_a_negative_retention(admin_client):
    response = save(admin_client, retention_days=-1)
    assert "retention_days" in response.context["form"].errors


def test_refuses_a_typo_sized_minimum_age(admin_client):
    response = save(admin_client, minimum_age_minutes=10**6)
    assert "minimum_age_minutes" in response.context["form"].errors


def test_refuses_an_unknown_protocol(admin_client):
    response = save(admin_client, preferred_protocol="carrier-pigeon")
    assert "preferred_protocol" in response.context["form"].errors
    assert IndexerOptions.load().preferred_protocol == "usenet"
