"""API v3 calendar: movies whose cinema, digital or physical release falls in a range."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from radarr_site.api.keys import current_api_key
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


def get(client, path: str):
    return client.get(path, HTTP_X_API_KEY=current_api_key())


def ids(response) -> set[int]:
    assert response.status_code == 200
    return {row["id"] for row in response.json()}


def test_calendar_lists_movies_with_any_release_date_in_the_range(client, root_folder):
    cinema = make_movie(root_folder, title="Cinema", in_cinemas=dt.date(2025, 3, 2))
    digital = make_movie(root_folder, title="Digital", digital_release=dt.date(2025, 3, 5))
    physical = make_movie(root_folder, title="Disc", physical_release=dt.date(2025, 3, 1))
    make_movie(root_folder, title="Later", in_cinemas=dt.date(2025, 4, 1))
    make_movie(root_folder, title="Undated")
    found = ids(get(client, "/api/v3/calendar?start=2025-03-01&end=2025-03-05"))
    assert found == {cinema.pk, digital.pk, physical.pk}


def test_calendar_answers_radarr_movie_resources(client, root_folder):
    make_movie(root_folder, title="Cinema", tmdb_id=77, in_cinemas=dt.date(2025, 3, 2))
    [row] = get(client, "/api/v3/calendar?start=2025-03-01&end=2025-03-05").json()
    assert row["tmdbId"] == 77
    assert row["inCinemas"] == "2025-03-02T00:00:00Z"
    assert row["title"] == "Cinema"
    assert {"monitored", "hasFile", "isAvailable", "images", "titleSlug"} <= set(row)


def test_calendar_defaults_to_today_and_the_next_two_days(client, root_folder):
    today = timezone.localdate()
    soon = make_movie(root_folder, title="Soon", in_cinemas=today + dt.timedelta(days=2))
    make_movie(root_folder, title="Too late", in_cinemas=today + dt.timedelta(days=3))
    make_movie(root_folder, title="Past", in_cinemas=today - dt.timedelta(days=1))
    assert ids(get(client, "/api/v3/calendar")) == {soon.pk}


def test_calendar_leaves_out_unmonitored_movies_unless_asked(client, root_folder):
    day = dt.date(2025, 3, 2)
    watched = make_movie(root_folder, title="Watched", in_cinemas=day)
    ignored = make_movie(root_folder, title="Ignored", in_cinemas=day, monitored=False)
    span = "start=2025-03-01&end=2025-03-05"
    assert ids(get(client, f"/api/v3/calendar?{span}")) == {watched.pk}
    both = ids(get(client, f"/api/v3/calendar?{span}&unmonitored=true"))
    assert both == {watched.pk, ignored.pk}


def test_calendar_accepts_iso_times_as_overseerr_and_pyarr_send(client, root_folder):
    movie = make_movie(root_folder, title="Cinema", in_cinemas=dt.date(2025, 3, 2))
    url = "/api/v3/calendar?start=2025-03-01T00:00:00Z&end=2025-03-03T00:00:00.000Z"
    assert ids(get(client, url)) == {movie.pk}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=yesterday", "start"),
        ("end=2025-13-40", "end"),
        ("start=2025-03-05&end=2025-03-01", "end"),
    ],
)
def test_calendar_refuses_bad_dates_naming_the_parameter(client, db, query, field):
    response = get(client, f"/api/v3/calendar?{query}")
    assert response.status_code == 400
    assert response.json()[0]["propertyName"] == field


def test_calendar_refuses_a_call_without_key(client, db):
    assert client.get("/api/v3/calendar").status_code == 401
