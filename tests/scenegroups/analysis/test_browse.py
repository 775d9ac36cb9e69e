"""HDBits.browse: one raw page of a category's newest torrents, for the analysis."""

from __future__ import annotations

import pytest

from indexers import services as indexer_services
from indexers.models import Indexer

pytestmark = pytest.mark.django_db


def test_browse_asks_for_one_page_of_one_category_whatever_the_indexer_narrows(indexer, hdbits):
    client = indexer_services.hdbits_client()

    items = client.browse(2, 1)

    body = hdbits.requests[0]["body"]
    assert (body["category"], body["page"], body["limit"]) == ([2], 1, 100)
    assert "codec" not in body  # the indexer's codec option narrows searches only
    assert len(items) == 100 and {i["type_category"] for i in items} == {2}
    assert items[0]["utadded"] > items[-1]["utadded"]


def test_the_analysis_uses_the_preferred_hdbits_indexer_with_a_switch_on(indexer, hdbits):
    Indexer.objects.filter(pk=indexer.pk).update(
        enable_rss=False, enable_automatic_search=False, enable_interactive_search=False
    )
    assert indexer_services.hdbits_client() is None

    Indexer.objects.filter(pk=indexer.pk).update(enable_interactive_search=True)
    assert indexer_services.hdbits_client().config.id == indexer.pk
