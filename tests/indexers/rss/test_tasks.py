"""The RSS sync task's interval gate and claim, seen-item claims, and housekeeping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from indexers.models import Indexer, IndexerOptions, RssSyncReport, SeenRelease
from indexers.rss.seen import claim_new, prune
from indexers.rss.tasks import TASK, sync_rss
from radarr_site.models import TaskProgress
from radarr_site.schedules import BY_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexer(fake_indexers):
    return Indexer.objects.create(name="One", kind="fakeidx", base_url="http://127.0.0.1:1")


def set_interval(minutes):
    IndexerOptions.objects.update_or_create(pk=1, defaults={"rss_sync_interval_minutes": minutes})


def test_the_schedule_runs_the_task_every_five_minutes():
    task = BY_NAME["RSS sync"]

    assert (task.func, task.minutes) == ("indexers.rss.tasks.sync_rss", 5)


def test_the_first_run_syncs(indexer, fake_indexers):
    result = sync_rss()

    assert (result["indexers"], fake_indexers("One").rss_calls) == (1, 1)


def test_a_run_before_the_interval_has_passed_is_skipped(indexer, fake_indexers):
    sync_rss()

    assert (sync_rss(), fake_indexers("One").rss_calls) == (None, 1)


def test_a_run_after_the_interval_syncs_again(indexer, fake_indexers):
    set_interval(30)
    sync_rss()
    TaskProgress.objects.filter(name=TASK).update(started_at=timezone.now() - timedelta(minutes=30))

    sync_rss()

    assert fake_indexers("One").rss_calls == 2


def test_interval_zero_means_the_task_does_nothing(indexer, fake_indexers):
    set_interval(0)

    assert (sync_rss(force=True), fake_indexers("One").rss_calls) == (None, 0)


def test_a_second_worker_skips_while_a_sync_is_running(indexer, fake_indexers):
    sync_rss()
    TaskProgress.objects.filter(name=TASK).update(
        state=TaskProgress.RUNNING, updated_at=timezone.now()
    )

    assert (sync_rss(force=True), fake_indexers("One").rss_calls) == (None, 1)


def test_a_claim_left_by_a_dead_worker_is_taken_over(indexer, fake_indexers):
    sync_rss()
    TaskProgress.objects.filter(name=TASK).update(
        state=TaskProgress.RUNNING, updated_at=timezone.now() - timedelta(hours=3)
    )

    assert sync_rss(force=True)["indexers"] == 1


def test_the_task_records_its_outcome_on_its_progress(indexer):
    sync_rss()

    progress = TaskProgress.objects.get(name=TASK)
    assert (progress.state, progress.message) == (
        TaskProgress.DONE,
        "0 new, 0 matched, 0 grabbed",
    )


def test_a_failed_sync_marks_its_progress_failed_and_frees_the_claim(indexer, monkeypatch):
    import indexers.rss.sync as sync

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sync, "rss_sync", broken)
    with pytest.raises(RuntimeError):
        sync_rss()

    assert TaskProgress.objects.get(name=TASK).state == TaskProgress.FAILED


def test_claiming_returns_only_keys_no_earlier_run_recorded(indexer):
    claim_new(indexer.pk, ["a", "b"])

    assert claim_new(indexer.pk, ["b", "c", "c"]) == {"c"}


def test_a_key_inserted_by_another_worker_meanwhile_is_not_claimed(indexer, monkeypatch):
    from indexers.rss import seen

    real_insert = seen._insert

    def racing(indexer_id, keys, now):
        # Another worker commits "b" between our look-up and our insert.
        SeenRelease.objects.create(indexer_id=indexer_id, key="b", seen_at=now)
        return real_insert(indexer_id, keys, now)

    monkeypatch.setattr(seen, "_insert", racing)

    assert claim_new(indexer.pk, ["a", "b"]) == {"a"}


def test_housekeeping_forgets_items_seen_over_30_days_ago(indexer):
    now = timezone.now()
    SeenRelease.objects.create(indexer=indexer, key="old", seen_at=now - timedelta(days=31))
    SeenRelease.objects.create(indexer=indexer, key="new", seen_at=now - timedelta(days=29))

    counts = prune(now)

    assert (counts["seen_releases"], list(SeenRelease.objects.values_list("key", flat=True))) == (
        1,
        ["new"],
    )


def test_housekeeping_keeps_each_indexers_last_20_reports(indexer):
    other = Indexer.objects.create(name="Two", kind="fakeidx", base_url="http://127.0.0.1:1")
    now = timezone.now()
    for n in range(25):
        RssSyncReport.objects.create(indexer=indexer, started_at=now - timedelta(hours=n))
    RssSyncReport.objects.create(indexer=other, started_at=now - timedelta(days=90))

    counts = prune(now)

    oldest_kept = indexer.rss_reports.order_by("started_at").first().started_at
    assert (counts["rss_reports"], other.rss_reports.count(), oldest_kept) == (
        5,
        1,
        now - timedelta(hours=19),
    )


def test_the_housekeeping_task_prunes_rss_state(indexer):
    from radarr_site import tasks

    SeenRelease.objects.create(
        indexer=indexer, key="old", seen_at=timezone.now() - timedelta(days=40)
    )

    assert (tasks.housekeeping()["seen_releases"], SeenRelease.objects.count()) == (1, 0)
