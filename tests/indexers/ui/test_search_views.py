"""The movie page's search: interactive results with decisions, sorting, escaping, grabbing
(signed payloads, confirmation for rejected releases), automatic search, admin only."""

from __future__ import annotations

import base64
import re
import time
import zlib
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import responses
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from downloads.models import Download
from indexers.release import IndexerFlags
from tests.fakes.download_client import make_release

pytestmark = pytest.mark.django_db

ACCEPTED = "The.Matrix.1999.1080p.BluRay.x264-GRP"
REJECTED = "The.Matrix.1999.720p.HDTV.x264-OTHER"  # HDTV-720p is not in HD-1080p


def url(name, movie):
    return reverse(f"movies:{name}", args=[movie.pk])


_ROW = re.compile(r'<tr class="(?:accepted|rejected)">(.*?)</tr>', re.DOTALL)
_PAYLOAD = re.compile(r'name="payload" value="([^"]+)"')


def grab_tokens(client, movie) -> dict[str, str]:
    """Search interactively and read each row's Grab token, by release title."""
    html = client.get(url("search_interactive", movie)).content.decode()
    tokens = {}
    for row in _ROW.findall(html):
        title = re.search(r'class="release-title">(?:<a [^>]*>)?([^<]+)', row).group(1)
        tokens[title] = _PAYLOAD.search(row).group(1)
    return tokens


def readable(token: str) -> str:
    """What anyone can read in a signed value (signing signs, it does not encrypt)."""
    body = token.split(":")[0]
    compressed = body.startswith(".")
    data = base64.urlsafe_b64decode(body.lstrip(".") + "=" * (-len(body.lstrip(".")) % 4))
    return (zlib.decompress(data) if compressed else data).decode()


@pytest.fixture
def feed(fake_indexers, indexer):
    feed = fake_indexers(indexer.name)
    feed.releases = [
        make_release(REJECTED, size=3_000_000_000, seeders=50, peers=60, guid="g-720"),
        make_release(ACCEPTED, size=8_000_000_000, seeders=10, peers=12, guid="g-1080"),
    ]
    return feed


def test_interactive_search_shows_the_accepted_rank_and_each_rejection_reason(
    admin_client, movie, feed
):
    response = admin_client.get(url("search_interactive", movie))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Accepted #1" in html
    assert "HDTV-720p" in html and "not wanted" in html.lower()
    assert html.index(ACCEPTED) < html.index(REJECTED)  # the engine's order by default


def test_interactive_search_lists_each_indexers_outcome(admin_client, movie, feed):
    html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "Fakebay: 2 releases in" in html


def test_interactive_search_through_htmx_answers_the_table_alone(admin_client, movie, feed):
    response = admin_client.get(url("search_interactive", movie), HTTP_HX_REQUEST="true")

    assert b"<html" not in response.content and b"release-table" in response.content


def test_a_hostile_release_title_is_escaped(admin_client, movie, feed):
    feed.releases = [make_release("<script>alert(1)</script>.The.Matrix.1999.1080p.BluRay")]

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_sorting_reorders_the_last_search_without_asking_the_indexers_again(
    admin_client, movie, feed
):
    admin_client.get(url("search_interactive", movie))

    html = admin_client.get(url("search_interactive", movie), {"sort": "size"}).content.decode()

    assert html.index(REJECTED) < html.index(ACCEPTED)  # 3 GB before 8 GB
    assert len(feed.searches) == 1


def test_sorting_descending_by_seeders_puts_the_best_seeded_first(admin_client, movie, feed):
    feed.releases[0].seeders, feed.releases[1].seeders = 1, 99

    html = admin_client.get(
        url("search_interactive", movie), {"sort": "seeders", "dir": "desc"}
    ).content.decode()

    assert html.index(ACCEPTED) < html.index(REJECTED)


