"""Asking the indexers: at once, each guarded by its provider status and switches."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indexers.search import run, search_movie
from radarr_site.http.errors import AuthError, Unavailable
from radarr_site.models import ProviderStatus
from tests.indexers.search.conftest import make_indexer, matrix_release

pytestmark = pytest.mark.django_db


def test_two_slow_indexers_are_asked_at_the_same_time(fake_indexers, fake_kinds, matrix):
    for name in ("One", "Two"):
        make_indexer(name)
        fake_indexers(name).delay = 0.5

    started = time.monotonic()
    result = search_movie(matrix)
    elapsed = time.monotonic() - started

    assert elapsed < 0.9
    assert [len(fake_indexers(n).searches) for n in ("One", "Two")] == [1, 1]
    assert all(o.elapsed_ms >= 500 for o in result.outcomes)


def test_a_failing_indexer_does_not_fail_the_search(fake_indexers, fake_kinds, matrix):
    make_indexer("Good")
    bad = make_indexer("Bad")
    fake_indexers("Good").releases = [matrix_release()]
    fake_indexers("Bad").error = Unavailable("Bad: connection refused")

    result = search_movie(matrix)

    assert [d.release.indexer for d in result.decisions] == ["Good"]
    outcome = {o.name: o for o in result.outcomes}["Bad"]
    assert (outcome.count, outcome.error, outcome.held) == (0, "Bad: connection refused", False)
    status = ProviderStatus.objects.get(key=bad.provider_key)
    assert (status.consecutive_failures, status.last_error) == (1, "Bad: connection refused")


def test_an_indexer_that_answers_has_its_success_recorded(fake_indexers, fake_kinds, matrix):
    row = make_indexer("Good")
    fake_indexers("Good").releases = [matrix_release()]

    result = search_movie(matrix)

    assert result.outcomes[0].count == 1
    assert ProviderStatus.objects.get(key=row.provider_key).last_success_at is not None


def test_a_client_that_crashes_is_reported_as_that_indexers_failure(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    from tests.fakes.indexer import FakeIndexer

    make_indexer("Buggy")

    def crash(self, criteria):
        raise KeyError("seeders")

    monkeypatch.setattr(FakeIndexer, "search", crash)

    [outcome] = search_movie(matrix).outcomes

    assert outcome.error == "Unexpected error: KeyError: 'seeders'"


def test_a_held_off_indexer_is_not_asked(fake_indexers, fake_kinds, matrix):
    held = make_indexer("Held")
    make_indexer("Open")
    until = timezone.now() + timedelta(minutes=5)
    ProviderStatus.objects.create(
        key=held.provider_key, label="Held", consecutive_failures=2, disabled_until=until
    )

    result = search_movie(matrix)

    assert fake_indexers("Held").searches == []
    assert len(fake_indexers("Open").searches) == 1
    outcome = {o.name: o for o in result.outcomes}["Held"]
    assert outcome.held
    assert outcome.error == f"held off until {timezone.localtime(until):%H:%M}"


def test_an_indexer_whose_hold_has_passed_is_asked_again(fake_indexers, fake_kinds, matrix):
    row = make_indexer("Recovering")
    ProviderStatus.objects.create(
        key=row.provider_key,
        label="Recovering",
        consecutive_failures=1,
        disabled_until=timezone.now() - timedelta(seconds=1),
    )

    search_movie(matrix)

    assert len(fake_indexers("Recovering").searches) == 1
    assert ProviderStatus.objects.get(key=row.provider_key).consecutive_failures == 0


def test_a_straggler_is_reported_as_timed_out_and_not_waited_for(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    monkeypatch.setattr(run, "TOTAL_WAIT_S", 0.3)
    make_indexer("Quick")
    make_indexer("Slow")
    fake_indexers("Quick").releases = [matrix_release()]
    fake_indexers("Slow").delay = 2.0

    started = time.monotonic()
    result = search_movie(matrix)

    assert time.monotonic() - started < 1.5
    assert len(result.decisions) == 1
    outcome = {o.name: o for o in result.outcomes}["Slow"]
    assert outcome.error == "Slow did not answer within 0.3 s"


def test_a_straggler_cut_off_by_our_wait_is_not_recorded_as_failing(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    monkeypatch.setattr(run, "TOTAL_WAIT_S", 0.2)
    slow = make_indexer("Slow")
    fake_indexers("Slow").delay = 1.0

    [outcome] = search_movie(matrix).outcomes

    status = ProviderStatus.objects.filter(key=slow.provider_key).first()
    assert (outcome.answered, status is None or status.consecutive_failures == 0) == (False, True)


def test_automatic_search_asks_only_indexers_enabled_for_it(fake_indexers, fake_kinds, matrix):
    make_indexer("Auto", enable_interactive_search=False)
    make_indexer("Manual", enable_automatic_search=False)

    result = search_movie(matrix)

    assert [o.name for o in result.outcomes] == ["Auto"]
    assert fake_indexers("Manual").searches == []


def test_interactive_search_asks_only_indexers_enabled_for_it(fake_indexers, fake_kinds, matrix):
    make_indexer("Auto", enable_interactive_search=False)
    make_indexer("Manual", enable_automatic_search=False)

    result = search_movie(matrix, interactive=True)

    assert [o.name for o in result.outcomes] == ["Manual"]
    assert fake_indexers("Auto").searches == []


def test_outcomes_follow_indexer_priority(fake_indexers, fake_kinds, matrix):
    make_indexer("Later", priority=30)
    make_indexer("First", priority=5)

    assert [o.name for o in search_movie(matrix).outcomes] == ["First", "Later"]


def test_the_search_asks_with_the_movies_ids_and_titles(fake_indexers, fake_kinds, matrix):
    make_indexer("One")

    search_movie(matrix)

    [criteria] = fake_indexers("One").searches
    assert (criteria.title, criteria.year, criteria.tmdb_id, criteria.movie_id) == (
        "The Matrix",
        1999,
        603,
        matrix.pk,
    )


def test_duplicates_across_indexers_are_removed_and_counted(fake_indexers, fake_kinds, matrix):
    make_indexer("One", priority=10)
    make_indexer("Two", priority=20)
    fake_indexers("One").releases = [matrix_release(n=1)]
    fake_indexers("Two").releases = [matrix_release(n=1), matrix_release("Other.1999", n=2)]

    result = search_movie(matrix)

    assert (result.total_found, result.duplicates_removed, len(result.decisions)) == (3, 1, 2)
    assert {d.release.indexer for d in result.decisions if d.release.info_hash == f"{1:040x}"} == {
        "One"
    }


def test_an_indexer_that_cannot_build_its_client_is_reported(
    fake_indexers, fake_kinds, matrix, monkeypatch
):
    from tests.fakes.indexer import FakeIndexer

    make_indexer("Broken")

    def refuse(self, config):
        raise AuthError("Broken: no API key set")

    monkeypatch.setattr(FakeIndexer, "__init__", refuse)

    [outcome] = search_movie(matrix).outcomes

    assert outcome.error == "Broken: no API key set"


def _queries_for(matrix, count: int, fake_indexers) -> int:
    fake_indexers("One").releases = [
        matrix_release(f"The.Matrix.1999.1080p.BluRay.x264-G{n}", n=n) for n in range(count)
    ]
    with CaptureQueriesContext(connection) as queries:
        search_movie(matrix)
    return len(queries)


def test_database_queries_do_not_grow_with_the_number_of_releases(
    fake_indexers, fake_kinds, matrix
):
    make_indexer("One")
    _queries_for(matrix, 1, fake_indexers)  # first run creates the provider status row

    assert _queries_for(matrix, 3, fake_indexers) == _queries_for(matrix, 60, fake_indexers)


def test_our_own_rate_limit_running_out_is_not_held_against_the_indexer(
    fake_indexers, fake_kinds, matrix
):
    from radarr_site.http.errors import RateLimited

    row = make_indexer("Busy")
    fake_indexers("Busy").error = RateLimited("Busy: our rate limit for it is used up", status=None)

    [outcome] = search_movie(matrix).outcomes

    assert outcome.error == "Busy: our rate limit for it is used up"
    assert not ProviderStatus.objects.filter(key=row.provider_key).exists()


def test_the_indexers_own_rate_limit_holds_it_off_for_its_retry_after(
    fake_indexers, fake_kinds, matrix
):
    from radarr_site.http.errors import RateLimited

    row = make_indexer("Limited")
    fake_indexers("Limited").error = RateLimited(
        "Limited is rate limiting us (HTTP 429)", retry_after=600, status=429
    )

    search_movie(matrix)

    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.disabled_until >= timezone.now() + timedelta(seconds=590)
