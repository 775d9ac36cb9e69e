"""The HTMX parts of the settings and system pages in a real browser (Chromium).

Uses the suite's `page` fixture (tests/browser.py) and its screenshots; skipped like every
browser test when Chromium is missing (not in CI).
"""

from __future__ import annotations

import pytest

from movies.models import QualityProfile, RootFolder
from movies.profile_forms import item_key
from movies.quality import DEFAULT_PROFILES, profile_items
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(page, live_server):
    make_user("alice", "Admin")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def mark_page(tab) -> None:
    """A flag that survives HTMX swaps but not a full page load."""
    tab.evaluate("window.__noReload = true")


def test_adds_and_removes_a_root_folder_without_reloading(signed_in, live_server, tmp_path):
    tab = signed_in
    tab.goto(f"{live_server.url}/settings/root-folders/")
    mark_page(tab)
    tab.fill("#root-folders input[name=path]", "relative")
    tab.click("#root-folders button.primary")
    tab.wait_for_selector(".field-error")
    tab.shots("root-folder-error")
    tab.fill("#root-folders input[name=path]", str(tmp_path))
    tab.click("#root-folders button.primary")
    tab.wait_for_selector(f"text=Added root folder {tmp_path}.")
    tab.shots("root-folder-added")
    assert RootFolder.objects.filter(path=str(tmp_path)).exists()
    tab.once("dialog", lambda dialog: dialog.accept())
    tab.click("#root-folders button.danger")
    tab.wait_for_selector(f"text=Removed root folder {tmp_path}.")
    assert not RootFolder.objects.exists()
    assert tab.evaluate("window.__noReload") is True


def test_moves_a_quality_up_with_htmx_then_saves(signed_in, live_server, seeded_qualities):
    tab = signed_in
    allowed, cutoff = DEFAULT_PROFILES["HD-1080p"]
    profile = QualityProfile.objects.create(name="HD", cutoff=cutoff, items=profile_items(allowed))
    keys_before = [item_key(i) for i in reversed(profile.items)]
    tab.goto(f"{live_server.url}/settings/profiles/{profile.pk}/")
    mark_page(tab)
    labels = tab.locator(".profile-items tbody td:nth-child(2) label")
    first, second = labels.nth(0).inner_text(), labels.nth(1).inner_text()
    tab.click(f"button[aria-label='Move {second} up']")
    tab.wait_for_function(
        "name => document.querySelector('.profile-items tbody td:nth-child(2) label')"
        ".innerText === name",
        arg=second,
    )
    assert labels.nth(1).inner_text() == first
    assert tab.evaluate("window.__noReload") is True
    tab.shots("profile-moved")
    tab.click("#profile-form button.primary")
    tab.wait_for_url(f"{live_server.url}/settings/profiles/")
    profile.refresh_from_db()
    keys_after = [item_key(i) for i in reversed(profile.items)]
    assert keys_after[:2] == [keys_before[1], keys_before[0]]
    assert keys_after[2:] == keys_before[2:]


def test_run_now_updates_the_tasks_table_in_place(signed_in, live_server):
    tab = signed_in
    tab.goto(f"{live_server.url}/system/tasks/")
    mark_page(tab)
    row = tab.locator("#tasks-table tr", has_text="Housekeeping")
    row.locator("button", has_text="Run now").click()
    tab.wait_for_selector("text=Housekeeping is queued.")
    tab.wait_for_selector("#tasks-table tr:has-text('Housekeeping') .badge.ok")
    tab.shots("task-ran")
    assert tab.evaluate("window.__noReload") is True
