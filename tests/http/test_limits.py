"""Response size cap: a huge declared or streamed body is refused, not read into memory."""

from __future__ import annotations

import time

import pytest

from radarr_site.http import BadResponse, HttpClient, RateLimited
from tests.http.conftest import Reply


def client_for(url: str, max_bytes: int) -> HttpClient:
    return HttpClient("limits-test", url, label="Test service", max_bytes=max_bytes, retries=0)


def test_body_within_the_cap_is_returned(service):
    service.reply("/list", Reply(body=b"x" * 1000))

    response = client_for(service.url, max_bytes=1000).request("GET", "/list")

    assert response.content == b"x" * 1000


def test_declared_content_length_over_the_cap_is_a_bad_response(service):
    service.reply("/list", Reply(body=b"x" * 2000))

    with pytest.raises(BadResponse, match="2000 bytes, more than the 1000 allowed"):
        client_for(service.url, max_bytes=1000).request("GET", "/list")


def test_chunked_body_growing_past_the_cap_is_a_bad_response(service):
    service.reply("/list", Reply(chunks=[b"y" * 512] * 8))

    with pytest.raises(BadResponse, match="more than the 1000 bytes allowed"):
        client_for(service.url, max_bytes=1000).request("GET", "/list")


def test_chunked_body_within_the_cap_is_returned_whole(service):
    service.reply("/list", Reply(chunks=[b"a" * 300, b"b" * 300]))

    response = client_for(service.url, max_bytes=1000).request("GET", "/list")

    assert response.content == b"a" * 300 + b"b" * 300


@pytest.mark.django_db
def test_own_rate_limit_running_out_is_rate_limited_and_not_the_services_failure(service):
    from radarr_site.models import ProviderStatus
    from radarr_site.providers import tracked

    service.reply("/list", Reply(body=b"[]"), Reply(body=b"[]"))
    client = HttpClient(
        "limits-own-bucket",
        service.url,
        label="Test service",
        rate_per_second=0.2,
        rate_max_wait=0.1,
        retries=0,
    )
    client.request("GET", "/list")  # takes the only token of the next five seconds

    with (
        pytest.raises(RateLimited, match="our rate limit for it is used up") as caught,
        tracked("test:limits", "Test service"),
    ):
        client.request("GET", "/list")

    assert caught.value.status is None
    assert len(service.requests_to("/list")) == 1
    assert not ProviderStatus.objects.filter(key="test:limits", consecutive_failures__gt=0).exists()


@pytest.mark.django_db
def test_a_per_minute_budget_lets_calls_go_at_once_then_runs_out(service):
    service.reply("/list", *[Reply(body=b"[]") for _ in range(4)])
    client = HttpClient(
        "limits-per-minute",
        service.url,
        label="Test service",
        rate_per_minute=3,
        rate_max_wait=0.1,
        retries=0,
    )
    started = time.monotonic()
    for _ in range(3):
        client.request("GET", "/list")
    assert time.monotonic() - started < 1.0  # no spacing within the budget

    with pytest.raises(RateLimited, match="our rate limit for it is used up"):
        client.request("GET", "/list")
    assert len(service.requests_to("/list")) == 3
