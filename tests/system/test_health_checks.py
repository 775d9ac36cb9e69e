"""radarr_site.health.run_checks and the check_health / housekeeping tasks."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Task

from movies.models import RootFolder
from radarr_site import tasks
from radarr_site.health import ERROR, WARNING, run_checks
from radarr_site.models import ProviderStatus, SiteSettings, TaskProgress

pytestmark = pytest.mark.django_db


def messages_of(issues):
    return [i.message for i in issues]


def test_warns_when_no_root_folder_is_configured():
    issues = run_checks()
    assert any(i.level == WARNING and "No root folder" in i.message for i in issues)


def test_reports_missing_tmdb_key_as_an_error(settings):
    settings.TMDB_API_KEY = ""
    SiteSettings.objects.update_or_create(pk=1, defaults={"tmdb_api_key": ""})
    assert any(i.source == "TMDB" and i.level == ERROR for i in run_checks())


def test_a_tmdb_key_from_the_settings_page_satisfies_the_check(settings):
    settings.TMDB_API_KEY = ""
    SiteSettings.objects.update_or_create(pk=1, defaults={"tmdb_api_key": "k"})
    assert not any("TMDB API key" in m for m in messages_of(run_checks()))


def test_warns_on_low_disk_space(root_folder):
    RootFolder.objects.filter(pk=root_folder.pk).update(free_space=100 * 1024**2)
    assert any("less than 1 GiB" in m for m in messages_of(run_checks()))


def test_half_open_provider_is_a_warning():
    ProviderStatus.objects.create(
        key="tmdb",
        label="TMDB",
        consecutive_failures=1,
        disabled_until=timezone.now() - timedelta(seconds=1),
        last_error="timed out",
    )
    issue = next(i for i in run_checks() if i.source == "TMDB" and "timed out" in i.message)
    assert issue.level == WARNING


def test_errors_come_before_warnings(settings):
    settings.TMDB_API_KEY = ""
    levels = [i.level for i in run_checks()]
    assert levels == sorted(levels, key=lambda level: level != ERROR)
    assert ERROR in levels and WARNING in levels


def test_check_health_marks_a_deleted_root_folder_inaccessible(root_folder):
    shutil.rmtree(root_folder.path)
    summary = tasks.check_health()
    root_folder.refresh_from_db()
    assert root_folder.accessible is False
    assert root_folder.free_space is None
    assert summary["errors"] >= 1


def _task(name: str, success: bool, age: timedelta) -> Task:
    stopped = timezone.now() - age
    return Task.objects.create(
        id=name,
        name=name,
        func="radarr_site.tasks.housekeeping",
        started=stopped - timedelta(seconds=1),
        stopped=stopped,
        success=success,
    )


def test_housekeeping_deletes_only_rows_past_their_keep_time():
    _task("old-success", True, timedelta(days=8))
    _task("new-success", True, timedelta(days=6))
    _task("old-failure", False, timedelta(days=31))
    _task("new-failure", False, timedelta(days=8))
    now = timezone.now()
    TaskProgress.objects.create(
        name="old-done", state=TaskProgress.DONE, finished_at=now - timedelta(days=8)
    )
    TaskProgress.objects.create(
        name="new-done", state=TaskProgress.DONE, finished_at=now - timedelta(days=1)
    )
    TaskProgress.objects.create(name="running", state=TaskProgress.RUNNING)

    counts = tasks.housekeeping()

    assert counts["successes"] == 1 and counts["failures"] == 1 and counts["progress"] == 1
    assert set(Task.objects.values_list("id", flat=True)) == {"new-success", "new-failure"}
    assert set(TaskProgress.objects.values_list("name", flat=True)) == {"new-done", "running"}


def test_warns_when_sqlite_is_not_in_wal_mode(monkeypatch):
    monkeypatch.setattr("radarr_site.health.sqlite_journal_mode", lambda: "delete")
    issue = next(i for i in run_checks() if i.source == "Database")
    assert issue.level == WARNING and "delete journal mode" in issue.message


def test_wal_mode_and_other_databases_raise_no_database_warning(monkeypatch):
    for mode in ("wal", None):
        monkeypatch.setattr("radarr_site.health.sqlite_journal_mode", lambda mode=mode: mode)
        assert not any(i.source == "Database" for i in run_checks())


def _running_progress(name: str, silent_for: timedelta) -> None:
    TaskProgress.objects.create(name=name, state=TaskProgress.RUNNING, total=10)
    TaskProgress.objects.filter(name=name).update(updated_at=timezone.now() - silent_for)


def test_housekeeping_fails_progress_silent_for_longer_than_the_task_timeout(settings):
    timeout = timedelta(seconds=settings.Q_CLUSTER["timeout"])
    _running_progress("abandoned", timeout + timedelta(minutes=1))

    counts = tasks.housekeeping()

    abandoned = TaskProgress.objects.get(name="abandoned")
    assert counts["stale_progress"] == 1
    assert abandoned.state == TaskProgress.FAILED
    assert abandoned.message == "stopped without finishing"
    assert abandoned.finished_at is not None


def test_housekeeping_leaves_progress_updated_within_the_timeout_running(settings):
    timeout = timedelta(seconds=settings.Q_CLUSTER["timeout"])
    _running_progress("alive", timeout - timedelta(minutes=1))

    assert tasks.housekeeping()["stale_progress"] == 0
    assert TaskProgress.objects.get(name="alive").state == TaskProgress.RUNNING


def _open_tmdb(kind: str, error: str) -> None:
    ProviderStatus.objects.create(
        key="tmdb",
        label="TMDB",
        consecutive_failures=2,
        disabled_until=timezone.now() + timedelta(minutes=5),
        last_error=error,
        last_error_kind=kind,
    )


def _tmdb_issue():
    return next(i for i in run_checks() if i.source == "TMDB" and "unavailable" in i.message)


def test_a_refused_tmdb_key_points_to_settings_general_with_a_link():
    _open_tmdb("AuthError", "TMDB (api.themoviedb.org) refused our credentials (HTTP 401)")
    issue = _tmdb_issue()
    assert "check the key on Settings → General" in issue.hint
    assert "Test again" not in issue.hint
    assert issue.link == "/settings/general/"


def test_an_unreachable_tmdb_points_to_the_network_and_tmdb_base_url():
    _open_tmdb("Unavailable", "TMDB (api.themoviedb.org) is unreachable")
    issue = _tmdb_issue()
    assert "network" in issue.hint and "TMDB_BASE_URL" in issue.hint
    assert issue.link == ""


def test_a_rate_limited_tmdb_says_to_wait():
    _open_tmdb("RateLimited", "TMDB is rate limiting us (HTTP 429, retry after 120s)")
    issue = _tmdb_issue()
    assert "resume by themselves" in issue.hint
    assert "TMDB_BASE_URL" not in issue.hint and issue.link == ""


def test_a_not_found_from_tmdb_points_to_its_base_url():
    _open_tmdb("NotFound", "TMDB (proxy.example): not found (HTTP 404)")
    assert "TMDB_BASE_URL" in _tmdb_issue().hint


def test_housekeeping_empties_old_files_from_the_recycle_bin(tmp_path):
    import os
    import time

    from movies.models import MediaManagement

    bin_dir = tmp_path / "recycle"
    (bin_dir / "Old Movie (1990)").mkdir(parents=True)
    old = bin_dir / "Old Movie (1990)" / "old.mkv"
    new = bin_dir / "new.mkv"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    settings_row = MediaManagement.load()
    settings_row.recycle_bin, settings_row.recycle_bin_days = str(bin_dir), 7
    settings_row.save()

    counts = tasks.housekeeping()

    assert counts["recycled_files_deleted"] == 1
    assert not old.exists() and new.exists()
    assert not (bin_dir / "Old Movie (1990)").exists()
