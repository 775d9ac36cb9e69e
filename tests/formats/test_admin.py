"""Custom formats in the Django admin: readable conditions, validation, export, profile scores."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from movies.models import CustomFormat, ProfileFormatScore, QualityProfile

pytestmark = pytest.mark.django_db

SPECS = [
    {
        "name": "Remux",
        "implementation": "QualityModifierSpecification",
        "negate": False,
        "required": True,
        "fields": {"value": 5},
    }
]


def test_changelist_shows_conditions_readably(admin_client):
    CustomFormat.objects.create(name="Remux", specifications=SPECS)
    html = admin_client.get(reverse("admin:movies_customformat_changelist")).content.decode()
    assert "Quality modifier: Remux (required)" in html


def test_add_page_renders(admin_client):
    assert admin_client.get(reverse("admin:movies_customformat_add")).status_code == 200


def test_admin_refuses_an_unknown_condition_type(admin_client):
    data = {"name": "Bad", "specifications": json.dumps([{"implementation": "Nope"}])}
    response = admin_client.post(reverse("admin:movies_customformat_add"), data)
    assert "unsupported type" in response.content.decode()
    assert not CustomFormat.objects.exists()


def test_admin_refuses_a_pattern_that_takes_too_long(admin_client):
    slow = {
        "name": "Slow",
        "implementation": "ReleaseTitleSpecification",
        "fields": {"value": "(a|a)+$"},
    }
    data = {"name": "Slow", "specifications": json.dumps([slow])}
    response = admin_client.post(reverse("admin:movies_customformat_add"), data)
    assert "This pattern takes too long to match; simplify it." in response.content.decode()
    assert not CustomFormat.objects.exists()


def test_admin_saves_valid_specifications_normalized(admin_client):
    raw = [dict(SPECS[0], fields=[{"name": "value", "value": "5"}])]
    data = {"name": "Remux", "specifications": json.dumps(raw)}
    response = admin_client.post(reverse("admin:movies_customformat_add"), data)
    assert response.status_code == 302
    assert CustomFormat.objects.get().specifications == SPECS


def test_export_action_downloads_the_selected_formats(admin_client):
    remux = CustomFormat.objects.create(name="Remux", specifications=SPECS)
    response = admin_client.post(
        reverse("admin:movies_customformat_changelist"),
        {"action": "export_json", "_selected_action": [remux.pk]},
    )
    assert [f["name"] for f in json.loads(response.content)] == ["Remux"]


def test_profile_change_page_lists_its_format_scores_inline(admin_client):
    remux = CustomFormat.objects.create(name="Remux", specifications=SPECS)
    profile = QualityProfile.objects.get(name="HD-1080p")
    ProfileFormatScore.objects.create(profile=profile, custom_format=remux, score=42)
    url = reverse("admin:movies_qualityprofile_change", args=[profile.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="format_scores-0-score"' in html and 'value="42"' in html
