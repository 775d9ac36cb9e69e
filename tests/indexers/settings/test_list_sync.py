"""Settings → Indexers list: the last RSS sync's rejections read as rule labels, and a grab
that failed during a sync that read its feed is a muted note, not a failed sync."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from indexers.models import RssSyncReport
from tests.indexers.settings.helpers import make_indexer

pytestmark = pytest.mark.django_db

LIST = reverse("settings:indexers")


def report(**fields):
    return RssSyncReport.objects.create(
        indexer=make_indexer(), started_at=timezone.now(), items=10, new_items=2, **fields
    )


def test_rejections_show_each_rules_label_not_its_id(admin_client):
    report(rejections={"minimum_seeders": 3})
    html = admin_client.get(LIST).content.decode()
    assert "Rejected: Too few seeders \u00d73" in html
    assert "minimum_seeders" not in html


def test_a_failed_grab_in_a_good_sync_is_a_muted_note(admin_client):
    report(error="Not grabbed: The.Matrix.1999.1080p: no download client for torrent")
    html = admin_client.get(LIST).content.decode()
    assert '<span class="badge ok">OK</span> <small class="muted">Not grabbed:' in html
    assert "badge err" not in html


def test_a_feed_that_failed_shows_a_failed_badge(admin_client):
    report(error="Fake (h) refused our credentials (HTTP 401)")
    html = admin_client.get(LIST).content.decode()
    assert '<span class="badge err">failed</span> <small>Fake (h) refused' in html
