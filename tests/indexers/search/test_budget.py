"""A Newznab-family search fits the search's wait: it stops paging when time runs short."""

from __future__ import annotations

import pytest
from django.utils import timezone

from indexers.clients.base import Capabilities, IndexerConfig, SearchCriteria
from indexers.clients.newznab.client import NewznabFamily, Torznab
from indexers.search import run, search_movie
from indexers.search.budget import search_worst_s
from tests.indexers.newznab import conftest as newznab
from tests.indexers.search.test_capabilities import torznab_row

pytestmark = pytest.mark.django_db
torznab, torznab_session = newznab.torznab, newznab.torznab_session  # fixtures

PAGED = Capabilities(movie_params=frozenset({"q"}), limit_max=1).as_dict()


def test_a_search_stops_paging_when_another_request_could_outlast_the_wait(
    torznab, fake_kinds, matrix, monkeypatch
):
    monkeypatch.setattr(NewznabFamily, "timeout", (0.1, 0.4))  # a request: 0.5 s at worst
    monkeypatch.setattr(run, "TOTAL_WAIT_S", 0.7)
    torznab.add("slow", delay=0.3, filter_queries=False)
    for n in range(3):
        torznab.indexers["slow"].items.append({"title": f"The.Matrix.1999.1080p.BluRay-G{n}"})
    torznab_row(torznab, "slow", capabilities=PAGED, capabilities_at=timezone.now())

    [outcome] = search_movie(matrix).outcomes

    assert (torznab.count("slow", "movie"), outcome.answered, outcome.count) == (1, True, 1)
    assert "within 0.7 s" in outcome.note


def test_a_search_with_time_to_spare_reads_every_page(torznab, fake_kinds, matrix):
    torznab.add("quick", filter_queries=False)
    for n in range(3):
        torznab.indexers["quick"].items.append({"title": f"The.Matrix.1999.1080p.BluRay-G{n}"})
    torznab_row(torznab, "quick", capabilities=PAGED, capabilities_at=timezone.now())

    [outcome] = search_movie(matrix).outcomes

    assert (torznab.count("quick", "movie"), outcome.count, outcome.note) == (2, 2, "")


def test_the_worst_case_counts_queries_pages_and_timeouts():
    caps = Capabilities(movie_params=frozenset({"q"}))
    client = Torznab(
        IndexerConfig(id=1, name="T", kind="torznab", base_url="http://x", capabilities=caps)
    )
    criteria = SearchCriteria(
        title="The Matrix", year=1999, alternative_titles=("Matrix", "Matriks")
    )

    assert search_worst_s(client, criteria) == 3 * 2 * 35.0
