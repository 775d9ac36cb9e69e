"""The plain data the rules read: profile places, movie titles, release ages."""

from datetime import UTC, datetime, timedelta

from indexers.decisions import MovieFacts, ProfileFacts
from tests.decisions.factories import NOW, profile, release

ITEMS = [
    {"quality": 1, "allowed": False},  # SDTV
    {"id": 1002, "name": "WEB 1080p", "items": [3, 15], "allowed": True},
    {"quality": 7, "allowed": True},  # Bluray-1080p
    {"quality": 30, "allowed": False},  # Remux-1080p
]


def test_group_members_share_their_groups_place():
    facts = ProfileFacts.from_items("Mine", ITEMS, 7)
    assert facts.place(3) == facts.place(15) == 1
    assert facts.place_names[1] == "WEB 1080p"


def test_places_disallowed_qualities_by_their_index_but_does_not_allow_them():
    facts = ProfileFacts.from_items("Mine", ITEMS, 7)
    assert facts.place(30) > facts.place(7)
    assert facts.allowed == frozenset({3, 15, 7})


def test_ranks_qualities_the_profile_does_not_list_below_all_others():
    assert ProfileFacts.from_items("Mine", ITEMS, 7).place(31) == -1


def test_finds_the_cutoff_place_of_a_quality_or_a_group():
    assert ProfileFacts.from_items("Mine", ITEMS, 7).cutoff_name == "Bluray-1080p"
    assert ProfileFacts.from_items("Mine", ITEMS, 1002).cutoff_name == "WEB 1080p"


def test_lists_allowed_ids_best_first():
    assert profile("HD-720p").allowed_ids[0] == 6  # Bluray-720p


def test_movie_facts_clean_every_title_and_drop_empty_ones():
    facts = MovieFacts.of(
        1, "Amélie", alternative_titles=["Le Fabuleux Destin d'Amélie Poulain", ""]
    )
    assert facts.clean_titles == frozenset({"amelie", "lefabuleuxdestindameliepoulain"})


def test_release_age_counts_from_the_given_moment():
    aired = release(publish_date=NOW - timedelta(hours=36))
    assert aired.age_hours_at(NOW) == 36
    assert release(publish_date=None).age_hours_at(NOW) is None


def test_release_age_properties_count_from_now():
    two_days = release(publish_date=datetime.now(UTC) - timedelta(days=2))
    assert 47.9 < two_days.age_hours < 48.1
    assert 1.99 < two_days.age_days < 2.01
