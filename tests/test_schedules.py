"""The schedule registry is upserted after migrate: created once, updated in place by name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from radarr_site import schedules
from radarr_site.schedules import SCHEDULES, ScheduledTask, upsert_schedules

pytestmark = pytest.mark.django_db


def test_migrate_creates_every_schedule():
    rows = {s.name: (s.func, s.minutes, s.repeats) for s in Schedule.objects.all()}

    assert rows == {
        "Refresh metadata": ("movies.tasks.refresh_metadata", 24 * 60, -1),
        "Health check": ("radarr_site.tasks.check_health", 5, -1),
        "Housekeeping": ("radarr_site.tasks.housekeeping", 24 * 60, -1),
        "Check downloads": ("downloads.tasks.check_downloads", 1, -1),
        "RSS sync": ("indexers.rss.tasks.sync_rss", 5, -1),
        "Send notifications": ("mediaservers.tasks.send_due", 1, -1),
        "Scene-group analysis": ("scenegroups.tasks.analyse_groups", 5, -1),
    }


def test_every_scheduled_function_can_be_imported():
    from django.utils.module_loading import import_string

    for task in SCHEDULES:
        assert callable(import_string(task.func)), task.func


def test_upserting_twice_changes_nothing():
    before = list(Schedule.objects.order_by("pk").values())

    upsert_schedules()
    upsert_schedules()

    assert list(Schedule.objects.order_by("pk").values()) == before


def test_a_deleted_schedule_is_created_again():
    Schedule.objects.filter(name="Housekeeping").delete()

    upsert_schedules()

    assert Schedule.objects.filter(name="Housekeeping").count() == 1


def test_a_changed_interval_is_updated_in_place_keeping_next_run(monkeypatch):
    row = Schedule.objects.get(name="Health check")
    next_run = timezone.now() + timedelta(minutes=3)
    Schedule.objects.filter(pk=row.pk).update(next_run=next_run)
    changed = [
        ScheduledTask(t.name, t.func, 15, t.description) if t.name == "Health check" else t
        for t in SCHEDULES
    ]
    monkeypatch.setattr(schedules, "SCHEDULES", changed)

    upsert_schedules()

    updated = Schedule.objects.get(name="Health check")
    assert updated.pk == row.pk
    assert updated.minutes == 15
    assert updated.next_run == next_run
    assert Schedule.objects.filter(name="Health check").count() == 1


def test_an_interval_edited_in_the_database_is_brought_back_in_line_with_the_code():
    Schedule.objects.filter(name="Refresh metadata").update(minutes=1, func="gone.away")

    upsert_schedules()

    row = Schedule.objects.get(name="Refresh metadata")
    assert (row.func, row.minutes) == ("movies.tasks.refresh_metadata", 24 * 60)
