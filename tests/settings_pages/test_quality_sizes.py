"""Settings → Quality: editing min / preferred / max MB per minute of each quality."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import QualityDefinition

pytestmark = pytest.mark.django_db

URL = reverse("settings:quality")


def formset_data(**changes_by_name):
    rows = list(QualityDefinition.objects.all())
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        values = {
            "id": row.pk,
            "title": row.title,
            "min_size": row.min_size,
            "preferred_size": row.preferred_size if row.preferred_size is not None else "",
            "max_size": row.max_size if row.max_size is not None else "",
        }
        values.update(changes_by_name.get(row.name, {}))
        data.update({f"form-{i}-{key}": value for key, value in values.items()})
    return data


def test_lists_every_quality(admin_client):
    response = admin_client.get(URL)
    assert len(response.context["formset"].forms) == QualityDefinition.objects.count() > 20


def test_saves_new_sizes(admin_client):
    data = formset_data(**{"Bluray-1080p": {"min_size": 5, "preferred_size": 40, "max_size": 90}})
    assert admin_client.post(URL, data).status_code == 302
    row = QualityDefinition.objects.get(name="Bluray-1080p")
    assert (row.min_size, row.preferred_size, row.max_size) == (5, 40, 90)


def test_rejects_a_minimum_above_the_maximum(admin_client):
    before = QualityDefinition.objects.get(name="HDTV-720p").max_size
    data = formset_data(**{"HDTV-720p": {"min_size": 50, "preferred_size": "", "max_size": 10}})
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert "The maximum must not be below the minimum." in response.content.decode()
    assert QualityDefinition.objects.get(name="HDTV-720p").max_size == before


def test_rejects_a_preferred_size_outside_the_limits(admin_client):
    data = formset_data(**{"HDTV-720p": {"min_size": 5, "preferred_size": 80, "max_size": 40}})
    response = admin_client.post(URL, data)
    assert "Preferred must lie between min and max." in response.content.decode()


def test_quality_page_is_forbidden_to_a_member(member_client):
    assert member_client.get(URL).status_code == 403


def test_a_forged_extra_form_adds_no_quality(admin_client):
    data = formset_data()
    extra = data["form-TOTAL_FORMS"]
    data["form-TOTAL_FORMS"] = extra + 1
    data.update(
        {
            f"form-{extra}-id": "",
            f"form-{extra}-title": "Forged",
            f"form-{extra}-min_size": 1,
            f"form-{extra}-preferred_size": 2,
            f"form-{extra}-max_size": 3,
        }
    )
    count = QualityDefinition.objects.count()
    assert admin_client.post(URL, data).status_code == 302
    assert QualityDefinition.objects.count() == count
    assert not QualityDefinition.objects.filter(title="Forged").exists()


def test_rejects_a_maximum_above_2000_mb_per_minute(admin_client):
    before = QualityDefinition.objects.get(name="Bluray-1080p").max_size
    data = formset_data(
        **{"Bluray-1080p": {"min_size": 5, "preferred_size": 40, "max_size": 99999}}
    )
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    row_form = next(f for f in response.context["formset"] if f.instance.name == "Bluray-1080p")
    assert row_form.errors["max_size"] == ["Max must be at most 2000 MB per minute."]
    assert "Max must be at most 2000 MB per minute." in response.content.decode()
    assert QualityDefinition.objects.get(name="Bluray-1080p").max_size == before


def test_rejects_a_preferred_size_above_1999_mb_per_minute(admin_client):
    data = formset_data(**{"Bluray-1080p": {"min_size": 5, "preferred_size": 2000, "max_size": ""}})
    response = admin_client.post(URL, data)
    row_form = next(f for f in response.context["formset"] if f.instance.name == "Bluray-1080p")
    assert row_form.errors["preferred_size"] == ["Preferred must be at most 1999 MB per minute."]


def test_rejects_a_minimum_above_1999_mb_per_minute(admin_client):
    data = formset_data(
        **{"Bluray-1080p": {"min_size": 5000, "preferred_size": "", "max_size": ""}}
    )
    response = admin_client.post(URL, data)
    row_form = next(f for f in response.context["formset"] if f.instance.name == "Bluray-1080p")
    assert row_form.errors["min_size"] == ["Min must be at most 1999 MB per minute."]


def test_rejects_a_negative_minimum(admin_client):
    data = formset_data(**{"Bluray-1080p": {"min_size": -1, "preferred_size": "", "max_size": ""}})
    response = admin_client.post(URL, data)
    row_form = next(f for f in response.context["formset"] if f.instance.name == "Bluray-1080p")
    assert row_form.errors["min_size"] == ["Min must not be negative."]


def test_accepts_the_largest_sizes_radarr_allows(admin_client):
    data = formset_data(
        **{"Bluray-1080p": {"min_size": 0, "preferred_size": 1999, "max_size": 2000}}
    )
    assert admin_client.post(URL, data).status_code == 302
    row = QualityDefinition.objects.get(name="Bluray-1080p")
    assert (row.preferred_size, row.max_size) == (1999, 2000)


def test_size_inputs_tell_the_browser_their_limits(admin_client):
    html = admin_client.get(URL).content.decode()
    assert 'name="form-0-max_size"' in html
    max_input = html[html.index('name="form-0-max_size"') :]
    assert 'max="2000"' in max_input[: max_input.index(">")]
