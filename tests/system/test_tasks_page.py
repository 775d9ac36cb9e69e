"""System → Tasks: the scheduled tasks, their last run, "Run now" and live progress."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_q.models import Task

from radarr_site import progress

pytestmark = pytest.mark.django_db

NAMES = [
    "Refresh metadata",
    "Health check",
    "Housekeeping",
    "Check downloads",
    "RSS sync",
    "Send notifications",
    "Scene-group analysis",
]
HTMX = {"HX-Request": "true"}


def test_lists_every_schedule_with_its_next_run(admin_client):
    response = admin_client.get(reverse("system:tasks"))
    rows = response.context["rows"]
    assert [row.task.name for row in rows] == NAMES
    assert all(row.next_run is not None for row in rows)
    for name in NAMES:
        assert name in response.content.decode()


def test_run_now_runs_the_task_and_shows_its_outcome(admin_client, root_folder):
    response = admin_client.post(reverse("system:task_run"), {"name": "Health check"}, follow=True)
    assert "Health check is queued." in response.content.decode()
    task = Task.objects.get(group="Health check")
    assert task.success is True
    assert task.result["root_folders"] == 1
    row = next(r for r in response.context["rows"] if r.task.name == "Health check")
    assert row.last.id == task.id
    assert row.duration is not None


def test_run_now_over_htmx_returns_the_table_fragment(admin_client):
    response = admin_client.post(
        reverse("system:task_run"), {"name": "Housekeeping"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Housekeeping is queued." in html
    assert Task.objects.filter(group="Housekeeping", success=True).exists()


def test_run_now_runs_an_interval_gated_task_even_when_it_ran_a_moment_ago(admin_client):
    from indexers.rss.tasks import sync_rss

    assert sync_rss(force=True) is not None  # a sync just ran; the gate would skip the next

    admin_client.post(reverse("system:task_run"), {"name": "RSS sync"})

    task = Task.objects.get(group="RSS sync")
    assert task.success is True and task.result is not None  # forced: it synced again


def test_run_now_rejects_an_unknown_task(admin_client):
    response = admin_client.post(reverse("system:task_run"), {"name": "rm -rf"})
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_run_now_is_forbidden_to_a_member(member_client):
    response = member_client.post(reverse("system:task_run"), {"name": "Housekeeping"})
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_polls_and_shows_progress_only_while_a_task_runs(admin_client):
    idle = admin_client.get(reverse("system:tasks_table"), headers=HTMX).content.decode()
    assert "every 2s" not in idle

    progress.start("Refresh metadata", total=40)
    progress.advance("Refresh metadata", 10, "Alien (1979)")
    busy = admin_client.get(reverse("system:tasks_table"), headers=HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in busy
    assert "10/40" in busy and "width: 25%" in busy

    progress.finish("Refresh metadata", "done")
    assert (
        "every 2s"
        not in admin_client.get(reverse("system:tasks_table"), headers=HTMX).content.decode()
    )


def test_a_failed_run_shows_failure_with_its_error(admin_client):
    from django.utils import timezone

    now = timezone.now()
    Task.objects.create(
        id="f1",
        name="Refresh metadata",
        func="movies.tasks.refresh_metadata",
        group="Refresh metadata",
        started=now,
        stopped=now,
        success=False,
        result="TmdbNotConfigured: No TMDB API key is set <here>",
    )
    html = admin_client.get(reverse("system:tasks")).content.decode()
    assert '<span class="badge err">failure</span>' in html
    assert "No TMDB API key is set &lt;here&gt;" in html


def test_interval_reads_in_days_and_minutes(admin_client):
    rows = admin_client.get(reverse("system:tasks")).context["rows"]
    assert [row.interval for row in rows] == [
        "every 1 day(s)",
        "every 5 minute(s)",
        "every 1 day(s)",
        "every 1 minute(s)",
        "every 30 minute(s) (checked every 5 minute(s))",
        "every 1 minute(s)",
        "every 7 day(s) (checked every 5 minute(s))",
    ]


def test_a_switched_off_rss_sync_reads_off(admin_client):
    from indexers.models import IndexerOptions

    IndexerOptions.objects.update_or_create(pk=1, defaults={"rss_sync_interval_minutes": 0})

    rows = admin_client.get(reverse("system:tasks")).context["rows"]

    rss = next(row for row in rows if row.task.name == "RSS sync")
    assert rss.interval == "off (checked every 5 minute(s))"


def test_a_skipped_run_does_not_hide_the_last_sync_outcome(admin_client):
    from indexers.rss.tasks import sync_rss

    admin_client.post(reverse("system:task_run"), {"name": "RSS sync"})  # forced: syncs
    assert sync_rss() is None  # the scheduler a minute later: too soon, skipped
    from django_q.tasks import async_task

    async_task("indexers.rss.tasks.sync_rss", group="RSS sync")  # recorded, result None

    rows = admin_client.get(reverse("system:tasks")).context["rows"]
    row = next(row for row in rows if row.task.name == "RSS sync")

    assert row.last.result is not None
    assert "new items: 0" in row.result_text


def test_a_dataclass_outcome_reads_as_words(admin_client):
    from django_q.tasks import async_task

    async_task("downloads.tasks.check_downloads", True, group="Check downloads")

    row = next(
        r
        for r in admin_client.get(reverse("system:tasks")).context["rows"]
        if r.task.name == "Check downloads"
    )

    assert "PollResult(" not in row.result_text and "clients: 0" in row.result_text


def test_a_queued_task_is_shown_and_polled(admin_client):
    from django_q.tasks import async_task

    async_task("radarr_site.tasks.housekeeping", group="Housekeeping", sync=False)
    response = admin_client.get(reverse("system:tasks_table"), headers=HTMX)
    html = response.content.decode()
    assert response.context["queue_size"] == 1
    assert "queued (1)" in html
    assert 'hx-trigger="every 2s"' in html


def _queue(func: str, group: str) -> None:
    from django_q.tasks import async_task

    async_task(func, group=group, sync=False)


def test_run_now_refuses_a_task_already_in_the_queue(admin_client):
    _queue("radarr_site.tasks.housekeeping", "Housekeeping")
    response = admin_client.post(
        reverse("system:task_run"), {"name": "Housekeeping"}, HTTP_HX_REQUEST="true"
    )
    assert "Housekeeping is already queued or running." in response.content.decode()
    assert response.context["queue_size"] == 1
    assert not Task.objects.exists()


def test_run_now_refuses_a_queued_run_of_the_same_function_in_another_group(admin_client):
    _queue("radarr_site.tasks.housekeeping", "someone else's group")
    response = admin_client.post(reverse("system:task_run"), {"name": "Housekeeping"}, follow=True)
    assert "Housekeeping is already queued or running." in response.content.decode()
    assert not Task.objects.exists()


def test_run_now_still_runs_another_task_while_one_is_queued(admin_client):
    _queue("radarr_site.tasks.housekeeping", "Housekeeping")
    admin_client.post(reverse("system:task_run"), {"name": "Health check"})
    assert Task.objects.filter(group="Health check", success=True).exists()


def test_run_now_refuses_a_task_whose_progress_is_running(admin_client):
    progress.start("Refresh metadata", total=10)
    response = admin_client.post(
        reverse("system:task_run"), {"name": "Refresh metadata"}, follow=True
    )
    assert "Refresh metadata is already queued or running." in response.content.decode()
    assert not Task.objects.exists()


def test_run_now_ignores_running_progress_nobody_has_updated_past_the_timeout(
    admin_client, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from radarr_site.models import TaskProgress

    progress.start("Housekeeping", total=1)
    long_ago = timezone.now() - timedelta(seconds=settings.Q_CLUSTER["timeout"] + 60)
    TaskProgress.objects.filter(name="Housekeeping").update(updated_at=long_ago)
    response = admin_client.post(reverse("system:task_run"), {"name": "Housekeeping"}, follow=True)
    assert "Housekeeping is queued." in response.content.decode()
    assert Task.objects.filter(group="Housekeeping").exists()


def _work_the_queue() -> None:
    """Run the queued tasks as a cluster worker would, recording failures instead of raising
    (Q's sync mode re-raises a task's error into the request); Conf.SYNC stays on so that
    the test's database connection is kept open."""
    from django_q.brokers import get_broker
    from django_q.tasks import _sync

    broker = get_broker()
    for task_id, pack in broker.dequeue() or []:
        _sync(pack)
        broker.acknowledge(task_id)


