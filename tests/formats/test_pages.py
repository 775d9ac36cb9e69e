"""Settings → Custom Formats pages: list, editor, delete, import and export."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from movies.models import CustomFormat, ProfileFormatScore, QualityProfile

pytestmark = pytest.mark.django_db

X265 = {
    "name": "x265",
    "includeCustomFormatWhenRenaming": False,
    "specifications": [
        {
            "name": "x265",
            "implementation": "ReleaseTitleSpecification",
            "negate": False,
            "required": True,
            "fields": {"value": r"[xh]\.?265"},
        },
        {
            "name": "1080p",
            "implementation": "ResolutionSpecification",
            "negate": False,
            "required": False,
            "fields": {"value": 1080},
        },
    ],
}


@pytest.fixture
def x265(db):
    return CustomFormat.objects.create(name="x265", specifications=X265["specifications"])


def editor_data(name="x265", *rows: dict, **extra) -> dict:
    """Posted editor state: each row's fields get the prefix c0, c1 ..."""
    data = {"name": name, "rows": str(len(rows)), **extra}
    for n, fields in enumerate(rows):
        data.update({f"c{n}-{key}": value for key, value in fields.items()})
    return data


TITLE_ROW = {"implementation": "ReleaseTitleSpecification", "name": "x265", "value": "x265"}


def test_list_shows_each_format_with_its_conditions(admin_client, x265):
    html = admin_client.get(reverse("settings:formats")).content.decode()
    assert "Release title: /[xh]\\.?265/ (required)" in html
    assert "Resolution: 1080p" in html


def test_members_cannot_open_custom_formats(member_client):
    response = member_client.get(reverse("settings:formats"))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "with_pk"),
    [
        ("settings:format_add", False),
        ("settings:format_edit", True),
        ("settings:format_delete", True),
        ("settings:format_export", True),
        ("settings:format_export_all", False),
    ],
)
def test_members_get_403_opening_format_views(member_client, x265, name, with_pk):
    url = reverse(name, args=[x265.pk] if with_pk else [])
    response = member_client.get(url)
    assert response.status_code == 403
    assert b"[xh]" not in response.content  # nothing of the format leaks


def test_members_get_403_adding_a_format_and_nothing_is_saved(member_client):
    data = editor_data("sneaky", TITLE_ROW)
    response = member_client.post(reverse("settings:format_add"), data)
    assert response.status_code == 403
    assert not CustomFormat.objects.filter(name="sneaky").exists()


def test_members_get_403_editing_a_format_and_it_is_unchanged(member_client, x265):
    data = editor_data("renamed", TITLE_ROW)
    response = member_client.post(reverse("settings:format_edit", args=[x265.pk]), data)
    assert response.status_code == 403
    x265.refresh_from_db()
    assert x265.name == "x265"


def test_members_get_403_deleting_a_format_and_it_stays(member_client, x265):
    response = member_client.post(reverse("settings:format_delete", args=[x265.pk]))
    assert response.status_code == 403
    assert CustomFormat.objects.filter(pk=x265.pk).exists()


def test_members_get_403_importing_formats_and_nothing_is_imported(member_client):
    payload = json.dumps(dict(X265, name="imported"))
    response = member_client.post(reverse("settings:format_import"), {"json": payload})
    assert response.status_code == 403
    assert not CustomFormat.objects.filter(name="imported").exists()


def test_settings_subnav_links_to_custom_formats(admin_client):
    html = admin_client.get(reverse("settings:profiles")).content.decode()
    assert reverse("settings:formats") in html


def test_add_saves_a_format_with_its_conditions(admin_client):
    source_row = {
        "implementation": "SourceSpecification",
        "name": "BD",
        "value": "9",
        "negate": "on",
    }
    data = editor_data("x265", TITLE_ROW, source_row)
    response = admin_client.post(reverse("settings:format_add"), data)
    assert response.status_code == 302
    saved = CustomFormat.objects.get(name="x265")
    assert saved.specifications[1] == {
        "name": "BD",
        "implementation": "SourceSpecification",
        "negate": True,
        "required": False,
        "fields": {"value": 9},
    }


def test_edit_page_shows_the_stored_conditions(admin_client, x265):
    response = admin_client.get(reverse("settings:format_edit", args=[x265.pk]))
    rows = response.context["editor"].rows
    assert [row.implementation for row in rows] == [
        "ReleaseTitleSpecification",
        "ResolutionSpecification",
    ]
    assert 'value="[xh]\\.?265"' in response.content.decode()


def test_invalid_regex_is_shown_on_its_row_and_nothing_is_saved(admin_client, x265):
    data = editor_data("x265", {**TITLE_ROW, "value": "x26[5"})
    response = admin_client.post(reverse("settings:format_edit", args=[x265.pk]), data)
    assert response.status_code == 200
    assert "Invalid regular expression" in response.content.decode()
    assert CustomFormat.objects.get(pk=x265.pk).specifications == X265["specifications"]


def test_a_format_needs_a_condition(admin_client):
    response = admin_client.post(reverse("settings:format_add"), editor_data())
    assert "Add at least one condition." in response.content.decode()
    assert not CustomFormat.objects.exists()


def test_duplicate_name_is_refused_whatever_its_case(admin_client, x265):
    response = admin_client.post(reverse("settings:format_add"), editor_data("X265", TITLE_ROW))
    assert "already exists" in response.content.decode()
    assert CustomFormat.objects.count() == 1


