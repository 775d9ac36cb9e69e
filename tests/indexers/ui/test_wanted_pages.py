"""Wanted → Missing / Cutoff unmet: everyone sees the lists, admins queue the search, one
run at a time, and the page polls its progress."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from movies.models import MovieFile, QualityProfile
from radarr_site import progress
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db

PROGRESS_KEY = "wanted-search"


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
