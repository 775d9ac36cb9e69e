"""Interactive search: each release's group with its reputation score and tier, the
reputation rejection and notes in the decision column, and sorting by the group's score."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from scenegroups.models import SceneGroup
from tests.fakes.download_client import make_release

pytestmark = pytest.mark.django_db

ELITE = "The.Matrix.1999.1080p.BluRay.x264-FraMeSToR"
POOR = "The.Matrix.1999.1080p.BluRay.x264-SLOPPY"
UNKNOWN = "The.Matrix.1999.1080p.BluRay.x264-NOBODY"


def group(name, score, tier, confidence="high"):
    return SceneGroup.objects.create(
        key=name.lower(), name=name, score=score, tier=tier, confidence=confidence
    )


@pytest.fixture
def feed(fake_indexers, indexer):
    feed = fake_indexers(indexer.name)
    feed.releases = [
        make_release(title, seeders=20, peers=2, guid=f"g-{n}")
        for n, title in enumerate([POOR, UNKNOWN, ELITE])
    ]
    return feed


def search(client, movie, **params) -> str:
    url = reverse("movies:search_interactive", args=[movie.pk])
    return client.get(url, params).content.decode()


def group_cells(html: str) -> list[str]:
    """Each row's Group cell as text, tags removed and spaces collapsed."""
    cells = re.findall(r'<td class="release-group">(.*?)</td>', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_each_release_shows_its_groups_score_and_tier(admin_client, movie, feed):
    group("FraMeSToR", 88.7, "Elite")
    group("SLOPPY", 34.0, "Poor")

    cells = group_cells(search(admin_client, movie))

    assert "FraMeSToR 88 Elite" in cells
    assert "SLOPPY 34 Poor" in cells
    assert "NOBODY" in cells  # an unknown group: its name alone


def test_a_low_confidence_score_says_so(admin_client, movie, feed):
    group("FraMeSToR", 88.0, "Elite", confidence="low")

    assert "FraMeSToR 88 Elite low confidence" in group_cells(search(admin_client, movie))


def test_the_tier_and_group_are_escaped(admin_client, movie, feed):
    group("FraMeSToR", 88.0, "<b>Elite</b>")

    html = search(admin_client, movie)

    assert "<b>Elite</b>" not in html and "&lt;b&gt;Elite&lt;/b&gt;" in html


def test_a_better_group_ranks_first_among_equal_releases(admin_client, movie, feed):
    group("FraMeSToR", 88.0, "Elite")
    group("SLOPPY", 34.0, "Poor")

    html = search(admin_client, movie)

    assert html.index(ELITE) < html.index(UNKNOWN) < html.index(POOR)


def test_the_profile_minimum_rejects_a_poor_group_and_notes_an_unknown_one(
    admin_client, movie, feed
):
    group("SLOPPY", 34.0, "Poor")
    movie.quality_profile.minimum_reputation = 50
    movie.quality_profile.save()

    html = search(admin_client, movie)

    assert "group SLOPPY scores 34 &lt; 50, confidence high" in html
    assert "group NOBODY: reputation unknown" in html


def test_sorting_by_group_orders_by_score_with_unscored_groups_last(admin_client, movie, feed):
    group("FraMeSToR", 88.0, "Elite")
    group("SLOPPY", 34.0, "Poor")
    search(admin_client, movie)

    ascending = search(admin_client, movie, sort="group")
    descending = search(admin_client, movie, sort="group", dir="desc")

    assert ascending.index(POOR) < ascending.index(ELITE) < ascending.index(UNKNOWN)
    assert descending.index(ELITE) < descending.index(POOR) < descending.index(UNKNOWN)
