"""The component chart: one labelled bar per component, every text escaped."""

from __future__ import annotations

from xml.etree import ElementTree

from scenegroups.chart import components_chart, ordered_components, weight_percents
from scenegroups.scoring import LABELS, WEIGHTS

SVG = "{http://www.w3.org/2000/svg}"
COMPONENTS = {
    "seeder_health": 80.0,
    "internal_ratio": 50.0,
    "completion_rate": 40.0,
    "quality_consistency": 100.0,
    "recency": 0.0,
    "category_diversity": 33.3,
    "volume": 60.0,
    "size_appropriateness": 90.0,
}


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_draws_one_bar_per_component_with_its_value_and_weight():
    root = parse(components_chart("FraMeSToR", COMPONENTS, WEIGHTS, LABELS))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "value"]
    assert labels[0] == "Seeder health (25%)"
    assert labels[-1] == "Size appropriateness (5%)"
    assert len(labels) == 8
    assert values[:2] == ["80", "50"]


def test_bar_length_is_proportional_to_the_value():
    root = parse(components_chart("X", {"recency": 40.0, "volume": 100.0}, WEIGHTS))
    bars = {
        r.find(f"{SVG}title").text: float(r.get("width"))
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "bar"
    }
    assert bars["Recency (10%): 40"] == 100.0  # 40 % of the 250 px bar
    assert bars["Volume (5%): 100"] == 250.0


def test_escapes_a_hostile_group_name_and_component_name():
    hostile = '</title><script>alert("x")</script>&'
    svg = components_chart(hostile, {"<b>odd</b>": 50.0}, {})
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == f"Score components of {hostile}"


def test_clamps_values_outside_the_scale_and_shows_a_malformed_value_as_missing():
    rows = ordered_components({"recency": 140, "volume": -5, "odd": "n/a"}, WEIGHTS)
    shown = {key: value for key, value, _ in rows}
    assert shown["recency"] == 100.0
    assert shown["volume"] == 0.0
    assert shown["odd"] is None


def test_orders_components_by_weight_heaviest_first():
    rows = ordered_components({"volume": 1, "seeder_health": 2}, WEIGHTS)
    assert [key for key, _, _ in rows][:2] == ["seeder_health", "internal_ratio"]


def test_reads_weights_given_as_fractions_as_percents():
    assert weight_percents({"a": 0.75, "b": 0.25}) == {"a": 75.0, "b": 25.0}


def test_draws_nothing_without_components_or_weights():
    assert components_chart("X", {}, {}) == ""
