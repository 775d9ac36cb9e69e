"""Add movie's "Start search for missing movie" and the queue's "Search again"."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_data(seeded_qualities, root_folder):
    from movies.models import QualityProfile

    quality_profile = QualityProfile.objects.get(name="HD-1080p")
    return {
        "tmdb_id": 603,
        "root_folder": root_folder.pk,
        "quality_profile": quality_profile.pk,
        "monitored": "on",
        "minimum_availability": "released",
    }


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "indexers.search.queue_movie_search",
        lambda movie_id, source="automatic", **kw: calls.append((movie_id, source)),
    )
    return calls


def test_adding_with_search_ticked_queues_the_movies_search(
    admin_client, add_data, fake_tmdb, queued
):
    admin_client.post(reverse("movies:add"), {**add_data, "search_for_movie": "on"})

    from movies.models import Movie

    assert queued == [(Movie.objects.get(tmdb_id=603).pk, "add")]


def test_adding_without_search_queues_nothing(admin_client, add_data, fake_tmdb, queued):
    admin_client.post(reverse("movies:add"), add_data)

    assert queued == []


def test_the_add_form_ticks_start_search_by_default(admin_client, root_folder, fake_tmdb):
    html = admin_client.get(reverse("movies:add"), {"q": "The Matrix"}).content.decode()

    assert 'name="search_for_movie" value="on" checked' in html


def test_the_queue_offers_search_again_when_blocklisting(admin_client, fake_kinds, matrix):
    from indexers.grabbing import grab_release
    from tests.fakes.download_client import make_client, make_release

    make_client()
    grab_release(matrix, make_release())

    html = admin_client.get(reverse("activity:queue")).content.decode()

    assert '<input type="checkbox" name="search"> Search again' in html


def test_the_add_form_remembers_start_search_turned_off(admin_client, add_data, fake_tmdb, queued):
    admin_client.post(reverse("movies:add"), add_data)

    html = admin_client.get(reverse("movies:add"), {"q": "The Matrix"}).content.decode()

    assert 'name="search_for_movie" value="on">' in html