def test_grabbing_an_accepted_release_sends_it_to_the_client(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[ACCEPTED]

    response = admin_client.post(url("search_grab", movie), {"payload": token})

    assert "Sent to Fake qBit" in response.content.decode()
    assert Download.objects.get(movie=movie).source_title == ACCEPTED


def test_the_results_page_carries_no_download_link_api_key_or_passkey(admin_client, movie, feed):
    for number, release in enumerate(feed.releases):
        release.download_url = (
            f"https://tracker.example/dl/{number}?apikey=SECRETAPIKEY&passkey=SECRETPASSKEY"
        )

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    tokens = _PAYLOAD.findall(html)
    assert len(tokens) == 2
    for token in tokens:
        assert "SECRET" not in readable(token) and "tracker.example" not in readable(token)
    assert "SECRETAPIKEY" not in html and "SECRETPASSKEY" not in html


def test_a_tampered_token_is_refused(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[ACCEPTED]
    tampered = token.replace(token[5], "A" if token[5] != "A" else "B", 1)

    response = admin_client.post(url("search_grab", movie), {"payload": tampered})

    assert response.status_code == 400
    assert not Download.objects.exists()


def test_release_data_signed_for_another_purpose_is_refused(admin_client, movie, client_row):
    payload = signing.dumps({"title": ACCEPTED, "download_url": "http://evil/"}, salt="other")

    response = admin_client.post(url("search_grab", movie), {"payload": payload})

    assert response.status_code == 400


def test_a_token_for_another_movie_is_refused(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[ACCEPTED]

    response = admin_client.post(
        reverse("movies:search_grab", args=[movie.pk + 1]), {"payload": token}
    )

    assert response.status_code in (400, 404)
    assert not Download.objects.exists()


def test_grabbing_from_expired_results_says_search_again(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[ACCEPTED]
    cache.clear()  # the search's results have left the cache

    response = admin_client.post(url("search_grab", movie), {"payload": token})

    assert response.status_code == 200
    assert "These results have expired; search again." in response.content.decode()
    assert not Download.objects.exists()


def test_a_token_older_than_thirty_minutes_says_search_again(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[ACCEPTED]

    # The token carries its signing time; read it 31 minutes later.
    with mock.patch("time.time", return_value=time.time() + 31 * 60):
        response = admin_client.post(url("search_grab", movie), {"payload": token})

    assert "These results have expired; search again." in response.content.decode()
    assert not Download.objects.exists()


def test_grabbing_a_rejected_release_asks_for_confirmation_first(
    admin_client, movie, feed, client_row
):
    token = grab_tokens(admin_client, movie)[REJECTED]

    response = admin_client.post(url("search_grab", movie), {"payload": token})

    html = response.content.decode()
    assert "Grab anyway" in html and "HDTV-720p" in html
    assert not Download.objects.exists()


def test_the_confirmation_in_the_table_does_not_repeat_the_rows_reasons_and_offers_cancel(
    admin_client, movie, feed, client_row
):
    token = grab_tokens(admin_client, movie)[REJECTED]

    response = admin_client.post(
        url("search_grab", movie), {"payload": token}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "Grab anyway" in html and "Cancel" in html
    assert "HDTV-720p" not in html  # the row above already lists the reasons


def test_cancel_puts_the_grab_button_back(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[REJECTED]

    response = admin_client.post(
        url("search_grab", movie), {"payload": token, "cancel": "1"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert ">Grab</button>" in html and "Grab anyway" not in html
    assert not Download.objects.exists()


def test_cancel_without_javascript_goes_back_to_the_results(admin_client, movie, feed):
    token = grab_tokens(admin_client, movie)[REJECTED]

    response = admin_client.post(url("search_grab", movie), {"payload": token, "cancel": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(url("search_interactive", movie))


def test_a_confirmed_rejected_release_is_grabbed(admin_client, movie, feed, client_row):
    token = grab_tokens(admin_client, movie)[REJECTED]

    admin_client.post(url("search_grab", movie), {"payload": token, "confirm": "1"})

    assert Download.objects.get(movie=movie).source_title == REJECTED


def test_a_grab_without_a_client_says_why(admin_client, movie, feed, fake_kinds):
    token = grab_tokens(admin_client, movie)[ACCEPTED]

    response = admin_client.post(
        url("search_grab", movie), {"payload": token}, HTTP_HX_REQUEST="true"
    )

    assert b"badge err" in response.content and b"client" in response.content
    assert not Download.objects.exists()


@responses.activate
def test_a_torrent_that_cannot_be_fetched_says_so_and_offers_grab_again(
    admin_client, movie, feed, client_row
):
    responses.add(responses.GET, "http://files.example/dl/1.torrent", status=404)
    feed.releases[1].download_url = "http://files.example/dl/1.torrent"
    token = grab_tokens(admin_client, movie)[ACCEPTED]

    response = admin_client.post(
        url("search_grab", movie), {"payload": token}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "Could not download the .torrent from Fakebay: " in html
    assert "(HTTP 404)" in html and "files.example" not in html
    assert "Grab again" in html and token in html
    assert not Download.objects.exists()


def test_automatic_search_shows_its_outcome_and_the_queue_link(
    admin_client, movie, feed, client_row
):
    response = admin_client.post(url("search_automatic", movie), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert Download.objects.get(movie=movie).source_title == ACCEPTED
    assert ACCEPTED in html or "Grabbed" in html
    assert reverse("activity:queue") in html


def test_automatic_search_that_finds_nothing_says_so(admin_client, movie, feed, client_row):
    feed.releases = []

    response = admin_client.post(url("search_automatic", movie), follow=True)

    assert not Download.objects.exists()
    assert list(response.context["messages"])  # the outcome's sentence


@pytest.mark.parametrize("name", ["search_interactive", "search_automatic", "search_grab"])
def test_members_cannot_search_or_grab(member_client, movie, name):
    method = member_client.get if name == "search_interactive" else member_client.post
    assert method(url(name, movie)).status_code == 403


def test_the_movie_page_offers_search_to_admins(admin_client, movie):
    assert b"Interactive search" in admin_client.get(url("detail", movie)).content


def test_the_movie_page_hides_search_from_members(member_client, movie):
    assert b"Interactive search" not in member_client.get(url("detail", movie)).content


def test_a_failing_indexer_shows_its_error_beside_the_others_results(
    admin_client, movie, feed, fake_indexers
):
    from indexers.models import Indexer
    from radarr_site.http.errors import Unavailable

    Indexer.objects.create(name="Broken", kind="fakeidx", base_url="http://127.0.0.1:1")
    fake_indexers("Broken").error = Unavailable("Broken timed out after 10 s")

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "Broken timed out after 10 s" in html
    assert "Accepted #1" in html  # the other indexer's releases are still there


def test_a_search_without_indexers_says_none_is_enabled(admin_client, movie, fake_indexers):
    html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "No indexer is enabled for interactive search." in html


def test_indexer_flags_are_shown_by_name(admin_client, movie, feed):
    feed.releases[1].indexer_flags = IndexerFlags.FREELEECH | IndexerFlags.INTERNAL

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "Freeleech" in html and "Internal" in html


def test_age_reads_in_hours_under_a_day_and_in_days_after(admin_client, movie, feed):
    now = datetime.now(UTC)
    feed.releases[0].publish_date = now - timedelta(hours=5, minutes=10)
    feed.releases[1].publish_date = now - timedelta(days=3, hours=2)

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "5 hours" in html and "3 days" in html


def test_a_held_off_indexer_says_until_when_and_its_last_error_once(
    admin_client, movie, feed, fake_indexers
):
    from indexers.models import Indexer
    from radarr_site.http.errors import Unavailable
    from radarr_site.providers import record_failure

    broken = Indexer.objects.create(name="Broken", kind="fakeidx", base_url="http://127.0.0.1:1")
    record_failure(broken.provider_key, broken.name, Unavailable("Broken timed out after 10 s"))

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    line = re.search(r"<li>Broken: (.*?)</li>", html).group(1)
    assert re.search(
        r"held off until \d\d:\d\d after failures \(Broken timed out after 10 s\)", line
    )
    assert line.count("held off") == 1


def test_a_search_cut_short_shows_its_note(admin_client, movie, fake_indexers, indexer):
    from indexers.search.run import IndexerOutcome
    from indexers.search.service import SearchResult

    result = SearchResult(
        movie=movie,
        decisions=[],
        outcomes=[IndexerOutcome(indexer.pk, "Fakebay", count=0, note="results may be incomplete")],
        searched_at=datetime.now(UTC),
    )
    with mock.patch("indexers.services.search_movie", return_value=result):
        html = admin_client.get(url("search_interactive", movie)).content.decode()

    assert "Fakebay: 0 releases in 0 ms" in html and "results may be incomplete" in html


def test_the_language_column_shows_parsed_languages_and_english_for_untagged_releases(
    admin_client, movie, feed
):
    feed.releases[0].title = "The.Matrix.1999.FRENCH.720p.HDTV.x264-OTHER"

    html = admin_client.get(url("search_interactive", movie)).content.decode()

    rows = dict(
        (re.search(r'class="release-title">([^<]+)', row).group(1), row)
        for row in _ROW.findall(html)
    )
    assert "<td>French</td>" in rows["The.Matrix.1999.FRENCH.720p.HDTV.x264-OTHER"]
    assert "<td>English</td>" in rows[ACCEPTED]


def test_the_movie_page_shows_the_last_automatic_search(admin_client, movie, feed, client_row):
    from indexers.search import automatic_search

    automatic_search(movie, source="add")

    html = admin_client.get(url("detail", movie)).content.decode()

    assert f"Last search: just now: Grabbed {ACCEPTED} from Fakebay" in html


def test_a_movie_never_searched_shows_no_last_search(admin_client, movie):
    assert b"Last search:" not in admin_client.get(url("detail", movie)).content
