"""Every way TMDB can fail gives a clear error, lands on the provider status, and saves nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from movies import services
from movies.clients.tmdb import TmdbClient
from movies.models import Movie
from radarr_site.http import AuthError, BadResponse, NotFound, RateLimited, Unavailable
from radarr_site.models import ProviderStatus
from tests.fakes import free_port

HTML_PAGE = "<!DOCTYPE html><html><body><h1>Cloudflare: origin unreachable</h1></body></html>"


def quick(fake, **options) -> TmdbClient:
    """A client that neither retries nor waits long, so failures show at once."""
    options = {"retries": 0, "timeout": (5.0, 5.0), **options}
    return TmdbClient(fake.api_key, fake.base_url, **options)


# The client ------------------------------------------------------------------------


def test_invalid_key_is_an_auth_error_with_tmdb_explanation(fake_tmdb):
    with pytest.raises(AuthError) as excinfo:
        TmdbClient("not-the-key", fake_tmdb.base_url).movie(603)
    assert "Invalid API key" in excinfo.value.message
    assert "not-the-key" not in excinfo.value.message


def test_unknown_movie_is_not_found(fake_tmdb):
    with pytest.raises(NotFound, match="could not be found"):
        quick(fake_tmdb).movie(999999)


def test_rate_limit_longer_than_the_retry_cap_is_raised_with_retry_after(fake_tmdb):
    fake_tmdb.fail_next(status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as excinfo:
        TmdbClient(fake_tmdb.api_key, fake_tmdb.base_url).movie(603)
    assert excinfo.value.retry_after == 120
    assert "retry after 120s" in excinfo.value.message
    assert len(fake_tmdb.requests) == 1  # not retried: the provider status holds TMDB off


def test_short_rate_limit_is_waited_out_and_retried(fake_tmdb):
    fake_tmdb.fail_next(status=429, headers={"Retry-After": "1"})
    details = TmdbClient(fake_tmdb.api_key, fake_tmdb.base_url).movie(603)
    assert details.title == "The Matrix"
    gap = fake_tmdb.requests[1]["time"] - fake_tmdb.requests[0]["time"]
    assert gap >= 0.9


def test_server_error_page_is_unavailable(fake_tmdb):
    fake_tmdb.fail_next(status=500)
    with pytest.raises(Unavailable, match="HTTP 500"):
        quick(fake_tmdb).movie(603)


def test_server_error_is_retried_for_idempotent_calls(fake_tmdb):
    fake_tmdb.fail_next(status=503)
    details = quick(fake_tmdb, retries=2, backoff_factor=0.01).movie(603)
    assert details.tmdb_id == 603
    assert len(fake_tmdb.requests) == 2


def test_slow_answer_times_out_as_unavailable(fake_tmdb):
    fake_tmdb.delay_next(8.0)
    started = timezone.now()
    with pytest.raises(Unavailable, match="TMDB"):
        quick(fake_tmdb, timeout=(5.0, 0.5)).movie(603)
    # Gave up near the 0.5 s read timeout, not when the answer came (8 s); the bound is
    # generous for a loaded machine.
    assert timezone.now() - started < timedelta(seconds=5)


def test_slow_answer_is_reported_as_a_timeout(fake_tmdb):
    fake_tmdb.delay_next(3.0)
    with pytest.raises(Unavailable, match="did not answer in time"):
        quick(fake_tmdb, timeout=(5.0, 0.5)).movie(603)


def test_interactive_search_does_not_retry_a_read_timeout(fake_tmdb, settings, db):
    # The interactive budget (one retry, no read retries) with a read timeout short enough
    # for a test; TMDB answers only after it twice in a row.
    settings.TMDB_HTTP_OPTIONS = {"timeout": (5.0, 0.5)}
    fake_tmdb.delay_next(2.0, count=2)
    with pytest.raises(Unavailable, match="did not answer in time"):
        services.search_movies("heat")
    assert fake_tmdb.paths() == ["/3/search/movie"]


def test_interactive_calls_read_for_at_most_eight_seconds_without_read_retries(
    fake_tmdb, settings, db
):
    settings.TMDB_HTTP_OPTIONS = {}
    client = services.tmdb_client()
    retry = client.http.session.get_adapter(fake_tmdb.base_url).max_retries
    assert client.http.timeout[1] == 8.0
    assert (retry.read, retry.connect) == (0, 1)


def test_background_calls_keep_retrying_read_timeouts(fake_tmdb, settings, db):
    settings.TMDB_HTTP_OPTIONS = {}
    client = services.tmdb_client(background=True)
    retry = client.http.session.get_adapter(fake_tmdb.base_url).max_retries
    assert retry.read == 3


def test_refused_connection_is_unavailable():
    client = TmdbClient("key", f"http://127.0.0.1:{free_port()}/3", retries=0)
    with pytest.raises(Unavailable, match="unreachable"):
        client.movie(603)


def test_malformed_json_is_a_bad_response(fake_tmdb):
    fake_tmdb.malformed_next()
    with pytest.raises(BadResponse, match="malformed JSON"):
        quick(fake_tmdb).movie(603)


def test_html_page_with_status_200_is_a_bad_response(fake_tmdb):
    fake_tmdb.fail_next(status=200, body=HTML_PAGE)
    with pytest.raises(BadResponse, match="text/html"):
        quick(fake_tmdb).movie(603)


def test_body_over_the_size_cap_is_a_bad_response(fake_tmdb):
    with pytest.raises(BadResponse, match="more than the 1000"):
        quick(fake_tmdb, max_bytes=1000).movie(603)


# Through the services: recorded on the provider status, nothing saved half-way ---------


def _wrong_key(fake, settings):
    settings.TMDB_API_KEY = "not-the-key"


def _rate_limited(fake, settings):
    fake.fail_next(status=429, headers={"Retry-After": "120"})


def _server_error(fake, settings):
    fake.fail_next(status=500)


def _timeout(fake, settings):
    # The only case with a short read timeout; the answer comes well after it.
    settings.TMDB_HTTP_OPTIONS = {**settings.TMDB_HTTP_OPTIONS, "timeout": (5.0, 0.5)}
    fake.delay_next(3.0)


def _refused(fake, settings):
    settings.TMDB_BASE_URL = f"http://127.0.0.1:{free_port()}/3"


def _malformed(fake, settings):
    fake.malformed_next()


def _html(fake, settings):
    fake.fail_next(status=200, body=HTML_PAGE)


def _huge(fake, settings):
    settings.TMDB_HTTP_OPTIONS = {**settings.TMDB_HTTP_OPTIONS, "max_bytes": 1000}


FAILURES = [
    (_wrong_key, AuthError, "Invalid API key"),
    (_rate_limited, RateLimited, "HTTP 429"),
    (_server_error, Unavailable, "HTTP 500"),
    (_timeout, Unavailable, "did not answer in time"),
    (_refused, Unavailable, "unreachable"),
    (_malformed, BadResponse, "malformed JSON"),
    (_html, BadResponse, "malformed JSON (text/html)"),
    (_huge, BadResponse, "more than the 1000"),
]


@pytest.fixture
def failing_tmdb(fake_tmdb, settings):
    # No retries, so one injected failure is the answer; timeouts long enough for a loaded
    # machine (the timeout case sets its own short read timeout).
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (5.0, 5.0)}
    return fake_tmdb


@pytest.mark.django_db
@pytest.mark.parametrize(("inject", "error", "fragment"), FAILURES, ids=lambda v: str(v))
def test_failed_add_saves_nothing_and_records_the_error(
    failing_tmdb, settings, root_folder, quality_profile, inject, error, fragment
):
    inject(failing_tmdb, settings)
    with pytest.raises(error) as excinfo:
        services.add_movie(603, root_folder=root_folder, quality_profile=quality_profile)
    assert fragment in excinfo.value.message
    assert not Movie.objects.exists()
    status = ProviderStatus.objects.get(key="tmdb")
    assert status.consecutive_failures == 1
    assert status.last_error == excinfo.value.message
    assert status.state == ProviderStatus.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize(("inject", "error", "fragment"), FAILURES[:4], ids=lambda v: str(v))
def test_failed_search_raises_a_clear_error(failing_tmdb, settings, inject, error, fragment):
    inject(failing_tmdb, settings)
    with pytest.raises(error, match=re.escape(fragment)):
        services.search_movies("heat")


@pytest.mark.django_db
def test_rate_limit_holds_tmdb_off_at_least_as_long_as_asked(failing_tmdb, settings):
    _rate_limited(failing_tmdb, settings)
    with pytest.raises(RateLimited):
        services.search_movies("heat")
    status = ProviderStatus.objects.get(key="tmdb")
    assert status.disabled_until >= timezone.now() + timedelta(seconds=110)


@pytest.mark.django_db
def test_unknown_movie_does_not_open_the_circuit(failing_tmdb, root_folder, quality_profile):
    with pytest.raises(NotFound):
        services.add_movie(999999, root_folder=root_folder, quality_profile=quality_profile)
    assert ProviderStatus.objects.get(key="tmdb").state == ProviderStatus.CLOSED


@pytest.mark.django_db
def test_success_after_failures_closes_the_circuit(failing_tmdb, settings):
    _server_error(failing_tmdb, settings)
    with pytest.raises(Unavailable):
        services.search_movies("heat")
    services.search_movies("heat")  # a user's own search goes through an open circuit
    status = ProviderStatus.objects.get(key="tmdb")
    assert (status.state, status.consecutive_failures) == (ProviderStatus.CLOSED, 0)