def test_run_now_of_refresh_metadata_with_tmdb_unreachable_shows_a_failure_with_the_reason(
    admin_client, root_folder, settings, monkeypatch
):

    from django_q.conf import Conf

    from tests.fakes import free_port
    from tests.movies.factories import make_movie

    closed_port = free_port()
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    settings.TMDB_BASE_URL = f"http://127.0.0.1:{closed_port}/3"
    settings.TMDB_HTTP_OPTIONS = {"retries": 0, "timeout": (2.0, 2.0)}
    make_movie(root_folder, title="Heat")
    with monkeypatch.context() as queued:
        queued.setattr(Conf, "SYNC", False)  # queue it as production does
        admin_client.post(reverse("system:task_run"), {"name": "Refresh metadata"})
    _work_the_queue()
    response = admin_client.get(reverse("system:tasks"))
    task = Task.objects.get(group="Refresh metadata")
    assert task.success is False
    row = next(r for r in response.context["rows"] if r.task.name == "Refresh metadata")
    assert row.result_text.startswith("Stopped after 0 of 1: TMDB")
    assert "unreachable" in row.result_text
    assert "Traceback" not in row.result_text
    html = response.content.decode()
    assert '<span class="badge err">failure</span>' in html
    assert "stopped_early" not in html


def test_tasks_table_url_opened_without_htmx_redirects_to_the_tasks_page(admin_client):
    response = admin_client.get(reverse("system:tasks_table"))
    assert response.status_code == 302
    assert response["Location"] == reverse("system:tasks")


def test_tasks_table_answer_varies_on_the_htmx_header(admin_client):
    response = admin_client.get(reverse("system:tasks_table"), headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_run_now_button_is_disabled_while_its_request_is_in_flight(admin_client):
    # htmx reads hx-disabled-elt on the element that sends the request: the form.
    html = admin_client.get(reverse("system:tasks")).content.decode()
    forms = html.count(f'action="{reverse("system:task_run")}"')
    assert forms == len(NAMES)
    assert html.count('hx-disabled-elt="find button"') == forms


def test_a_second_run_now_while_the_first_is_queued_is_refused_and_queues_nothing(
    admin_client, monkeypatch
):
    from django_q.conf import Conf
    from django_q.models import OrmQ

    monkeypatch.setattr(Conf, "SYNC", False)  # let the first run wait in the queue
    url = reverse("system:task_run")
    first = admin_client.post(url, {"name": "Housekeeping"}, HTTP_HX_REQUEST="true")
    second = admin_client.post(url, {"name": "Housekeeping"}, HTTP_HX_REQUEST="true")
    assert "Housekeeping is queued." in first.content.decode()
    assert "Housekeeping is already queued or running." in second.content.decode()
    assert OrmQ.objects.count() == 1
