"""Settings → Tags: list with movie counts, create, rename, delete."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from movies.models import Tag
from movies.models.library import TAG_LABEL_RULE

pytestmark = pytest.mark.django_db


def test_lists_tags_with_movie_counts(admin_client, movie):
    movie.tags.add(Tag.objects.create(label="kids"))
    Tag.objects.create(label="4k")
    tags = {
        t.label: t.movie_count for t in admin_client.get(reverse("settings:tags")).context["tags"]
    }
    assert tags == {"kids": 1, "4k": 0}


def test_creates_a_tag_in_lower_case(admin_client):
    admin_client.post(reverse("settings:tag_add"), {"label": "  Kids "})
    assert list(Tag.objects.values_list("label", flat=True)) == ["kids"]


def test_rejects_a_duplicate_tag_ignoring_case(admin_client):
    Tag.objects.create(label="kids")
    response = admin_client.post(reverse("settings:tag_add"), {"label": "KIDS"})
    assert response.context["form"].errors["label"] == ["A tag with this label already exists."]
    assert Tag.objects.count() == 1


def test_rejects_an_empty_label(admin_client):
    response = admin_client.post(reverse("settings:tag_add"), {"label": "   "})
    assert "label" in response.context["form"].errors
    assert not Tag.objects.exists()


def test_renames_a_tag(admin_client):
    tag = Tag.objects.create(label="kids")
    response = admin_client.post(
        reverse("settings:tag_rename", args=[tag.pk]), {"label": "family"}, HTTP_HX_REQUEST="true"
    )
    tag.refresh_from_db()
    assert tag.label == "family"
    assert "Renamed kids to family." in response.content.decode()


def test_refuses_to_rename_onto_another_tag(admin_client):
    Tag.objects.create(label="family")
    tag = Tag.objects.create(label="kids")
    response = admin_client.post(
        reverse("settings:tag_rename", args=[tag.pk]), {"label": "Family"}, HTTP_HX_REQUEST="true"
    )
    tag.refresh_from_db()
    assert tag.label == "kids"
    assert "Could not rename kids" in response.content.decode()


def test_deletes_a_tag_and_keeps_the_movie(admin_client, movie):
    tag = Tag.objects.create(label="kids")
    movie.tags.add(tag)
    admin_client.post(reverse("settings:tag_delete", args=[tag.pk]))
    assert not Tag.objects.exists()
    assert movie.tags.count() == 0
    movie.refresh_from_db()


def test_htmx_add_returns_the_tag_section_with_the_new_tag(admin_client):
    response = admin_client.post(
        reverse("settings:tag_add"), {"label": "Anime"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="tags">')
    assert "Added tag anime." in html and 'value="anime"' in html


def test_turns_spaces_in_a_label_into_dashes(admin_client):
    admin_client.post(reverse("settings:tag_add"), {"label": "Sci  Fi"})
    assert list(Tag.objects.values_list("label", flat=True)) == ["sci-fi"]


@pytest.mark.parametrize("label", ["<b>kids</b>", "café", "kids_4k", "kids!", "a/b"])
def test_rejects_characters_radarr_does_not_allow(admin_client, label):
    response = admin_client.post(reverse("settings:tag_add"), {"label": label})
    assert response.context["form"].errors["label"] == [TAG_LABEL_RULE]
    assert not Tag.objects.exists()


def test_refuses_to_rename_to_a_label_with_html(admin_client):
    tag = Tag.objects.create(label="kids")
    response = admin_client.post(
        reverse("settings:tag_rename", args=[tag.pk]), {"label": "<i>x</i>"}, HTTP_HX_REQUEST="true"
    )
    tag.refresh_from_db()
    assert tag.label == "kids"
    assert "Could not rename kids" in response.content.decode()


def test_model_clean_refuses_a_label_with_html(db):
    with pytest.raises(ValidationError) as caught:
        Tag(label="<script>").full_clean()
    assert caught.value.message_dict["label"] == [TAG_LABEL_RULE]


def test_lists_tags_by_label_not_creation_order(admin_client):
    Tag.objects.create(label="zulu")
    Tag.objects.create(label="alpha")
    tags = admin_client.get(reverse("settings:tags")).context["tags"]
    assert [t.label for t in tags] == ["alpha", "zulu"]
