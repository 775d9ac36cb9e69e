"""Custom format scores on the profile editor, and the profile's score thresholds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import CustomFormat, ProfileFormatScore, QualityProfile
from tests.settings_pages.test_profiles import posted_state

pytestmark = pytest.mark.django_db

SPECS = [
    {
        "name": "x265",
        "implementation": "ReleaseTitleSpecification",
        "negate": False,
        "required": False,
        "fields": {"value": "x265"},
    }
]


@pytest.fixture
def profile(db):
    return QualityProfile.objects.get(name="HD-1080p")


@pytest.fixture
def formats(db):
    return [
        CustomFormat.objects.create(name="x265", specifications=SPECS),
        CustomFormat.objects.create(name="<i>Remux</i>", specifications=SPECS),
    ]


def edit_url(profile) -> str:
    return reverse("settings:profile_edit", args=[profile.pk])


def test_edit_page_lists_every_format_with_a_score_of_zero_by_default(
    admin_client, profile, formats
):
    response = admin_client.get(edit_url(profile))
    html = response.content.decode()
    assert f'name="score_{formats[0].pk}"' in html and f'name="score_{formats[1].pk}"' in html
    assert response.context["form"][f"score_{formats[0].pk}"].value() == 0
    assert "&lt;i&gt;Remux&lt;/i&gt;" in html


def test_edit_page_shows_stored_scores(admin_client, profile, formats):
    ProfileFormatScore.objects.create(profile=profile, custom_format=formats[0], score=150)
    response = admin_client.get(edit_url(profile))
    assert response.context["form"][f"score_{formats[0].pk}"].value() == 150


def test_saving_stores_scores_and_thresholds(admin_client, profile, formats):
    data = posted_state(
        profile,
        min_format_score="-100",
        cutoff_format_score="500",
        min_upgrade_format_score="10",
        **{f"score_{formats[0].pk}": "250", f"score_{formats[1].pk}": "-1000"},
    )
    response = admin_client.post(edit_url(profile), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.min_format_score, profile.cutoff_format_score) == (-100, 500)
    assert profile.min_upgrade_format_score == 10
    scores = dict(profile.format_scores.values_list("custom_format__name", "score"))
    assert scores == {"x265": 250, "<i>Remux</i>": -1000}


def test_a_score_set_back_to_zero_removes_its_row(admin_client, profile, formats):
    ProfileFormatScore.objects.create(profile=profile, custom_format=formats[0], score=150)
    admin_client.post(edit_url(profile), posted_state(profile, **{f"score_{formats[0].pk}": "0"}))
    assert not ProfileFormatScore.objects.filter(custom_format=formats[0]).exists()


def test_scores_missing_from_the_post_keep_what_is_stored(admin_client, profile, formats):
    ProfileFormatScore.objects.create(profile=profile, custom_format=formats[0], score=150)
    profile.min_format_score = 5
    profile.save()
    admin_client.post(edit_url(profile), posted_state(profile))
    profile.refresh_from_db()
    assert profile.min_format_score == 5
    assert ProfileFormatScore.objects.get(custom_format=formats[0]).score == 150


def test_minimum_upgrade_increment_must_be_at_least_one(admin_client, profile):
    response = admin_client.post(
        edit_url(profile), posted_state(profile, min_upgrade_format_score="0")
    )
    assert "must be at least 1" in response.content.decode()
    profile.refresh_from_db()
    assert profile.min_upgrade_format_score == 1


def test_upgrade_until_score_below_the_minimum_is_refused(admin_client, profile):
    data = posted_state(profile, min_format_score="100", cutoff_format_score="50")
    response = admin_client.post(edit_url(profile), data)
    assert "at least the minimum custom format score" in response.content.decode()
    profile.refresh_from_db()
    assert profile.min_format_score == 0


def test_a_score_that_is_not_a_number_is_refused(admin_client, profile, formats):
    data = posted_state(profile, **{f"score_{formats[0].pk}": "lots"})
    response = admin_client.post(edit_url(profile), data)
    assert "enter a whole number" in response.content.decode()
    assert not ProfileFormatScore.objects.exists()


def test_a_move_keeps_typed_scores_unsaved(admin_client, profile, formats):
    second = posted_state(profile)["order"][1]
    data = posted_state(profile, move=f"up:{second}", **{f"score_{formats[0].pk}": "75"})
    response = admin_client.post(edit_url(profile), data)
    assert response.context["form"][f"score_{formats[0].pk}"].value() == "75"
    assert not ProfileFormatScore.objects.exists()


def test_copying_a_profile_copies_its_scores(admin_client, profile, formats):
    ProfileFormatScore.objects.create(profile=profile, custom_format=formats[0], score=150)
    admin_client.post(reverse("settings:profile_copy", args=[profile.pk]))
    copy = QualityProfile.objects.get(name="HD-1080p (copy)")
    assert ProfileFormatScore.objects.get(profile=copy).score == 150
