"""indexers.search.outcomes: a movie's last automatic search, kept for 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from indexers.search import outcomes


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_last_search_is_remembered_with_its_time_and_grab():
    when = timezone.now() - timedelta(hours=2)

    outcomes.remember(7, "Grabbed X from Alpha", "X", when)

    found = outcomes.last_search(7)
    assert (found.when, found.message, found.grabbed_title) == (when, "Grabbed X from Alpha", "X")


def test_a_later_search_replaces_the_earlier_one():
    outcomes.remember(7, "No releases found on 1 indexer(s)")
    outcomes.remember(7, "Grabbed X from Alpha", "X")

    assert outcomes.last_search(7).message == "Grabbed X from Alpha"


def test_a_movie_never_searched_has_no_last_search():
    outcomes.remember(7, "Grabbed X from Alpha")

    assert outcomes.last_search(8) is None


def test_the_last_search_is_kept_for_thirty_days(monkeypatch):
    kept = {}
    monkeypatch.setattr(cache, "set", lambda key, value, timeout: kept.update(t=timeout))

    outcomes.remember(7, "Grabbed X from Alpha")

    assert kept["t"] == 30 * 24 * 3600


def test_a_cache_that_cannot_be_written_does_not_break_the_search(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cache, "set", broken)

    outcomes.remember(7, "Grabbed X from Alpha")  # no exception
