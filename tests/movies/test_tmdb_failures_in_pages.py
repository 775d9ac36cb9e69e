"""Each way TMDB fails, seen from the add-movie page: the message, nothing saved, the Health page.

The search fragment (as the user types) and the add form (HTMX post) are both exercised
against the fake TMDB with each failure injected; the System → Health page must then show
TMDB with the same error.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from movies.models import Movie, Tag
from radarr_site.models import ProviderStatus
from tests.fakes import free_port


def _refused_key(fake, settings):
    fake.fail_next(status=401)


def _rate_limited(fake, settings):
    fake.fail_next(status=429, headers={"Retry-After": "120"})


def _server_error(fake, settings):
    fake.fail_next(status=500)


def _timeout(fake, settings):
    # Only this case needs a short read timeout; the answer comes well after it.
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (5.0, 0.5)}
    fake.delay_next(3.0)


def _refused_connection(fake, settings):
    settings.TMDB_BASE_URL = f"http://127.0.0.1:{free_port()}/3"


def _malformed(fake, settings):
    fake.malformed_next()


FAILURES = {
    "401": (_refused_key, "refused our credentials (HTTP 401): Invalid API key"),
    "429": (_rate_limited, "is rate limiting us (HTTP 429, retry after 120s)"),
    "500": (_server_error, "failed with HTTP 500"),
    "timeout": (_timeout, "did not answer in time"),
    "refused": (_refused_connection, "unreachable (connection refused or failed)"),
    "malformed": (_malformed, "answered with malformed JSON"),
}
CASES = pytest.mark.parametrize(("inject", "message"), FAILURES.values(), ids=FAILURES.keys())


@pytest.fixture
def failing_tmdb(fake_tmdb, settings):
    # No retries, so one injected failure is the answer; a read timeout generous enough
    # for a loaded machine (the timeout case sets its own).
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (5.0, 5.0)}
    return fake_tmdb


@pytest.fixture
def add_data(root_folder, quality_profile):
    return {
        "tmdb_id": 603,
        "root_folder": root_folder.pk,
        "quality_profile": quality_profile.pk,
        "monitored": "on",
        "minimum_availability": "released",
        "new_tags": "family",
    }


def search(client, term: str):
    return client.get(reverse("movies:add_search"), {"q": term}, HTTP_HX_REQUEST="true")


def add(client, data):
    return client.post(reverse("movies:add"), data, HTTP_HX_REQUEST="true")


def health_page(client) -> str:
    return client.get(reverse("system:health")).content.decode()


@CASES
def test_search_fragment_shows_the_failure(admin_client, failing_tmdb, settings, inject, message):
    inject(failing_tmdb, settings)
    response = search(admin_client, "matrix")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert escape(message) in response.content.decode()


@CASES
def test_failed_search_shows_on_the_health_page(
    admin_client, failing_tmdb, settings, inject, message
):
    inject(failing_tmdb, settings)
    search(admin_client, "matrix")
    status = ProviderStatus.objects.get(key="tmdb")
    assert message in status.last_error
    page = health_page(admin_client)
    assert escape(status.last_error) in page
    assert status.state == ProviderStatus.OPEN


@CASES
def test_add_form_shows_the_failure_and_creates_nothing(
    admin_client, failing_tmdb, settings, add_data, inject, message
):
    inject(failing_tmdb, settings)
    response = add(admin_client, add_data)
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert escape(message) in response.content.decode()
    assert not Movie.objects.exists()
    assert not Tag.objects.exists()


@CASES
def test_failed_add_shows_on_the_health_page(
    admin_client, failing_tmdb, settings, add_data, inject, message
):
    inject(failing_tmdb, settings)
    add(admin_client, add_data)
    status = ProviderStatus.objects.get(key="tmdb")
    assert message in status.last_error
    assert escape(status.last_error) in health_page(admin_client)


# 404: about one movie it is an answer, elsewhere it is a broken service ---------------


def test_adding_a_tmdb_id_tmdb_does_not_have_says_so_and_keeps_tmdb_healthy(
    admin_client, failing_tmdb, add_data
):
    add_data["tmdb_id"] = 999999
    response = add(admin_client, add_data)
    assert b"TMDB has no movie with id 999999" in response.content
    assert not Movie.objects.exists() and not Tag.objects.exists()
    assert ProviderStatus.objects.get(key="tmdb").state == ProviderStatus.CLOSED
    assert "TMDB has no movie" not in health_page(admin_client)


def test_searching_for_a_tmdb_id_tmdb_does_not_have_finds_nothing(admin_client, failing_tmdb):
    response = search(admin_client, "tmdb:999999")
    assert "Nothing found for “tmdb:999999”" in response.content.decode()
    assert ProviderStatus.objects.get(key="tmdb").state == ProviderStatus.CLOSED


def test_search_endpoint_answering_404_is_shown_as_a_tmdb_failure(admin_client, failing_tmdb):
    failing_tmdb.fail_next(status=404)  # as when TMDB_BASE_URL points at the wrong path
    response = search(admin_client, "matrix")
    assert b"not found (HTTP 404)" in response.content
    status = ProviderStatus.objects.get(key="tmdb")
    assert status.state == ProviderStatus.OPEN
    assert escape(status.last_error) in health_page(admin_client)
