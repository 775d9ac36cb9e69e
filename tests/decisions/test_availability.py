"""Minimum availability rule."""

from indexers.decisions.specs.availability import MinimumAvailability
from tests.decisions.factories import evaluate, movie


def test_accepts_releases_of_an_available_movie():
    assert evaluate(MinimumAvailability(), movie_=movie(available=True)) is None


def test_rejects_releases_before_the_minimum_availability_naming_it():
    rejection = evaluate(
        MinimumAvailability(), movie_=movie(available=False, minimum_availability="In cinemas")
    )
    assert rejection.reason == (
        "The Matrix (1999) has not reached its minimum availability (In cinemas)"
    )
