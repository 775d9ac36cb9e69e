"""Thin django-q2 entry points of the radarr_site app (see radarr_site.schedules)."""

from __future__ import annotations

from radarr_site import health
from radarr_site import housekeeping as keeping


def check_health() -> dict:
    """Probe root folders on disk, count the health problems found, and announce new and
    resolved ones (connections that want health events hear of them)."""
    folders = health.probe_root_folders()
    issues = health.run_checks()
    new, restored = health.announce_changes(issues)
    return {
        "root_folders": folders,
        "errors": sum(1 for i in issues if i.level == health.ERROR),
        "warnings": sum(1 for i in issues if i.level == health.WARNING),
        "new": new,
        "restored": restored,
    }


def housekeeping() -> dict:
    """Trim old task results and progress records, forget RSS items seen over 30 days ago
    and all but each indexer's last 20 RSS sync reports, notifications sent over 14 days
    ago (given up: 30), empty the recycle bin of old files; optimise SQLite."""
    from indexers.rss.seen import prune as prune_rss
    from mediaservers.services import prune_deliveries
    from movies.services import empty_recycle_bin
    from scenegroups.services import prune_torrents

    counts = keeping.trim_old_rows()
    counts.update(prune_rss())
    counts.update(prune_deliveries())
    counts.update(prune_torrents())  # scene-group torrents not seen for 90 days
    counts.update(keeping.trim_api_commands())  # API commands older than a week
    counts["recycled_files_deleted"] = empty_recycle_bin()
    counts["optimised"] = keeping.optimise_database()
    return counts
