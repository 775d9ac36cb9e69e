"""A Prowlarr release goes through the decision engine and is grabbed through Prowlarr's
download proxy with the indexer's own session."""

from __future__ import annotations

import datetime

import pytest

from downloads.models import Download
from indexers.clients.base import SearchCriteria
from indexers.grabbing import grab_release, judge
from indexers.models import Indexer
from tests.fakes.download_client import make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(prowlarr):
    return Indexer.objects.create(
        kind="prowlarr",
        name="Prowlarr",
        base_url=prowlarr.base_url,
        api_key=prowlarr.api_key,
        categories=[2000],
        requests_per_minute=0,
    )


def test_a_searched_release_is_judged_and_grabbed_through_prowlarr(
    row, prowlarr, fake_kinds, matrix
):
    matrix.in_cinemas = matrix.physical_release = datetime.date(1999, 3, 31)
    matrix.save()
    releases = row.client().search(SearchCriteria.for_movie(matrix))
    accepted = [d for d in judge(matrix, releases) if d.accepted]
    assert [d.release.title for d in accepted] == ["The.Matrix.1999.1080p.BluRay.x264-AMIABLE"]
    make_client()

    download = grab_release(matrix, accepted[0])

    fetched = prowlarr.requests[-1]
    assert fetched["path"] == "/1/download"
    # Prowlarr's download link carries its own apikey; the session adds no X-Api-Key
    # (a link that redirects to a tracker must not take the key along).
    assert fetched["query"]["apikey"] == [prowlarr.api_key]
    assert "X-Api-Key" not in fetched["headers"]
    assert Download.objects.get(pk=download.pk).indexer == "Prowlarr (1337x)"
