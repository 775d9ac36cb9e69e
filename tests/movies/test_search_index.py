"""On SQLite the library search reads an FTS5 trigram index kept in step by triggers.

A later migration that rebuilds movies_movie (SQLite's way of altering a column) drops
triggers silently; these tests catch that before users find a stale search.
"""

from __future__ import annotations

import pytest
from django.db import connection

from movies.library import library_page
from tests.movies.factories import make_movie

TRIGGERS = {f"movies_movie_search_{event}" for event in ("insert", "delete", "update")}

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the trigram index exists on SQLite only"
)


def titles(params: dict) -> list[str]:
    return [movie.title for movie in library_page(params).movies]


@pytest.mark.django_db
def test_every_search_trigger_exists_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}

    assert present >= TRIGGERS


def test_a_renamed_movie_is_found_by_its_new_title_and_not_its_old_one(root_folder):
    movie = make_movie(root_folder, title="Working Title")
    movie.title = "Heat"
    movie.save()

    assert titles({"q": "heat"}) == ["Heat"]
    assert titles({"q": "working"}) == []


def test_a_deleted_movie_leaves_the_search(root_folder):
    movie = make_movie(root_folder, title="Arrival")
    movie.delete()

    assert titles({"q": "arrival"}) == []
