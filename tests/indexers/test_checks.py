"""The indexer Test (indexers.checks): one readable sentence per failure, warnings for what
works with a flaw, capabilities and provider status kept on a saved indexer only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from indexers import checks
from indexers.clients.base import Capabilities, Category
from indexers.models import Indexer
from radarr_site.http.errors import AuthError, BadResponse, NotFound, RateLimited, Unavailable
from radarr_site.models import ProviderStatus

pytestmark = pytest.mark.django_db

KEY = "s3cr3t-indexer-key-4242"
MOVIES = (Category(2000, "Movies", (Category(2040, "Movies/HD"), Category(2045, "Movies/UHD"))),)


def make_indexer(name="Fake", kind="fakeidx", **fields):
    defaults = {"base_url": "http://127.0.0.1:9117", "api_key": KEY, "categories": [2000, 2040]}
    defaults.update(fields)
    return Indexer.objects.create(name=name, kind=kind, **defaults)


@pytest.fixture
def fake(fake_indexers):
    feed = fake_indexers("Fake")
    feed.caps = Capabilities(movie_params=frozenset({"q", "imdbid", "tmdbid"}), categories=MOVIES)
    return feed


def test_working_indexer_has_no_problems_and_a_summary(fake):
    report = checks.check_indexer(make_indexer())
    assert report.problems == [] and report.warnings == []
    assert report.summary == "Connected: 3 categories, movie search by imdbid, tmdbid"


def test_test_indexer_returns_an_empty_list_when_it_works(fake):
    assert checks.test_indexer(make_indexer()) == []


def test_wrong_api_key_says_the_key_was_refused(fake):
    fake.error = AuthError("Fake (127.0.0.1:9117) refused our credentials (HTTP 401)")
    [problem] = checks.test_indexer(make_indexer())
    assert problem.startswith("Wrong API key:")
    assert "HTTP 401" in problem


def test_hdbits_wrong_credentials_name_the_passkey():
    error = AuthError("HDBits: auth failed")
    config = make_indexer(kind="hdbits", base_url="https://hdbits.org", username="u").config()
    assert checks.sentence(error, config).startswith("Wrong user name or passkey:")


def test_refused_connection_says_unreachable(fake):
    fake.error = Unavailable("Fake (127.0.0.1:9117) is unreachable (connection refused or failed)")
    [problem] = checks.test_indexer(make_indexer())
    assert problem.startswith("Unreachable: Fake (127.0.0.1:9117) is unreachable (connection")


def test_timeout_says_timed_out(fake):
    fake.error = Unavailable("Fake (127.0.0.1:9117) did not answer in time")
    [problem] = checks.test_indexer(make_indexer())
    assert problem.startswith("Timed out: Fake (127.0.0.1:9117) did not answer in time.")


def test_html_login_page_says_a_web_page_came_back(fake):
    fake.error = BadResponse("Fake (127.0.0.1:9117) sent an HTML page instead of XML")
    [problem] = checks.test_indexer(make_indexer())
    assert problem.startswith("A web page (a login page?) came back instead of the API:")


def test_unreadable_answer_says_it_cannot_be_read(fake):
    fake.error = BadResponse("Fake (127.0.0.1:9117) sent malformed XML")
    [problem] = checks.test_indexer(make_indexer())
    assert problem == "Unusable answer: Fake (127.0.0.1:9117) sent malformed XML."


def test_rate_limited_says_when_to_retry(fake):
    fake.error = RateLimited("Fake is rate limiting us (HTTP 429)", retry_after=120)
    [problem] = checks.test_indexer(make_indexer())
    assert problem == "Rate limited: Fake is rate limiting us (HTTP 429). Retry after 120 s."


def test_server_error_says_the_indexer_is_failing(fake):
    fake.error = Unavailable("Fake (127.0.0.1:9117) failed with HTTP 503")
    [problem] = checks.test_indexer(make_indexer())
    assert (
        problem
        == "The indexer is failing: Fake (127.0.0.1:9117) failed with HTTP 503. Try again later."
    )


def test_not_found_points_at_the_url_and_api_path():
    config = make_indexer(kind="torznab").config()
    problem = checks.sentence(NotFound("Torznab (x): not found (HTTP 404)"), config)
    assert "Check the URL and API path" in problem


def test_api_key_never_appears_in_a_problem(fake):
    fake.error = Unavailable(f"failed fetching http://h/api?t=caps&apikey={KEY}&q=x")
    [problem] = checks.test_indexer(make_indexer())
    assert KEY not in problem
    assert "apikey=(hidden)" in problem


def test_api_key_never_reaches_the_stored_provider_status(fake):
    fake.error = Unavailable(f"the key {KEY} was in this message")
    row = make_indexer()
    checks.test_indexer(row)
    assert KEY not in ProviderStatus.objects.get(key=row.provider_key).last_error


def test_indexer_without_any_search_fails(fake):
    fake.caps = Capabilities(search_params=frozenset(), movie_params=frozenset(), categories=MOVIES)
    [problem] = checks.test_indexer(make_indexer())
    assert "no movie search and no text search" in problem


def test_indexer_without_movie_search_works_with_a_warning(fake):
    fake.caps = Capabilities(movie_params=frozenset(), categories=MOVIES)
    report = checks.check_indexer(make_indexer())
    assert report.problems == []
    assert ["searched by title and year" in w for w in report.warnings] == [True]
    assert report.summary.endswith("text search only")


def test_some_categories_not_offered_are_a_note_naming_the_indexer(fake):
    report = checks.check_indexer(make_indexer(categories=[2000, 2040, 5000]))
    assert report.problems == [] and report.warnings == []
    assert report.notes == ["Not offered by Fake: categories 5000 (the others are searched)."]


def test_no_configured_category_offered_is_a_warning_naming_the_indexer(fake):
    report = checks.check_indexer(make_indexer(categories=[5000, 5040]))
    assert report.problems == []
    assert report.warnings == [
        "Fake offers none of the categories 5000, 5040: nothing will be found. "
        "Choose categories it lists under Capabilities."
    ]


def test_html_page_error_gives_its_hint_once():
    config = make_indexer(kind="torznab").config()
    error = BadResponse(
        "Torznab (h) answered with an HTML page, not XML (a login page? check the URL and API key)"
    )
    assert checks.sentence(error, config) == (
        "A web page (a login page?) came back instead of the API: Torznab (h) answered with "
        "an HTML page, not XML. Check the URL and the API key."
    )


def test_client_bug_is_reported_not_raised(fake, monkeypatch):
    def broken(self):
        raise ZeroDivisionError

    monkeypatch.setattr("tests.fakes.indexer.FakeIndexer.test", broken)
    assert checks.test_indexer(make_indexer()) == [
        "Fake indexer test failed unexpectedly: ZeroDivisionError."
    ]


def test_saved_indexer_keeps_its_capabilities_after_a_test(fake):
    row = make_indexer()
    checks.test_indexer(row)
    row.refresh_from_db()
    assert Capabilities.from_dict(row.capabilities) == fake.caps
    assert timezone.now() - row.capabilities_at < timedelta(minutes=1)


def test_store_false_leaves_the_saved_indexer_alone(fake):
    row = make_indexer()
    checks.check_indexer(row, store=False)
    row.refresh_from_db()
    assert row.capabilities == {} and row.capabilities_at is None
    assert not ProviderStatus.objects.filter(key=row.provider_key).exists()


def test_failed_test_is_recorded_on_the_provider_status_without_a_hold(fake):
    fake.error = Unavailable("Fake did not answer in time")
    row = make_indexer()
    checks.test_indexer(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.state == ProviderStatus.HALF_OPEN and status.disabled_until is None
    assert status.last_error == "Fake did not answer in time"
    assert status.last_error_kind == "Unavailable"


def test_failed_test_again_does_not_escalate_a_passed_hold(fake):
    fake.error = Unavailable("Fake did not answer in time")
    row = make_indexer()
    ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=3,
        disabled_until=timezone.now() - timedelta(minutes=1),
    )
    checks.test_indexer(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.consecutive_failures == 3
    assert status.disabled_until < timezone.now()


def test_failed_test_during_a_hold_does_not_lengthen_it(fake):
    fake.error = Unavailable("Fake did not answer in time")
    row = make_indexer()
    until = timezone.now() + timedelta(minutes=5)
    ProviderStatus.objects.create(
        key=row.provider_key, label=row.name, consecutive_failures=2, disabled_until=until
    )
    checks.test_indexer(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.disabled_until == until and status.consecutive_failures == 2


def test_failed_test_still_honours_the_indexers_retry_after(fake):
    fake.error = RateLimited("Fake is rate limiting us (HTTP 429)", retry_after=600, status=429)
    row = make_indexer()
    checks.test_indexer(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.disabled_until > timezone.now() + timedelta(minutes=9)


def test_reset_provider_status_forgets_the_hold(fake):
    row = make_indexer()
    ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=4,
        disabled_until=timezone.now() + timedelta(hours=1),
        last_error="down",
    )
    checks.reset_provider_status(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.state == ProviderStatus.CLOSED and status.last_error == ""


def test_successful_test_clears_a_hold(fake):
    row = make_indexer()
    ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=3,
        disabled_until=timezone.now() + timedelta(hours=1),
    )
    checks.test_indexer(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.state == ProviderStatus.CLOSED and status.disabled_until is None


def test_unsaved_indexer_leaves_no_provider_status_and_no_row(fake):
    row = Indexer(name="Fake", kind="fakeidx", base_url="http://127.0.0.1:1", categories=[2000])
    fake.error = Unavailable("down")
    assert checks.test_indexer(row)
    assert ProviderStatus.objects.count() == 0 and Indexer.objects.count() == 0


def test_a_plain_config_can_be_tested(fake):
    config = make_indexer().config()
    assert checks.check_indexer(config).summary.startswith("Connected")


def test_refresh_capabilities_stores_and_returns_them(fake):
    row = make_indexer()
    caps = checks.refresh_capabilities(row)
    row.refresh_from_db()
    assert caps == fake.caps
    assert Capabilities.from_dict(row.capabilities) == fake.caps


def test_refresh_capabilities_failure_raises_and_is_recorded(fake):
    fake.error = AuthError(f"refused key {KEY}")
    row = make_indexer()
    with pytest.raises(AuthError) as raised:
        checks.refresh_capabilities(row)
    assert KEY not in str(raised.value)
    assert ProviderStatus.objects.get(key=row.provider_key).last_error_kind == "AuthError"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q", "imdbid", "tmdbid"}, "imdb, tmdb"),
        ({"q", "imdbid"}, "imdb"),
        ({"q"}, "title only"),
        (set(), "title only"),
    ],
)
def test_capability_words_name_the_id_searches(params, words):
    assert checks.capability_words(Capabilities(movie_params=frozenset(params))) == words


def test_services_exports_the_checks():
    from indexers import services

    assert services.test_indexer is checks.test_indexer
    assert services.refresh_capabilities is checks.refresh_capabilities


def test_failing_status_without_failure_dates_does_not_claim_a_time():
    status = ProviderStatus(key="indexer:1", label="Fake", consecutive_failures=2)
    assert checks.indexer_state(status).text == "failing"


def test_failed_refresh_of_capabilities_starts_no_hold(fake):
    fake.error = Unavailable("Fake did not answer in time")
    row = make_indexer()
    with pytest.raises(Unavailable):
        checks.refresh_capabilities(row)
    status = ProviderStatus.objects.get(key=row.provider_key)
    assert status.disabled_until is None and status.last_error == "Fake did not answer in time"
