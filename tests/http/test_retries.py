"""Idempotent calls are retried with backoff, honouring Retry-After up to the cap; others never."""

from __future__ import annotations

import itertools
import time

import pytest

from radarr_site.http import HttpClient, RateLimited, Unavailable
from tests.http.conftest import Reply

OK = Reply(body=b'{"ok": true}')


def client_for(url: str, **kwargs) -> HttpClient:
    kwargs.setdefault("backoff_factor", 0.1)
    kwargs.setdefault("max_retry_delay", 5.0)
    return HttpClient("retries-test", url, label="Test service", **kwargs)


def gaps(service, path: str) -> list[float]:
    times = [seen.at for seen in service.requests_to(path)]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_get_is_retried_after_503_and_succeeds(service):
    service.reply("/movie", Reply(status=503), Reply(status=503), OK)

    response = client_for(service.url, retries=3).request("GET", "/movie")

    assert response.status_code == 200
    assert len(service.requests_to("/movie")) == 3


def test_retries_back_off_exponentially(service):
    service.reply("/movie", Reply(status=503), Reply(status=503), Reply(status=503), OK)

    client_for(service.url, retries=3, backoff_factor=0.2).request("GET", "/movie")

    # urllib3 retries the first failure at once, then waits factor * 2**(n-1): 0.4s, 0.8s.
    first, second, third = gaps(service, "/movie")
    assert second >= 0.35
    assert third >= 0.75
    assert third > second > first


def test_get_that_keeps_failing_is_unavailable_after_the_retries(service):
    service.reply("/movie", Reply(status=503))

    with pytest.raises(Unavailable) as caught:
        client_for(service.url, retries=2).request("GET", "/movie")

    assert caught.value.status == 503
    assert len(service.requests_to("/movie")) == 3


def test_post_is_not_retried_after_503(service):
    service.reply("/queue", Reply(status=503), OK)

    with pytest.raises(Unavailable):
        client_for(service.url, retries=3).request("POST", "/queue", json={"movie": 603})

    assert len(service.requests_to("/queue")) == 1


def test_429_is_retried_after_the_retry_after_delay(service):
    service.reply("/movie", Reply(status=429, headers={"Retry-After": "1"}), OK)
    started = time.monotonic()

    response = client_for(service.url, retries=2).request("GET", "/movie")

    assert response.status_code == 200
    assert len(service.requests_to("/movie")) == 2
    assert gaps(service, "/movie")[0] >= 0.95
    assert time.monotonic() - started < 4


def test_429_that_persists_raises_rate_limited_with_retry_after(service):
    service.reply("/movie", Reply(status=429, headers={"Retry-After": "1"}))

    with pytest.raises(RateLimited) as caught:
        client_for(service.url, retries=1).request("GET", "/movie")

    assert caught.value.retry_after == 1
    assert len(service.requests_to("/movie")) == 2
    assert gaps(service, "/movie")[0] >= 0.95


def test_retry_after_longer_than_the_cap_is_raised_at_once_without_sleeping(service):
    service.reply("/movie", Reply(status=429, headers={"Retry-After": "120"}), OK)
    started = time.monotonic()

    with pytest.raises(RateLimited) as caught:
        client_for(service.url, retries=3, max_retry_delay=5.0).request("GET", "/movie")

    assert time.monotonic() - started < 4  # the cap is 5 s: it did not sleep even that
    assert caught.value.retry_after == 120
    assert len(service.requests_to("/movie")) == 1


def test_503_with_retry_after_waits_that_long_before_retrying(service):
    service.reply("/movie", Reply(status=503, headers={"Retry-After": "1"}), OK)

    client_for(service.url, retries=2, backoff_factor=0).request("GET", "/movie")

    assert gaps(service, "/movie")[0] >= 0.95


def test_an_unparseable_retry_after_falls_back_to_backoff(service):
    service.reply("/movie", Reply(status=429, headers={"Retry-After": "soon"}), OK)

    response = client_for(service.url, retries=2).request("GET", "/movie")

    assert response.status_code == 200
    assert len(service.requests_to("/movie")) == 2


def test_auth_errors_are_not_retried_even_for_get(service):
    service.reply("/movie", Reply(status=401), OK)

    with pytest.raises(Exception, match="refused our credentials"):
        client_for(service.url, retries=3).request("GET", "/movie")

    assert len(service.requests_to("/movie")) == 1


def test_read_timeout_is_not_retried_without_retry_read(service):
    service.reply("/search", Reply(delay=1.5), OK)

    with pytest.raises(Unavailable, match="did not answer in time"):
        client_for(service.url, retries=2, retry_read=False, timeout=(2.0, 0.3)).request(
            "GET", "/search"
        )

    assert len(service.requests_to("/search")) == 1


def test_read_timeout_is_retried_by_default(service):
    service.reply("/search", Reply(delay=1.5), OK)

    response = client_for(service.url, retries=2, timeout=(2.0, 0.3)).request("GET", "/search")

    assert response.status_code == 200
    assert len(service.requests_to("/search")) == 2


def test_status_errors_are_still_retried_without_retry_read(service):
    service.reply("/search", Reply(status=503), OK)

    response = client_for(service.url, retries=1, retry_read=False).request("GET", "/search")

    assert response.status_code == 200
    assert len(service.requests_to("/search")) == 2