def test_add_condition_returns_the_form_unsaved_with_a_new_row(admin_client):
    data = editor_data("x265", TITLE_ROW, add_kind="SizeSpecification", **{"add_condition": "1"})
    response = admin_client.post(reverse("settings:format_add"), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Unsaved changes" in html
    kinds = [row.implementation for row in response.context["editor"].rows]
    assert kinds == ["ReleaseTitleSpecification", "SizeSpecification"]
    assert 'value="x265"' in html  # the typed value survives
    assert not CustomFormat.objects.exists()


def test_remove_drops_that_row_unsaved(admin_client, x265):
    resolution_row = {"implementation": "ResolutionSpecification", "name": "r", "value": "720"}
    data = editor_data("x265", TITLE_ROW, resolution_row, remove_row="c0")
    response = admin_client.post(reverse("settings:format_edit", args=[x265.pk]), data)
    kinds = [row.implementation for row in response.context["editor"].rows]
    assert kinds == ["ResolutionSpecification"]
    assert len(CustomFormat.objects.get(pk=x265.pk).specifications) == 2


def test_delete_asks_for_confirmation_and_names_scoring_profiles(admin_client, x265):
    profile = QualityProfile.objects.get(name="HD-1080p")
    ProfileFormatScore.objects.create(profile=profile, custom_format=x265, score=-100)
    html = admin_client.get(reverse("settings:format_delete", args=[x265.pk])).content.decode()
    assert "HD-1080p (-100)" in html
    assert CustomFormat.objects.filter(pk=x265.pk).exists()


def test_delete_post_removes_the_format(admin_client, x265):
    response = admin_client.post(reverse("settings:format_delete", args=[x265.pk]))
    assert response.status_code == 302
    assert not CustomFormat.objects.exists()


def test_import_pasted_json_creates_formats(admin_client):
    response = admin_client.post(reverse("settings:format_import"), {"json": json.dumps([X265])})
    assert response.status_code == 302
    assert CustomFormat.objects.get().name == "x265"


def test_import_errors_are_listed_and_the_paste_is_kept(admin_client):
    bad = dict(X265, specifications=[{"name": "s", "implementation": "Bogus", "fields": {}}])
    response = admin_client.post(reverse("settings:format_import"), {"json": json.dumps(bad)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in html and "Bogus" in html
    assert "&quot;Bogus&quot;" in html  # the textarea keeps the paste (escaped)
    assert not CustomFormat.objects.exists()


def test_export_one_downloads_its_guide_json(admin_client, x265):
    response = admin_client.get(reverse("settings:format_export", args=[x265.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="x265.json"'
    assert json.loads(response.content)["specifications"][1]["fields"] == {"value": 1080}


def test_export_all_downloads_a_list(admin_client, x265):
    response = admin_client.get(reverse("settings:format_export_all"))
    assert [f["name"] for f in json.loads(response.content)] == ["x265"]


def test_format_names_are_escaped_in_the_list(admin_client):
    CustomFormat.objects.create(name="<b>bold</b>", specifications=X265["specifications"])
    html = admin_client.get(reverse("settings:formats")).content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_a_long_condition_is_cut_in_the_list_with_the_full_value_in_its_title(admin_client):
    pattern = "(?:" + "|".join(f"word{n}" for n in range(150)) + ")"
    spec = dict(X265["specifications"][0], fields={"value": pattern})
    CustomFormat.objects.create(name="Long", specifications=[spec])
    html = admin_client.get(reverse("settings:formats")).content.decode()
    assert f">Release title: /{pattern}/<" not in html
    assert "…</span>" in html
    assert f'title="Release title: /{pattern}/ (required)"' in html


def test_a_pattern_that_backtracks_catastrophically_is_refused_at_save(admin_client, x265):
    data = editor_data("x265", {**TITLE_ROW, "value": "(a|a)+$"})
    response = admin_client.post(reverse("settings:format_edit", args=[x265.pk]), data)
    assert "This pattern takes too long to match; simplify it." in response.content.decode()
    assert CustomFormat.objects.get(pk=x265.pk).specifications == X265["specifications"]


def test_an_invalid_regex_is_quoted_as_typed_not_with_doubled_backslashes(admin_client, x265):
    data = editor_data("x265", {**TITLE_ROW, "value": r"\d[5"})
    html = admin_client.post(reverse("settings:format_edit", args=[x265.pk]), data).content
    assert "“\\d[5”" in html.decode()


def test_max_below_min_is_a_sentence_under_max(admin_client, x265):
    row = {"implementation": "SizeSpecification", "name": "Size", "min": "10", "max": "2"}
    data = editor_data("x265", row)
    response = admin_client.post(reverse("settings:format_edit", args=[x265.pk]), data)
    editor = response.context["editor"]
    assert editor.rows[0].errors["max"] == ["Max must not be below min."]
    assert "min" not in editor.rows[0].errors


def test_source_choices_use_radarr_display_names(admin_client):
    row = {"implementation": "SourceSpecification", "name": "Web", "value": "7"}
    html = admin_client.post(
        reverse("settings:format_add"), editor_data("Web", row, add_condition="1")
    ).content.decode()
    assert ">WEBDL</option>" in html
    assert ">Blu-ray</option>" in html
