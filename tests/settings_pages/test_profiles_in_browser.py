"""The profile editor in a real browser: a changed box refreshes "Upgrade until", a move
says the changes are unsaved, and leaving then asks first."""

from __future__ import annotations

import pytest

from movies.models import QualityProfile
from movies.quality import DEFAULT_PROFILES, profile_items
from tests.settings_pages.test_settings_in_browser import (  # noqa: F401 (fixtures)
    mark_page,
    signed_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

HDTV_720P = 4


@pytest.fixture
def hd(seeded_qualities):
    allowed, cutoff = DEFAULT_PROFILES["HD-1080p"]
    return QualityProfile.objects.create(name="HD", cutoff=cutoff, items=profile_items(allowed))


def cutoff_values(tab) -> list[str]:
    return tab.eval_on_selector_all("#id_cutoff option", "options => options.map(o => o.value)")


def test_checking_a_quality_offers_it_in_upgrade_until(signed_in, live_server, hd):  # noqa: F811
    tab = signed_in
    tab.goto(f"{live_server.url}/settings/profiles/{hd.pk}/")
    mark_page(tab)
    assert str(HDTV_720P) not in cutoff_values(tab)
    tab.check(f"#allowed-q{HDTV_720P}")
    tab.wait_for_selector("#profile-unsaved")
    assert str(HDTV_720P) in cutoff_values(tab)
    assert tab.evaluate("window.__noReload") is True
    hd.refresh_from_db()
    assert HDTV_720P not in hd.allowed_ids()


def test_leaving_after_a_move_asks_first(signed_in, live_server, hd):  # noqa: F811
    tab = signed_in
    tab.goto(f"{live_server.url}/settings/profiles/{hd.pk}/")
    second = tab.locator(".profile-items tbody td:nth-child(2) label").nth(1).inner_text()
    tab.click(f"button[aria-label='Move {second} up']")
    tab.wait_for_selector("#profile-unsaved")
    tab.shots("profile-unsaved")
    asked = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    tab.on("dialog", stay)
    # Chromium only asks on pages the user has interacted with; the click above counts.
    tab.evaluate("window.location.href = '/settings/profiles/'")
    tab.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert tab.url.endswith(f"/settings/profiles/{hd.pk}/")
