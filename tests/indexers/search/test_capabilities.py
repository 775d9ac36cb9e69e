"""Capabilities fetched when missing or stale: before a search (in its worker thread, stored
after) and in the background once an indexer is created or its address changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from indexers.clients.base import Capabilities
from indexers.models import Indexer
from indexers.search import search_movie
from radarr_site.http.errors import Unavailable
from radarr_site.models import ProviderStatus
from tests.indexers.newznab import conftest as newznab
from tests.indexers.search.conftest import make_indexer, matrix_release
from tests.servers.torznab import API_KEY

pytestmark = pytest.mark.django_db
torznab, torznab_session = newznab.torznab, newznab.torznab_session  # fixtures


@pytest.fixture
def imdb_matrix(matrix):
    matrix.imdb_id = "tt0133093"
    matrix.save()
    return matrix


def torznab_row(server, slug: str, **fields) -> Indexer:
    return Indexer.objects.create(
        name=slug.title(),
        kind="torznab",
        base_url=server.url_for(slug),
        api_key=API_KEY,
        requests_per_minute=0,
        **fields,
    )


def test_an_indexer_without_capabilities_is_searched_with_the_ones_it_answers(
    torznab, fake_kinds, imdb_matrix
):
    torznab.add("titles", movie_params=("q",))
    row = torznab_row(torznab, "titles")

    search_movie(imdb_matrix)

    [query] = [q for q in torznab.indexers["titles"].queries if q["t"] != "caps"]
    row.refresh_from_db()
    assert (query["t"], "imdbid" in query, "q" in query) == ("movie", False, True)
    assert row.capabilities_at is not None
    assert sorted(row.capabilities["movie_params"]) == ["q"]


def test_capabilities_older_than_a_week_are_fetched_again(torznab, fake_kinds, imdb_matrix):
    torznab.add("old", movie_params=("q",))
    stale = timezone.now() - timedelta(days=8)
    row = torznab_row(
        torznab,
        "old",
        capabilities=Capabilities(movie_params=frozenset({"q", "imdbid"})).as_dict(),
        capabilities_at=stale,
    )

    search_movie(imdb_matrix)

    row.refresh_from_db()
    assert (torznab.count("old", "caps"), row.capabilities_at > stale) == (1, True)


def test_fresh_capabilities_are_not_fetched_again(torznab, fake_kinds, imdb_matrix):
    torznab.add("fresh")
    torznab_row(
        torznab,
        "fresh",
        capabilities=Capabilities(movie_params=frozenset({"q", "imdbid"})).as_dict(),
        capabilities_at=timezone.now() - timedelta(days=6),
    )

    search_movie(imdb_matrix)

    assert (torznab.count("fresh", "caps"), torznab.count("fresh", "movie")) == (0, 1)


def test_a_capabilities_failure_does_not_fail_the_search(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    from tests.fakes.indexer import FakeIndexer

    row = make_indexer("One", capabilities={}, capabilities_at=None)
    fake_indexers("One").releases = [matrix_release()]

    def refuse(self):
        raise Unavailable("One: caps timed out")

    monkeypatch.setattr(FakeIndexer, "capabilities", refuse)

    [outcome] = search_movie(matrix).outcomes

    row.refresh_from_db()
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert (outcome.answered, outcome.count, row.capabilities_at) == (True, 1, None)
    assert status.consecutive_failures == 0


def test_capabilities_fetched_before_a_failed_search_are_still_stored(
    fake_indexers, fake_kinds, matrix
):
    row = make_indexer("One", capabilities={}, capabilities_at=None)
    feed = fake_indexers("One")
    calls = []

    from tests.fakes.indexer import FakeIndexer

    original = FakeIndexer.search

    def fail_search(self, criteria):
        calls.append(criteria)
        raise Unavailable("One: search refused")

    FakeIndexer.search = fail_search
    try:
        [outcome] = search_movie(matrix).outcomes
    finally:
        FakeIndexer.search = original

    row.refresh_from_db()
    assert (outcome.answered, row.capabilities == feed.caps.as_dict()) == (False, True)


def test_a_new_indexer_has_its_capabilities_fetched_once_saved(
    fake_indexers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = make_indexer("New", capabilities={}, capabilities_at=None)

    row.refresh_from_db()
    assert row.capabilities == fake_indexers("New").caps.as_dict()


def test_changing_the_key_fetches_the_capabilities_again(
    fake_indexers, django_capture_on_commit_callbacks
):
    row = make_indexer("One", capabilities={}, capabilities_at=None)
    row.api_key = "another"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row.save()

    row.refresh_from_db()
    assert (len(callbacks), row.capabilities_at is not None) == (1, True)


def test_changing_only_the_priority_does_not_fetch_its_capabilities(
    fake_indexers, django_capture_on_commit_callbacks
):
    row = make_indexer("One")
    row.priority = 5
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row.save()

    assert callbacks == []


def test_a_failed_refresh_is_only_logged(fake_indexers, caplog):
    from indexers.tasks import refresh_capabilities

    row = make_indexer("Down", capabilities={}, capabilities_at=None)
    fake_indexers("Down").error = Unavailable("Down: connection refused")

    message = refresh_capabilities(row.pk)

    row.refresh_from_db()
    assert "connection refused" in message and "connection refused" in caplog.text
    assert row.capabilities_at is None
    assert not ProviderStatus.objects.filter(key=row.provider_key).exists()


def test_the_refresh_task_skips_a_deleted_indexer():
    from indexers.tasks import refresh_capabilities

    assert refresh_capabilities(999) == "Indexer 999 no longer exists"
