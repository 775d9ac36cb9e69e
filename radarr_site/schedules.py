"""Every scheduled task, declared once in code and upserted by name after `migrate`.

django-q2 stores the function as a dotted string and rejects duplicate schedule names,
so each entry is keyed by its name; re-running migrate updates it in place and keeps
its next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class ScheduledTask:
    """One django-q2 schedule: its unique name, dotted function, interval and what it does."""

    name: str
    func: str
    minutes: int
    description: str
    # Passed to the function on "Run now": tasks that gate themselves on an interval
    # take force=True so a user's click always runs them.
    run_now_kwargs: dict = field(default_factory=dict)
    # A task that gates itself on a user setting: the dotted function giving the minutes
    # it really runs every (0 = switched off); its skipped runs return None.
    effective_minutes: str = ""


SCHEDULES: list[ScheduledTask] = [
    ScheduledTask(
        "Refresh metadata",
        "movies.tasks.refresh_metadata",
        24 * 60,
        "Refreshes movie metadata from TMDB, stalest first, in batches.",
    ),
    ScheduledTask(
        "Health check",
        "radarr_site.tasks.check_health",
        5,
        "Checks root folders and the status of every integration.",
    ),
    ScheduledTask(
        "Housekeeping",
        "radarr_site.tasks.housekeeping",
        24 * 60,
        "Trims old task results and finished progress records, optimises the database.",
    ),
    ScheduledTask(
        "Check downloads",
        "downloads.tasks.check_downloads",
        1,  # the task itself waits DownloadOptions.check_interval_minutes between polls
        "Asks every download client for its queue; hands finished downloads to import.",
        {"force": True},
        "downloads.tasks.interval_minutes",
    ),
    ScheduledTask(
        "RSS sync",
        "indexers.rss.tasks.sync_rss",
        5,  # the task itself waits IndexerOptions.rss_sync_interval_minutes between syncs
        "Reads every RSS-enabled indexer's newest releases; grabs the best for monitored movies.",
        {"force": True},
        "indexers.rss.tasks.interval_minutes",
    ),
    ScheduledTask(
        "Send notifications",
        "mediaservers.tasks.send_due",
        1,  # a safety net: each event queues the send itself after its commit
        "Sends media-server scans and webhooks that are due, retrying failed ones.",
    ),
    ScheduledTask(
        "Scene-group analysis",
        "scenegroups.tasks.analyse_groups",
        5,  # starts a run every AnalysisSettings.interval_days; carries a running one on
        "Reads HDBits' newest torrents page by page, paced, and scores each release group.",
        {"force": True},
        "scenegroups.tasks.interval_minutes",
    ),
]

BY_NAME = {task.name: task for task in SCHEDULES}


def upsert_schedules(using: str = "default") -> None:
    """Create missing schedules and bring existing ones in line with the code."""
    from django_q.models import Schedule

    for task in SCHEDULES:
        schedule = Schedule.objects.using(using).filter(name=task.name).first()
        if schedule is None:
            Schedule.objects.using(using).create(
                name=task.name,
                func=task.func,
                schedule_type=Schedule.MINUTES,
                minutes=task.minutes,
                repeats=-1,
                next_run=timezone.now() + timezone.timedelta(minutes=min(task.minutes, 5)),
            )
            continue
        changed = (schedule.func, schedule.schedule_type, schedule.minutes) != (
            task.func,
            Schedule.MINUTES,
            task.minutes,
        )
        if changed:
            schedule.func, schedule.schedule_type, schedule.minutes = (
                task.func,
                Schedule.MINUTES,
                task.minutes,
            )
            schedule.repeats = -1
            schedule.save(using=using)
