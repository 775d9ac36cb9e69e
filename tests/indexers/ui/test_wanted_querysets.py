"""The wanted querysets: missing (monitored, no file, available) and cutoff unmet
(per profile, a group counting as one place)."""

from __future__ import annotations

import datetime

import pytest

from movies.models import MovieFile, QualityProfile
from movies.quality import profile_items
from movies.services import wanted_movies
from tests.movies.factories import make_movie

TODAY = datetime.date(2026, 6, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(seeded_qualities, root_folder):
    return root_folder


def missing_titles() -> set[str]:
    return set(wanted_movies("missing", today=TODAY).values_list("title", flat=True))


def cutoff_titles() -> set[str]:
    return set(wanted_movies("cutoff").values_list("title", flat=True))


def with_file(root, title: str, quality_id: int, profile: str = "HD-1080p", **fields):
    movie = make_movie(
        root, title=title, quality_profile=QualityProfile.objects.get(name=profile), **fields
    )
    MovieFile.objects.create(movie=movie, relative_path=f"{title}.mkv", quality_id=quality_id)
    return movie


def test_missing_lists_a_released_monitored_movie_without_file(library):
    make_movie(library, title="Out", digital_release=datetime.date(2026, 1, 1))
    assert missing_titles() == {"Out"}


def test_missing_skips_unmonitored_movies(library):
    make_movie(library, title="Out", digital_release=datetime.date(2026, 1, 1), monitored=False)
    assert missing_titles() == set()


def test_missing_skips_movies_with_a_file(library):
    with_file(library, "Have", 7, digital_release=datetime.date(2026, 1, 1))
    assert missing_titles() == set()


def test_missing_waits_for_the_home_release_of_a_released_minimum(library):
    make_movie(
        library,
        title="Soon",
        in_cinemas=datetime.date(2026, 1, 1),
        physical_release=datetime.date(2026, 7, 1),
    )
    assert missing_titles() == set()


def test_missing_takes_ninety_days_after_cinemas_when_no_home_release_is_known(library):
    make_movie(library, title="Old", in_cinemas=TODAY - datetime.timedelta(days=90))
    make_movie(library, title="Recent", in_cinemas=TODAY - datetime.timedelta(days=89))
    assert missing_titles() == {"Old"}


def test_missing_honours_in_cinemas_and_announced_minimums(library):
    make_movie(
        library,
        title="Cinema",
        minimum_availability="inCinemas",
        in_cinemas=datetime.date(2026, 5, 1),
    )
    make_movie(
        library,
        title="NotYet",
        minimum_availability="inCinemas",
        in_cinemas=datetime.date(2026, 7, 1),
    )
    make_movie(library, title="Announced", minimum_availability="announced")
    assert missing_titles() == {"Cinema", "Announced"}


@pytest.mark.parametrize("days", [-30, 0, 30, 89, 90, 400])
def test_missing_query_agrees_with_movie_is_available(library, days):
    movie = make_movie(library, title="M", in_cinemas=TODAY - datetime.timedelta(days=days))
    assert (movie.title in missing_titles()) == movie.is_available(today=TODAY)


def test_cutoff_lists_a_file_below_the_profile_cutoff(library):
    with_file(library, "Web", 3)  # WEBDL-1080p under HD-1080p (cutoff Bluray-1080p)
    with_file(library, "Bluray", 7)
    with_file(library, "Remux", 30)  # above the cutoff
    assert cutoff_titles() == {"Web"}


def test_cutoff_is_judged_per_profile(library):
    with_file(library, "Strict", 3, profile="HD-1080p")
    with_file(library, "Loose", 3, profile="HD - 720p/1080p")  # cutoff Bluray-720p
    assert cutoff_titles() == {"Strict"}


def test_cutoff_counts_a_group_as_one_place(library):
    allowed = {4, 5, 14, 6}
    QualityProfile.objects.create(name="Web720", cutoff=1001, items=profile_items(allowed))
    with_file(library, "Rip", 14, profile="Web720")  # WEBRip-720p, second member of WEB 720p
    with_file(library, "Tv", 4, profile="Web720")  # HDTV-720p sits below the group
    assert cutoff_titles() == {"Tv"}


def test_cutoff_skips_unmonitored_movies(library):
    with_file(library, "Web", 3, monitored=False)
    assert cutoff_titles() == set()


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        wanted_movies("everything")
