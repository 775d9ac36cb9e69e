"""Wanted → Missing / Cutoff unmet: everyone sees the lists, admins queue the search, one
run at a time, and the page polls its progress."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from movies.models import MovieFile, QualityProfile
from radarr_site import progress
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db

PROGRESS_KEY = "wanted-search"


@pytest.fixture(autouse=True)
def empty_cache():
    """The Wanted pages read which list the last search was for from the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queued(monkeypatch):
    """Tasks handed to django-q, recorded instead of run."""
    calls = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda func, *args, **kw: calls.append((func, args))
    )
    return calls


@pytest.fixture
def missing(seeded_qualities, root_folder):
    released = datetime.date(2001, 1, 1)
    return [
        make_movie(root_folder, title="Alpha", year=2003, digital_release=released),
        make_movie(root_folder, title="Beta", year=2001, digital_release=released),
    ]


def test_members_see_the_missing_list_without_search_buttons(member_client, missing):
    response = member_client.get(reverse("movies:wanted_missing"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Alpha" in html and "Beta" in html
    assert "Search all" not in html


def test_members_cannot_start_a_wanted_search(member_client, missing, queued):
    response = member_client.post(
        reverse("movies:wanted_search", args=["missing"]), {"scope": "all"}
    )

    assert response.status_code == 403
    assert queued == []


def test_the_cutoff_list_shows_each_movies_current_quality(
    admin_client, seeded_qualities, root_folder
):
    movie = make_movie(
        root_folder, title="Webby", quality_profile=QualityProfile.objects.get(name="HD-1080p")
    )
    MovieFile.objects.create(movie=movie, relative_path="w.mkv", quality_id=3)

    html = admin_client.get(reverse("movies:wanted_cutoff")).content.decode()

    assert "Webby" in html and "WEBDL-1080p" in html


def test_the_list_sorts_by_year(admin_client, missing):
    html = admin_client.get(reverse("movies:wanted_missing"), {"sort": "year"}).content.decode()

    assert html.index("Beta") < html.index("Alpha")


def test_an_unknown_wanted_list_is_not_found(admin_client, missing):
    response = admin_client.post(reverse("movies:wanted_search", args=["everything"]))

    assert response.status_code == 404


def test_search_all_queues_the_wanted_search_task(admin_client, missing, queued):
    admin_client.post(reverse("movies:wanted_search", args=["missing"]), {"scope": "all"})

    assert queued == [("indexers.tasks.search_wanted", ("missing", None, True))]
    assert progress.get(PROGRESS_KEY).state == "running"


def test_search_selected_queues_only_the_ticked_movies(admin_client, missing, queued):
    alpha = missing[0]

    admin_client.post(
        reverse("movies:wanted_search", args=["missing"]),
        {"scope": "selected", "movie": [str(alpha.pk)]},
    )

    assert queued == [("indexers.tasks.search_wanted", ("missing", [alpha.pk], True))]


def test_search_selected_with_nothing_ticked_queues_nothing(admin_client, missing, queued):
    response = admin_client.post(
        reverse("movies:wanted_search", args=["missing"]), {"scope": "selected"}, follow=True
    )

    assert queued == []
    assert "Tick the movies" in response.content.decode()


def test_a_second_search_is_refused_while_one_runs(admin_client, missing, queued):
    progress.start(PROGRESS_KEY, 10, "Searching")

    response = admin_client.post(
        reverse("movies:wanted_search", args=["missing"]), {"scope": "all"}, follow=True
    )

    assert queued == []
    assert "already running" in response.content.decode()


def test_the_progress_partial_polls_while_the_search_runs(admin_client, missing):
    progress.start(PROGRESS_KEY, 4, "Searching")
    progress.advance(PROGRESS_KEY, 1)

    html = admin_client.get(reverse("movies:wanted_progress")).content.decode()

    assert "1 of 4" in html and 'hx-trigger="every 2s"' in html


def test_the_progress_partial_stops_polling_once_the_search_ends(admin_client, missing):
    progress.start(PROGRESS_KEY, 4, "Searching")
    progress.finish(PROGRESS_KEY, "Searched 4, grabbed 1")

    html = admin_client.get(reverse("movies:wanted_progress")).content.decode()

    assert "Searched 4, grabbed 1" in html and "every 2s" not in html


def test_a_missing_movie_that_is_downloading_stays_listed_with_its_queue_status(
    admin_client, missing, fake_kinds
):
    from indexers.grabbing import grab_release
    from tests.fakes.download_client import make_client, make_release

    make_client()
    grab_release(missing[0], make_release("Alpha.2003.1080p.BluRay.x264-GRP"))

    html = admin_client.get(reverse("movies:wanted_missing")).content.decode()

    row = re.search(r"<tr>\s*<td><input[^>]*Select Alpha.*?</tr>", html, re.DOTALL).group(0)
    assert "Queued" in row or "Downloading" in row
    assert reverse("activity:queue") in row


def test_the_cutoff_page_does_not_show_the_missing_searchs_progress(admin_client, missing):
    progress.start(PROGRESS_KEY, 2, "Searching 2 missing movie(s)")
    progress.finish(PROGRESS_KEY, "Searched 2 of 2 missing movie(s), grabbed 0")

    cutoff = admin_client.get(reverse("movies:wanted_cutoff")).content.decode()
    missing_page = admin_client.get(reverse("movies:wanted_missing")).content.decode()

    assert "Searched 2 of 2" not in cutoff
    assert "Searched 2 of 2 missing movie(s)" in missing_page


def test_a_running_search_of_the_other_list_is_named_not_shown(admin_client, missing, queued):
    admin_client.post(reverse("movies:wanted_search", args=["missing"]), {"scope": "all"})
    progress.advance(PROGRESS_KEY, 1, message="Alpha: Grabbed something")

    cutoff = admin_client.get(reverse("movies:wanted_cutoff")).content.decode()
    polled = admin_client.get(reverse("movies:wanted_progress"), {"kind": "missing"})

    assert "A search of the Missing list is running" in cutoff
    assert "Alpha: Grabbed something" not in cutoff
    assert "Alpha: Grabbed something" in polled.content.decode()


def test_a_search_that_just_ended_reads_just_now(admin_client, missing):
    progress.start(PROGRESS_KEY, 2, "Searching 2 missing movie(s)")
    progress.finish(PROGRESS_KEY, "Searched 2 of 2 missing movie(s), grabbed 0")

    html = admin_client.get(reverse("movies:wanted_missing")).content.decode()

    assert "just now" in html and "0\xa0minutes" not in html and "0 minutes" not in html


def test_the_sort_links_flip_the_sorted_column(admin_client, missing):
    html = admin_client.get(reverse("movies:wanted_missing"), {"sort": "year"}).content.decode()

    assert '?sort=year&amp;dir=desc">Year</a> ▲' in html
