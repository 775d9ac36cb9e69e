"""Indexers on System → Health: none enabled for RSS or automatic search, all held off,
each failing indexer's advice, and "Test again" running the indexer's Test."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from radarr_site.health import ERROR, WARNING, run_checks
from radarr_site.http.errors import AuthError
from radarr_site.models import ProviderStatus
from radarr_site.system.health import provider_test
from tests.indexers.settings.helpers import make_indexer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_indexers")]

LIST = reverse("settings:indexers")


def indexer_issues():
    return [i for i in run_checks() if i.source == "Indexers"]


def hold(row, error="Tracker (h) did not answer in time", kind="Unavailable"):
    return ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=2,
        disabled_until=timezone.now() + timedelta(minutes=5),
        last_error=error,
        last_error_kind=kind,
    )


def test_no_indexer_warns_for_rss_and_automatic_search():
    issues = indexer_issues()
    assert [(i.level, i.message.split(":")[0]) for i in issues] == [
        (WARNING, "No indexers are enabled for RSS sync"),
        (WARNING, "No indexers are enabled for automatic search"),
    ]
    assert all(i.link == LIST for i in issues)


def test_indexer_with_rss_off_warns_for_rss_only():
    make_indexer(enable_rss=False)
    [issue] = indexer_issues()
    assert issue.message.startswith("No indexers are enabled for RSS sync")


def test_indexer_with_automatic_search_off_warns_for_automatic_search_only():
    make_indexer(enable_automatic_search=False)
    [issue] = indexer_issues()
    assert issue.message.startswith("No indexers are enabled for automatic search")


def test_enabled_working_indexers_raise_no_indexer_issue():
    make_indexer()
    assert indexer_issues() == []


def test_every_enabled_indexer_held_off_is_an_error():
    hold(make_indexer("A"))
    hold(make_indexer("B"))
    [issue] = indexer_issues()
    assert issue.level == ERROR
    assert issue.message == "All indexers are unavailable due to failures."


def test_one_working_indexer_is_not_all_unavailable():
    hold(make_indexer("A"))
    make_indexer("B")
    assert indexer_issues() == []


def test_a_held_off_disabled_indexer_does_not_count():
    hold(make_indexer("A"))
    make_indexer(
        "Off",
        enable_rss=False,
        enable_automatic_search=False,
        enable_interactive_search=False,
    )
    hold_issue = [i for i in indexer_issues() if i.level == ERROR]
    assert len(hold_issue) == 1


def test_each_failing_indexer_is_listed_with_its_last_error():
    row = make_indexer("Tracker")
    hold(row)
    issue = next(i for i in run_checks() if i.source == "Tracker")
    assert issue.level == ERROR
    assert "Tracker (h) did not answer in time" in issue.message


def test_a_refused_key_points_to_settings_indexers():
    row = make_indexer("Tracker")
    hold(row, "Tracker refused our credentials (HTTP 401)", "AuthError")
    issue = next(i for i in run_checks() if i.source == "Tracker")
    assert issue.link == LIST
    assert "check the key on Settings → Indexers" in issue.hint


def test_health_test_again_runs_the_indexer_test(fake_indexers):
    row = make_indexer("Tracker")
    fake_indexers("Tracker").error = AuthError("Tracker refused our credentials (HTTP 401)")
    test = provider_test(row.provider_key)
    [problem] = test()
    assert problem.startswith("Wrong API key")


def test_health_offers_no_test_for_a_deleted_indexer():
    assert provider_test("indexer:999") is None


def test_health_page_test_button_reports_the_indexer_problem(admin_client, fake_indexers):
    row = make_indexer("Tracker")
    status = hold(row)
    fake_indexers("Tracker").error = AuthError("Tracker refused our credentials (HTTP 401)")
    url = reverse("system:provider_test", args=[status.pk])
    html = admin_client.post(url, follow=True).content.decode()
    assert "Tracker: Wrong API key" in html


@pytest.mark.parametrize("module", ["radarr_site/health.py", "radarr_site/system/health.py"])
def test_health_reaches_indexers_only_through_their_services(module):
    source = (Path(__file__).resolve().parents[3] / module).read_text()
    assert "indexers.models" not in source
    assert "from indexers import services" in source


def test_indexer_for_key_finds_the_saved_indexer_only():
    from indexers import services

    row = make_indexer("Tracker")
    assert services.indexer_for_key(row.provider_key) == row
    assert services.indexer_for_key("indexer:999") is None
    assert services.indexer_for_key("downloadclient:1") is None
