"""System → Logs in a real browser: choosing a level shows it without clicking Show."""

from __future__ import annotations

import pytest

from tests.settings_pages.test_settings_in_browser import signed_in  # noqa: F401 (fixture)
from tests.system.test_logs_page import log_file  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_a_level_shows_it_at_once(signed_in, live_server, log_file):  # noqa: F811
    tab = signed_in
    tab.goto(f"{live_server.url}/system/logs/")
    assert tab.locator("text=TMDB held off").count() == 1
    tab.select_option("select[name=level]", "ERROR")
    tab.wait_for_url("**/system/logs/?level=ERROR*")
    assert tab.locator("text=TMDB held off").count() == 0
    assert tab.locator("text=TMDB failed").count() == 1
