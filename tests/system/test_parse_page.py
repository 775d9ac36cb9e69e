"""System → Parse: parsed fields, mapped quality, matching custom formats and the score."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import CustomFormat, ProfileFormatScore, QualityProfile

pytestmark = pytest.mark.django_db

REMUX_TITLE = "Movie.Title.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT"
WEB_TITLE = "Movie.Title.2019.1080p.WEB-DL.x265-GRP"


@pytest.fixture
def remux_format(db):
    return CustomFormat.objects.create(
        name="Remux",
        specifications=[
            {
                "name": "Remux",
                "implementation": "QualityModifierSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": 5},
            }
        ],
    )


def parse(client, titles: str, **extra):
    return client.post(reverse("system:parse"), {"titles": titles, **extra})


def test_page_opens_empty_for_an_admin(admin_client):
    response = admin_client.get(reverse("system:parse"))
    assert response.status_code == 200
    assert response.context["results"] == []


def test_page_is_forbidden_to_a_member(member_client):
    assert member_client.get(reverse("system:parse")).status_code == 403


def test_system_subnav_links_to_parse(admin_client):
    html = admin_client.get(reverse("system:status")).content.decode()
    assert reverse("system:parse") in html


def test_shows_every_parsed_field_and_the_mapped_quality(admin_client):
    response = parse(admin_client, REMUX_TITLE)
    [result] = response.context["results"]
    fields = dict(result.fields)
    assert result.quality == "Remux-1080p"
    assert fields["release_group"] == "iFT" and fields["year"] == "2016"
    assert {"title", "source", "resolution", "languages", "hdr"} <= fields.keys()
    assert "<dt>release_group</dt><dd>iFT</dd>" in response.content.decode()


def test_parses_one_title_per_line_skipping_blank_lines(admin_client):
    response = parse(admin_client, f"{REMUX_TITLE}\n\n  {WEB_TITLE}  \n")
    assert [r.title for r in response.context["results"]] == [REMUX_TITLE, WEB_TITLE]


def test_shows_matching_custom_formats_and_the_profile_score(admin_client, remux_format):
    profile = QualityProfile.objects.get(name="HD-1080p")
    ProfileFormatScore.objects.create(profile=profile, custom_format=remux_format, score=300)
    response = parse(admin_client, f"{REMUX_TITLE}\n{WEB_TITLE}", profile=profile.pk)
    remux, web = response.context["results"]
    assert [m.name for m in remux.formats] == ["Remux"] and remux.score == 300
    assert web.formats == [] and web.score == 0
    assert 'class="parse-score">300<' in response.content.decode()


def test_without_a_profile_no_score_is_shown(admin_client, remux_format):
    response = parse(admin_client, REMUX_TITLE)
    assert response.context["results"][0].score is None
    assert "parse-score" not in response.content.decode()


def test_htmx_gets_only_the_result(admin_client):
    response = admin_client.post(
        reverse("system:parse"), {"titles": REMUX_TITLE}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "Remux-1080p" in html


def test_a_get_with_titles_parses_too(admin_client):
    response = admin_client.get(reverse("system:parse"), {"titles": WEB_TITLE})
    assert response.context["results"][0].quality == "WEBDL-1080p"


def test_more_than_fifty_titles_are_refused(admin_client):
    response = parse(admin_client, "\n".join(f"Movie.{n}.2020.720p" for n in range(51)))
    assert response.status_code == 400
    assert "At most 50 titles at once; you entered 51." in response.content.decode()


def test_errors_reach_htmx_with_a_status_it_swaps(admin_client):
    response = admin_client.post(
        reverse("system:parse"), {"titles": "\n".join(["x"] * 51)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="parse-errors"' in response.content.decode()


def test_empty_input_asks_for_a_title(admin_client):
    response = parse(admin_client, " \n ")
    assert response.status_code == 400
    assert response.context["results"] == []


def test_an_overlong_line_is_refused(admin_client):
    response = parse(admin_client, "a" * 1001)
    assert "Line 1 is longer than 1000 characters." in response.content.decode()


def test_titles_are_escaped(admin_client):
    html = parse(admin_client, "<script>alert(1)</script>.2020.1080p").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_parsing_many_titles_queries_formats_once(
    admin_client, remux_format, django_assert_max_num_queries
):
    titles = "\n".join(f"Movie.{n}.2020.1080p.BluRay.REMUX-GRP" for n in range(50))
    with django_assert_max_num_queries(12):
        response = parse(admin_client, titles)
    assert len(response.context["results"]) == 50
