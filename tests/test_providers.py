"""Provider status: escalating hold-off, Retry-After as minimum, derived circuit states."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from radarr_site.http import AuthError, RateLimited, Unavailable
from radarr_site.models import ProviderStatus
from radarr_site.providers import (
    ProviderDisabled,
    backoff_for,
    check_available,
    get_status,
    record_failure,
    record_success,
    tracked,
)

KEY, LABEL = "indexer:7", "NZBgeek"
MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)


def fail(times: int = 1, error: Exception | None = None) -> ProviderStatus:
    status = None
    for _ in range(times):
        status = record_failure(KEY, LABEL, error or Unavailable("NZBgeek (api.nzbgeek.info) 503"))
    return status


def expire_hold() -> None:
    """Let the current hold pass: the provider is half-open."""
    ProviderStatus.objects.filter(key=KEY).update(
        disabled_until=timezone.now() - timedelta(seconds=1)
    )


def fail_in_windows(times: int) -> list[ProviderStatus]:
    """Fail once per hold window: each failure comes after the previous hold has passed."""
    statuses = []
    for _ in range(times):
        expire_hold()
        statuses.append(fail())
    return statuses


def hold_of(status: ProviderStatus) -> timedelta:
    return status.disabled_until - status.last_failure_at


@pytest.mark.parametrize(
    ("failures", "hold"),
    [
        (1, MINUTE),
        (2, 5 * MINUTE),
        (3, 15 * MINUTE),
        (4, 30 * MINUTE),
        (5, HOUR),
        (6, 3 * HOUR),
        (7, 6 * HOUR),
        (8, 12 * HOUR),
        (9, 24 * HOUR),
        (10, 24 * HOUR),
        (100, 24 * HOUR),
    ],
)
def test_backoff_escalates_from_one_minute_to_a_day(failures, hold):
    assert backoff_for(failures) == hold


def test_no_failures_means_no_hold():
    assert backoff_for(0) == timedelta(0)


@pytest.mark.django_db
def test_each_failure_after_the_hold_has_passed_holds_the_provider_off_longer():
    holds = [hold_of(status) for status in fail_in_windows(4)]

    assert holds == [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE]
    assert get_status(KEY).consecutive_failures == 4


@pytest.mark.django_db
def test_failure_keeps_the_error_message_and_kind_for_the_health_page():
    status = fail(error=AuthError("NZBgeek (api.nzbgeek.info) refused our credentials"))

    assert status.last_error == "NZBgeek (api.nzbgeek.info) refused our credentials"
    assert status.last_error_kind == "AuthError"
    assert status.label == LABEL


@pytest.mark.django_db
def test_first_failure_time_is_kept_across_later_failures():
    first = fail().first_failure_at
    later = fail()

    assert later.first_failure_at == first
    assert later.last_failure_at >= first


@pytest.mark.django_db
def test_retry_after_longer_than_the_step_is_the_minimum_hold():
    status = fail(error=RateLimited("slow down", retry_after=600))

    assert hold_of(status) == timedelta(seconds=600)


@pytest.mark.django_db
def test_retry_after_shorter_than_the_step_does_not_shorten_the_hold():
    fail_in_windows(2)
    expire_hold()
    status = fail(error=RateLimited("slow down", retry_after=10))

    assert hold_of(status) == 15 * MINUTE


@pytest.mark.django_db
def test_failures_while_held_off_update_the_message_but_neither_count_nor_extend_the_hold():
    first = fail()

    later = fail(times=5, error=AuthError("NZBgeek (api.nzbgeek.info) refused our credentials"))

    assert later.consecutive_failures == 1
    assert later.disabled_until == first.disabled_until
    assert later.last_error == "NZBgeek (api.nzbgeek.info) refused our credentials"
    assert later.last_error_kind == "AuthError"
    assert later.last_failure_at > first.last_failure_at


@pytest.mark.django_db
def test_a_failure_once_the_hold_has_passed_escalates_again():
    fail(times=3)  # one window: counts once
    expire_hold()

    status = fail()

    assert status.consecutive_failures == 2
    assert hold_of(status) == 5 * MINUTE


@pytest.mark.django_db
def test_a_longer_retry_after_while_held_off_extends_the_hold_without_counting():
    fail()

    status = fail(error=RateLimited("slow down", retry_after=600))

    assert status.consecutive_failures == 1
    assert hold_of(status) == timedelta(seconds=600)


@pytest.mark.django_db
def test_a_shorter_retry_after_while_held_off_does_not_move_the_hold():
    first = fail()

    status = fail(error=RateLimited("slow down", retry_after=1))

    assert status.disabled_until == first.disabled_until


@pytest.mark.django_db
def test_five_user_actions_during_an_outage_keep_the_first_one_minute_hold():
    for _ in range(5):
        with pytest.raises(Unavailable), tracked(KEY, LABEL):  # a user's search: no hold check
            raise Unavailable("NZBgeek (api.nzbgeek.info) is unreachable")

    status = get_status(KEY)
    assert status.consecutive_failures == 1
    assert hold_of(status) < MINUTE + timedelta(seconds=5)  # measured from the last failure
    assert status.disabled_until - status.first_failure_at == MINUTE


@pytest.mark.django_db
def test_success_closes_the_circuit_and_resets_the_count():
    fail(times=3)

    record_success(KEY, LABEL)

    status = get_status(KEY)
    assert status.state == ProviderStatus.CLOSED
    assert status.consecutive_failures == 0
    assert status.disabled_until is None
    assert status.first_failure_at is None
    assert status.last_success_at is not None


@pytest.mark.django_db
def test_success_of_an_unknown_provider_creates_its_status():
    record_success("tmdb", "TMDB")

    status = get_status("tmdb")
    assert status.state == ProviderStatus.CLOSED
    assert status.last_success_at is not None


def test_state_is_closed_without_failures():
    assert ProviderStatus(key=KEY, label=LABEL).state == ProviderStatus.CLOSED


def test_state_is_open_while_held_off():
    status = ProviderStatus(
        key=KEY,
        label=LABEL,
        consecutive_failures=1,
        disabled_until=timezone.now() + MINUTE,
    )

    assert status.state == ProviderStatus.OPEN
    assert status.retry_in > timedelta(0)


def test_state_is_half_open_once_the_hold_has_passed():
    status = ProviderStatus(
        key=KEY,
        label=LABEL,
        consecutive_failures=2,
        disabled_until=timezone.now() - timedelta(seconds=1),
    )

    assert status.state == ProviderStatus.HALF_OPEN
    assert status.retry_in is None


@pytest.mark.django_db
def test_check_available_raises_provider_disabled_while_open():
    fail()

    with pytest.raises(ProviderDisabled, match="NZBgeek is held off after 1 failure"):
        check_available(KEY)


@pytest.mark.django_db
def test_check_available_lets_a_half_open_provider_try_again():
    fail()
    ProviderStatus.objects.filter(key=KEY).update(disabled_until=timezone.now() - MINUTE)

    check_available(KEY)  # no exception: half-open allows a trial call

    assert get_status(KEY).state == ProviderStatus.HALF_OPEN


@pytest.mark.django_db
def test_tracked_records_success():
    with tracked(KEY, LABEL):
        pass

    assert get_status(KEY).last_success_at is not None


@pytest.mark.django_db
def test_tracked_records_an_integration_failure_and_reraises_it():
    with pytest.raises(Unavailable), tracked(KEY, LABEL):
        raise Unavailable("NZBgeek (api.nzbgeek.info) did not answer in time")

    status = get_status(KEY)
    assert status.consecutive_failures == 1
    assert status.last_error_kind == "Unavailable"


@pytest.mark.django_db
def test_tracked_does_not_count_a_programming_error_as_a_provider_failure():
    with pytest.raises(KeyError), tracked(KEY, LABEL):
        raise KeyError("title")

    assert get_status(KEY) is None


@pytest.mark.django_db
def test_tracked_with_respect_hold_skips_the_call_while_open():
    fail()
    called = []

    with pytest.raises(ProviderDisabled), tracked(KEY, LABEL, respect_hold=True):
        called.append(True)

    assert called == []
    assert get_status(KEY).consecutive_failures == 1  # the skip is not another failure


@pytest.mark.django_db
def test_tracked_without_respect_hold_calls_an_open_provider_and_success_closes_it():
    fail()

    with tracked(KEY, LABEL):
        pass

    assert get_status(KEY).state == ProviderStatus.CLOSED


def fail_concurrently(workers: int) -> list[Exception]:
    """`workers` threads each record one failure at the same moment; returns their errors."""
    errors = []
    start = threading.Barrier(workers)

    def worker() -> None:
        try:
            start.wait()
            fail()
        except Exception as exc:  # reported by the callers' assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_in_one_hold_window_count_once():
    assert fail_concurrently(6) == []

    assert get_status(KEY).consecutive_failures == 1
    assert ProviderStatus.objects.filter(key=KEY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_each_after_an_expired_hold_are_each_counted(monkeypatch):
    # A zero hold makes every failure land after the previous hold has passed, so each
    # must count: a lost update between the threads would show as a lower count.
    monkeypatch.setattr("radarr_site.providers.backoff_for", lambda failures: timedelta(0))

    assert fail_concurrently(6) == []

    assert get_status(KEY).consecutive_failures == 6
    assert ProviderStatus.objects.filter(key=KEY).count() == 1
