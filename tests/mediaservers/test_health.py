"""Notifications on System → Health, health events from the Health check task, and the
housekeeping of old deliveries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from mediaservers import services
from mediaservers.models import Connection, Delivery
from mediaservers.services import prune_deliveries
from radarr_site import health, tasks
from radarr_site.health import ERROR, WARNING, HealthIssue
from radarr_site.http.errors import AuthError, Unavailable
from radarr_site.models import ProviderStatus
from radarr_site.providers import get_status, record_failure, record_success

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_last_issues():
    cache.delete(health.LAST_ISSUES_KEY)
    yield
    cache.delete(health.LAST_ISSUES_KEY)


@pytest.fixture
def plex(fake_connections):
    return Connection.objects.create(kind="fakeserver", name="Plex", base_url="http://p")


@pytest.fixture
def hook(fake_connections):
    return Connection.objects.create(
        kind="fakehook",
        name="Hook",
        base_url="http://h",
        on_health_issue=True,
        on_health_restored=True,
        include_health_warnings=True,
    )


def _delivery(connection, **kw) -> Delivery:
    return Delivery.objects.create(connection=connection, event="Scan", due_at=timezone.now(), **kw)


def _notification_messages() -> list[str]:
    return [i.message for i in health.run_checks() if i.source == "Notifications"]


def test_health_warns_of_notifications_waiting_to_be_retried(plex):
    _delivery(plex, folder="/a", attempts=2)
    _delivery(plex, folder="/b")  # a first try is not a problem
    assert _notification_messages() == ["1 notification(s) waiting to be retried."]


def test_health_warns_of_notifications_given_up_recently(plex):
    _delivery(plex, state=Delivery.State.FAILED)
    old = _delivery(plex, state=Delivery.State.FAILED)
    Delivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    issues = [i for i in health.run_checks() if i.source == "Notifications"]
    assert [i.message for i in issues] == ["1 notification(s) given up in the last 7 days."]
    assert issues[0].level == WARNING and issues[0].link.endswith("/connect/")


def test_a_disabled_connection_leaves_no_notification_warning(plex):
    _delivery(plex, state=Delivery.State.FAILED)
    _delivery(plex, folder="/a", attempts=2)
    plex.enabled = False
    plex.save()
    assert services.delivery_counts() == services.DeliveryCounts()
    assert _notification_messages() == []


def test_given_up_notifications_of_a_connection_disabled_later_are_not_counted(plex):
    _delivery(plex, state=Delivery.State.FAILED)
    Connection.objects.filter(pk=plex.pk).update(enabled=False)
    assert services.delivery_counts().given_up == 0
    assert _notification_messages() == []


def test_no_notification_warning_when_everything_was_sent(plex):
    _delivery(plex, state=Delivery.State.SENT)
    assert _notification_messages() == []


def test_a_failing_connection_shows_on_health_with_advice_pointing_to_connect(plex):
    record_failure(plex.provider_key, "Plex", AuthError("Plex refused the token"))
    issue = next(i for i in health.run_checks() if i.source == "Plex")
    assert issue.level == ERROR
    assert "Plex refused the token" in issue.message
    assert "Settings → Connect" in issue.hint and issue.link.endswith("/connect/")


def test_the_health_check_announces_a_new_issue_once(hook):
    tasks.check_health()  # the first check only keeps the set
    record_failure("connection:99", "Emby", Unavailable("emby:8096 is unreachable"))
    tasks.check_health()
    tasks.check_health()
    sent = [d.payload for d in hook.deliveries.all() if d.payload["type"] == "Emby"]
    assert [(p["eventType"], p["level"]) for p in sent] == [("Health", "error")]


def test_an_issue_whose_count_or_error_changes_is_the_same_issue(hook):
    tasks.check_health()  # the first check only keeps the set
    record_failure("connection:99", "Emby", Unavailable("emby:8096 is unreachable"))
    tasks.check_health()
    ProviderStatus.objects.filter(key="connection:99").update(
        consecutive_failures=4, last_error="timed out"
    )
    tasks.check_health()
    assert [d.payload["type"] for d in hook.deliveries.all()].count("Emby") == 1


def test_the_health_check_announces_a_resolved_issue_as_restored(hook):
    tasks.check_health()  # the first check only keeps the set
    record_failure("connection:99", "Emby", Unavailable("emby:8096 is unreachable"))
    tasks.check_health()
    record_success("connection:99", "Emby")
    summary = tasks.check_health()
    assert summary["restored"] >= 1
    restored = hook.deliveries.filter(event="HealthRestored")
    assert [d.payload["type"] for d in restored] == ["Emby"]
    assert get_status("connection:99").consecutive_failures == 0


def test_the_first_check_keeps_the_standing_issues_without_announcing_them(hook):
    record_failure("connection:99", "Emby", Unavailable("emby:8096 is unreachable"))
    tasks.check_health()
    assert not hook.deliveries.exists()
    assert any(k.startswith("Emby|") for k in cache.get(health.LAST_ISSUES_KEY))


def test_a_lost_cache_does_not_announce_the_standing_issues_again(hook):
    tasks.check_health()
    record_failure("connection:99", "Emby", Unavailable("emby:8096 is unreachable"))
    tasks.check_health()
    cache.delete(health.LAST_ISSUES_KEY)
    tasks.check_health()
    assert hook.deliveries.filter(event="Health").count() == 1


def test_a_check_running_while_another_announces_sends_nothing(hook):
    tasks.check_health()
    record_failure("connection:99", "Emby", Unavailable("emby:8096 is unreachable"))
    cache.add(health.ANNOUNCE_LOCK_KEY, 1, 30)  # the other check holds the lock
    try:
        assert health.announce_changes(health.run_checks()) == (0, 0)
    finally:
        cache.delete(health.ANNOUNCE_LOCK_KEY)
    assert not hook.deliveries.exists()
    assert health.announce_changes(health.run_checks()) == (1, 0)  # announced once, later


def test_an_unreachable_connection_is_advised_with_a_link_to_connect(plex):
    record_failure(plex.provider_key, "Plex", Unavailable("plex:32400 is unreachable"))
    issue = next(i for i in health.run_checks() if i.source == "Plex")
    assert issue.link.endswith("/connect/") and issue.link_text == "Settings → Connect"


def test_issue_keys_ignore_counts_and_the_latest_error():
    a = HealthIssue("Plex", ERROR, "Plex is unavailable after 1 failure(s): refused")
    b = HealthIssue("Plex", ERROR, "Plex is unavailable after 3 failure(s): timed out")
    c = HealthIssue("Plex", WARNING, "Plex failed recently: refused")
    assert health.issue_key(a) == health.issue_key(b) != health.issue_key(c)


def test_housekeeping_forgets_old_sent_and_given_up_deliveries_but_keeps_pending(plex):
    now = timezone.now()
    rows = {
        "sent_old": _delivery(plex, state=Delivery.State.SENT, folder="/1"),
        "sent_new": _delivery(plex, state=Delivery.State.SENT, folder="/2"),
        "failed_20d": _delivery(plex, state=Delivery.State.FAILED, folder="/3"),
        "failed_old": _delivery(plex, state=Delivery.State.FAILED, folder="/4"),
        "pending_old": _delivery(plex, folder="/5"),
    }
    ages = {"sent_old": 15, "sent_new": 13, "failed_20d": 20, "failed_old": 31, "pending_old": 40}
    for name, days in ages.items():
        Delivery.objects.filter(pk=rows[name].pk).update(created_at=now - timedelta(days=days))
    assert prune_deliveries() == {"deliveries_sent": 1, "deliveries_given_up": 1}
    kept = set(Delivery.objects.values_list("folder", flat=True))
    assert kept == {"/2", "/3", "/5"}


def test_the_housekeeping_task_prunes_deliveries(plex):
    old = _delivery(plex, state=Delivery.State.SENT)
    Delivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=15))
    assert tasks.housekeeping()["deliveries_sent"] == 1
    assert not Delivery.objects.exists()
