"""Thin django-q2 entry points of the radarr_site app (see radarr_site.schedules)."""

from __future__ import annotations

from radarr_site import health
from radarr_site import housekeeping as keeping


def check_health() -> dict:
    """Probe root folders on disk, then count the health problems found."""
    folders = health.probe_root_folders()
    issues = health.run_checks()
    return {
        "root_folders": folders,
        "errors": sum(1 for i in issues if i.level == health.ERROR),
        "warnings": sum(1 for i in issues if i.level == health.WARNING),
    }


def housekeeping() -> dict:
    """Trim old task results and progress records, forget RSS items seen over 30 days ago
    and all but each indexer's last 20 RSS sync reports, empty the recycle bin of old
    files; optimise SQLite."""
    from indexers.rss.seen import prune as prune_rss
    from movies.services import empty_recycle_bin

    counts = keeping.trim_old_rows()
    counts.update(prune_rss())
    counts["recycled_files_deleted"] = empty_recycle_bin()
    counts["optimised"] = keeping.optimise_database()
    return counts
