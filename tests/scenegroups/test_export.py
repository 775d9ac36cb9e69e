"""The analysis exported as JSON and CSV: headers, one row per group, a JSON round trip."""

from __future__ import annotations

import csv
import io
import json

import pytest

from scenegroups.export import CSV_HEADER
from scenegroups.models import AnalysisSettings, SceneGroup
from scenegroups.scoring import WEIGHTS
from scenegroups.services import export_csv, export_json, recompute_scores
from tests.scenegroups.test_figures import NOW, realistic_rows


@pytest.fixture
def scored(db):
    realistic_rows()
    AnalysisSettings.load()
    recompute_scores(now=NOW)
    SceneGroup.objects.create(key="unscored", name="Unscored")


def _csv_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(export_csv())))


def test_json_export_round_trips_every_group_as_stored(scored):
    document = json.loads(export_json())
    assert document["weights"] == WEIGHTS
    by_key = {row["key"]: row for row in document["groups"]}
    assert set(by_key) == {"framestor", "tvgrp", "unscored"}
    stored = SceneGroup.objects.get(key="framestor")
    row = by_key["framestor"]
    assert row["figures"] == stored.figures
    assert row["components"] == stored.components
    assert (row["name"], row["score"], row["tier"], row["confidence"]) == (
        "FraMeSToR",
        72.1,
        "Good",
        "low",
    )
    assert row["last_analyzed_at"] == NOW.isoformat()


def test_json_export_lists_the_best_score_first_and_unscored_groups_last(scored):
    keys = [row["key"] for row in json.loads(export_json())["groups"]]
    assert keys == ["framestor", "tvgrp", "unscored"]


def test_csv_export_has_the_header_and_one_row_per_group(scored):
    text = export_csv()
    assert next(csv.reader(io.StringIO(text))) == CSV_HEADER
    rows = _csv_rows()
    assert [row["key"] for row in rows] == ["framestor", "tvgrp", "unscored"]


def test_csv_row_carries_components_figures_and_history(scored):
    row = _csv_rows()[0]
    assert row["name"] == "FraMeSToR"
    assert row["score"] == "72.1"
    assert row["seeder_health"] == "67.04"
    assert row["seeders_median"] == "15.0"
    assert row["categories"] == "1:3 3:1"
    assert row["resolutions"] == "1080p:1 2160p:3"
    assert (row["grabbed"], row["imported"], row["failed"]) == ("0", "0", "0")


def test_csv_export_defuses_a_group_name_a_spreadsheet_would_run(db):
    SceneGroup.objects.create(key="=cmd", name='=HYPERLINK("http://x")', score=50)
    assert _csv_rows()[0]["name"] == '\'=HYPERLINK("http://x")'


def test_exports_of_no_groups_are_empty_but_well_formed(db):
    assert json.loads(export_json())["groups"] == []
    assert export_csv().strip() == ",".join(CSV_HEADER)
