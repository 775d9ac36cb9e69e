"""Custom formats and the Parse page in a real browser: the editor adds a condition row in
place (HTMX), saves, and the Parse page shows the format matching without a reload."""

from __future__ import annotations

import pytest

from movies.models import CustomFormat
from tests.settings_pages.test_settings_in_browser import (  # noqa: F401 (fixtures)
    mark_page,
    signed_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_builds_a_format_in_the_editor_and_sees_it_match_on_parse(
    signed_in,  # noqa: F811
    live_server,
    seeded_qualities,
):
    tab = signed_in
    tab.goto(f"{live_server.url}/settings/custom-formats/add/")
    mark_page(tab)
    tab.fill("#id_name", "HEVC")
    tab.select_option("#add-kind", "ReleaseTitleSpecification")
    tab.click("button[name=add_condition]")
    tab.wait_for_selector("#id_c0-value")
    tab.fill("#id_c0-value", r"\b(x265|HEVC)\b")
    tab.select_option("#add-kind", "ResolutionSpecification")
    tab.click("button[name=add_condition]")
    tab.wait_for_selector("#id_c1-value")
    tab.select_option("#id_c1-value", "1080")
    assert tab.evaluate("window.__noReload") is True
    assert tab.locator("#format-form").count() == 1  # swapped in place, not added
    assert tab.input_value("#id_c0-value") == r"\b(x265|HEVC)\b"
    tab.shots("editor-two-rows")
    tab.click("#format-form button[name=save] >> nth=0")
    tab.wait_for_url(f"{live_server.url}/settings/custom-formats/")
    assert CustomFormat.objects.get(name="HEVC").specifications[1]["fields"] == {"value": 1080}
    tab.shots("format-list")

    tab.goto(f"{live_server.url}/system/parse/")
    mark_page(tab)
    tab.fill("#id_titles", "Movie.Title.2019.1080p.WEB-DL.x265-GRP\nMovie.Title.2019.720p.HDTV")
    tab.click("#parse-form button[type=submit]")
    tab.wait_for_selector(".parse-result")
    assert tab.evaluate("window.__noReload") is True
    badges = tab.locator(".parse-result").first.locator(".badge.ok").all_inner_texts()
    assert badges == ["HEVC"]
    tab.shots("parse-result")


def test_parse_shows_an_error_instead_of_the_stale_result_when_the_server_fails(
    signed_in,  # noqa: F811
    live_server,
    seeded_qualities,
):
    tab = signed_in
    tab.goto(f"{live_server.url}/system/parse/")
    mark_page(tab)
    tab.fill("#id_titles", "Movie.Title.2019.1080p.WEB-DL.x265-GRP")
    tab.click("#parse-form button[type=submit]")
    tab.wait_for_selector(".parse-result")
    assert not tab.is_visible("#parse-failed")

    def fail(route):
        if route.request.method == "POST":
            route.fulfill(status=500, body="Server Error")
        else:
            route.continue_()

    tab.route("**/system/parse/", fail)
    tab.fill("#id_titles", "Other.Movie.2020.720p.HDTV")
    tab.click("#parse-form button[type=submit]")
    tab.wait_for_selector("#parse-failed", state="visible")
    assert tab.locator(".parse-result").count() == 0
    assert tab.evaluate("window.__noReload") is True
    tab.unroute("**/system/parse/")
    tab.click("#parse-form button[type=submit]")
    tab.wait_for_selector(".parse-result")
    assert not tab.is_visible("#parse-failed")
    tab.shots("parse-recovered")
