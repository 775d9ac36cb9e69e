"""Settings → Connect in a real browser (Chromium): add a Plex against the fake Plex, the
Test answers in place (HTMX, no reload), Save, then a path mapping.

Skipped like every browser test when Chromium is missing (not in CI)."""

from __future__ import annotations

import pytest

from mediaservers.models import Connection, PathMapping
from tests.conftest import make_user
from tests.servers.plex import plex_server

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


def test_adds_a_plex_tests_it_in_place_and_maps_a_folder(signed_in, live_server):
    tab = signed_in
    with plex_server() as plex:
        tab.goto(f"{live_server.url}/settings/connect/")
        tab.click("text=Plex Media Server")
        tab.fill("input[name=name]", "Living room")
        tab.fill("input[name=base_url]", plex.base_url)
        tab.fill("input[name=api_key]", plex.token)
        tab.evaluate("window.__noReload = true")
        tab.click("#connection-form button:has-text('Test')")
        tab.wait_for_selector("#connection-test .msg.success")
        tab.shots("tested")
        assert "Connected" in tab.inner_text("#connection-test")
        assert tab.evaluate("window.__noReload") is True
        assert not Connection.objects.exists()
        tab.click("#connection-form button.primary")
        tab.wait_for_selector("text=Connection Living room added.")
    row = Connection.objects.get()
    assert row.api_key == plex.token
    assert plex.token not in tab.content()
    tab.fill("#connection-mapping-form input[name=local_path]", "/data/movies")
    tab.fill("#connection-mapping-form input[name=remote_path]", "/media/movies")
    tab.click("#connection-mapping-form button")
    tab.wait_for_selector("text=Path mapping /data/movies → /media/movies added.")
    tab.shots("mapped")
    assert PathMapping.objects.filter(connection=row, remote_path="/media/movies").exists()
