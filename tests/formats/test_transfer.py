"""Import and export of custom formats in Radarr's JSON shapes."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from movies.formats.transfer import export_format, export_formats, import_formats
from movies.models import CustomFormat, ProfileFormatScore, QualityProfile

pytestmark = pytest.mark.django_db

GUIDE_X265 = {
    "trash_id": "dc98083864ea246d05a42df0d05f81cc",
    "name": "x265 (HD)",
    "includeCustomFormatWhenRenaming": False,
    "specifications": [
        {
            "name": "x265",
            "implementation": "ReleaseTitleSpecification",
            "negate": False,
            "required": True,
            "fields": {"value": r"[xh][ ._-]?265|\bHEVC(\b|\d)"},
        },
        {
            "name": "Not 2160p",
            "implementation": "ResolutionSpecification",
            "negate": True,
            "required": True,
            "fields": {"value": 2160},
        },
    ],
}

API_FREELEECH = {
    "id": 12,
    "name": "Freeleech",
    "includeCustomFormatWhenRenaming": True,
    "specifications": [
        {
            "name": "Freeleech",
            "implementation": "IndexerFlagSpecification",
            "implementationName": "Indexer Flag",
            "negate": False,
            "required": False,
            "fields": [{"order": 0, "name": "value", "label": "Flag", "value": 1}],
        },
        {
            "name": "Big",
            "implementation": "SizeSpecification",
            "negate": False,
            "required": False,
            "fields": [{"name": "min", "value": 1}, {"name": "max", "value": 40}],
        },
    ],
}


def test_imports_a_guide_format_with_fields_as_an_object():
    [saved] = import_formats(json.dumps(GUIDE_X265))
    stored = CustomFormat.objects.get(pk=saved.pk)
    assert stored.name == "x265 (HD)"
    assert stored.specifications[1] == {
        "name": "Not 2160p",
        "implementation": "ResolutionSpecification",
        "negate": True,
        "required": True,
        "fields": {"value": 2160},
    }


def test_imports_radarr_api_format_with_fields_as_a_list():
    [saved] = import_formats(json.dumps(API_FREELEECH))
    assert saved.include_when_renaming is True
    assert saved.specifications[0]["fields"] == {"value": 1}
    assert saved.specifications[1]["fields"] == {"min": 1.0, "max": 40.0}


def test_imports_a_list_of_formats():
    saved = import_formats(json.dumps([GUIDE_X265, API_FREELEECH]))
    assert sorted(cf.name for cf in saved) == ["Freeleech", "x265 (HD)"]
    assert CustomFormat.objects.count() == 2


def test_export_round_trips_through_import():
    import_formats(json.dumps([GUIDE_X265, API_FREELEECH]))
    first = export_formats(CustomFormat.objects.all())
    CustomFormat.objects.all().delete()
    import_formats(first)
    assert export_formats(CustomFormat.objects.all()) == first


def test_export_writes_the_guide_shape():
    [saved] = import_formats(json.dumps(API_FREELEECH))
    data = json.loads(export_format(saved))
    assert data["includeCustomFormatWhenRenaming"] is True
    assert data["specifications"][0] == {
        "name": "Freeleech",
        "implementation": "IndexerFlagSpecification",
        "negate": False,
        "required": False,
        "fields": {"value": 1},
    }


def test_reimport_updates_the_format_and_keeps_its_scores():
    [saved] = import_formats(json.dumps(GUIDE_X265))
    profile = QualityProfile.objects.first()
    ProfileFormatScore.objects.create(profile=profile, custom_format=saved, score=-500)
    changed = dict(GUIDE_X265, specifications=GUIDE_X265["specifications"][:1])
    [again] = import_formats(json.dumps(changed))
    assert again.pk == saved.pk
    assert len(CustomFormat.objects.get(pk=saved.pk).specifications) == 1
    assert ProfileFormatScore.objects.get(custom_format=saved).score == -500


def test_unknown_implementation_names_the_format_and_the_type_and_saves_nothing():
    bad = {
        "name": "Streaming",
        "specifications": [
            {"name": "AMZN", "implementation": "StreamingServiceSpecification", "fields": {}}
        ],
    }
    with pytest.raises(ValidationError) as caught:
        import_formats(json.dumps([GUIDE_X265, bad]))
    message = " ".join(caught.value.messages)
    assert "Streaming" in message and "StreamingServiceSpecification" in message
    assert not CustomFormat.objects.exists()


def test_invalid_regex_is_a_clear_error():
    bad = dict(GUIDE_X265, specifications=[dict(GUIDE_X265["specifications"][0])])
    bad["specifications"][0]["fields"] = {"value": "x26[5"}
    with pytest.raises(ValidationError, match="Invalid regular expression"):
        import_formats(json.dumps(bad))


def test_a_byte_order_mark_before_the_json_is_ignored():
    [saved] = import_formats("\ufeff" + json.dumps(GUIDE_X265))
    assert saved.name == "x265 (HD)"


def test_reimport_under_another_case_renames_the_format():
    [saved] = import_formats(json.dumps(GUIDE_X265))
    [again] = import_formats(json.dumps(dict(GUIDE_X265, name="X265 (hd)")))
    assert again.pk == saved.pk and CustomFormat.objects.get().name == "X265 (hd)"


def test_malformed_json_is_a_clear_error():
    with pytest.raises(ValidationError, match="not valid JSON"):
        import_formats('{"name": ')


def test_format_without_name_is_refused():
    with pytest.raises(ValidationError, match="has no name"):
        import_formats(json.dumps({"specifications": GUIDE_X265["specifications"]}))


def test_format_without_conditions_is_refused():
    with pytest.raises(ValidationError, match="at least one condition"):
        import_formats(json.dumps({"name": "Empty", "specifications": []}))


def test_same_name_twice_in_one_paste_is_refused():
    with pytest.raises(ValidationError, match="appears twice"):
        import_formats(json.dumps([GUIDE_X265, GUIDE_X265]))


def test_bad_fields_shape_is_refused():
    bad = {
        "name": "Odd",
        "specifications": [
            {"name": "x", "implementation": "SourceSpecification", "fields": "value=9"}
        ],
    }
    with pytest.raises(ValidationError, match="fields must be an object"):
        import_formats(json.dumps(bad))


def test_empty_paste_is_refused():
    with pytest.raises(ValidationError, match="Paste the JSON"):
        import_formats("   ")


def test_model_clean_validates_specifications():
    custom_format = CustomFormat(name="Bad", specifications=[{"implementation": "Nope"}])
    with pytest.raises(ValidationError, match="unsupported type"):
        custom_format.full_clean()


def test_importing_a_pattern_that_times_out_is_refused_with_the_reason():
    slow = dict(GUIDE_X265, specifications=[dict(GUIDE_X265["specifications"][0])])
    slow["specifications"][0]["fields"] = {"value": "(.*a){20}$"}
    with pytest.raises(ValidationError, match="takes too long to match"):
        import_formats(json.dumps(slow))
