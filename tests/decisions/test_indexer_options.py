"""Indexer options: the singleton and its rules."""

import pytest
from django.core.exceptions import ValidationError

from indexers.models import IndexerOptions


@pytest.mark.django_db
def test_load_creates_one_row_with_radarr_defaults():
    options = IndexerOptions.load()
    again = IndexerOptions.load()
    assert again.pk == options.pk
    assert IndexerOptions.objects.count() == 1
    assert (options.rss_sync_interval_minutes, options.propers_and_repacks) == (30, "prefer")
    assert (options.retention_days, options.maximum_size_mb, options.minimum_age_minutes) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_refuses_an_rss_interval_below_ten_minutes():
    options = IndexerOptions(rss_sync_interval_minutes=5)
    with pytest.raises(ValidationError) as error:
        options.full_clean()
    assert "rss_sync_interval_minutes" in error.value.message_dict


@pytest.mark.django_db
def test_refuses_an_rss_interval_above_two_hours():
    with pytest.raises(ValidationError):
        IndexerOptions(rss_sync_interval_minutes=121).full_clean()


@pytest.mark.django_db
def test_accepts_zero_to_switch_rss_sync_off():
    IndexerOptions(rss_sync_interval_minutes=0).full_clean()


@pytest.mark.django_db
def test_admin_offers_no_second_row_and_no_delete(admin_client):
    IndexerOptions.load()
    response = admin_client.get("/admin/indexers/indexeroptions/")
    assert response.status_code == 200
    assert b"Add indexer options" not in response.content
    assert admin_client.get("/admin/indexers/indexeroptions/add/").status_code == 403
    assert admin_client.get("/admin/indexers/indexeroptions/1/delete/").status_code == 403
