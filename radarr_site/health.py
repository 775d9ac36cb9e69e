"""Health checks shown on System → Health: plain problems found in the stored state.

`run_checks()` reads the database only (root folder figures are refreshed on disk by the
Health check task through `probe_root_folders()`), so the page never hangs on a dead mount.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from django.urls import reverse

from movies.models import RootFolder
from radarr_site.models import ProviderStatus, SiteSettings

WARNING, ERROR = "warning", "error"
LOW_DISK_BYTES = 1024**3


@dataclass(frozen=True)
class HealthIssue:
    """One problem: where it comes from, how bad it is, what it is and how to fix it."""

    source: str
    level: str
    message: str
    hint: str = ""
    link: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class ProviderFix:
    """Where an integration's settings live, for advice that points there."""

    settings_url: str  # URL name of the page holding its key
    settings_label: str
    base_url_setting: str  # the environment setting with its address


# Later integrations add a line here (their settings page and address setting).
PROVIDER_FIXES = {
    "tmdb": ProviderFix("settings:general", "Settings → General", "TMDB_BASE_URL"),
}
# Integrations configured many times have one key per row ("indexer:3"): key prefix → fix.
PROVIDER_PREFIX_FIXES = {
    "indexer:": ProviderFix("settings:indexers", "Settings → Indexers", "its URL"),
    "connection:": ProviderFix("settings:connections", "Settings → Connect", "its URL"),
}


def provider_fix(key: str) -> ProviderFix | None:
    """Where the settings of the integration with this provider key live, if known."""
    if key in PROVIDER_FIXES:
        return PROVIDER_FIXES[key]
    for prefix, fix in PROVIDER_PREFIX_FIXES.items():
        if key.startswith(prefix):
            return fix
    return None


def probe_root_folders() -> int:
    """Read every root folder's accessibility and free space from disk and save it (I/O)."""
    folders = list(RootFolder.objects.all())
    for folder in folders:
        folder.probe_disk()
        folder.save(update_fields=["accessible", "free_space", "total_space", "checked_at"])
    return len(folders)


def tmdb_key_source() -> str:
    """Where the TMDB key in use comes from: "settings page", "environment" or ""."""
    if SiteSettings.load().tmdb_api_key:
        return "settings page"
    if settings.TMDB_API_KEY:
        return "environment"
    return ""


def sqlite_journal_mode() -> str | None:
    """The SQLite journal mode (e.g. "wal"), or None on another database."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return str(cursor.fetchone()[0]).lower()


def _root_folder_issues() -> list[HealthIssue]:
    folders = list(RootFolder.objects.all())
    if not folders:
        return [
            HealthIssue(
                "Root folders",
                WARNING,
                "No root folder is configured, so no movie can be added.",
                "Add one on Settings → Root folders.",
            )
        ]
    issues = []
    for folder in folders:
        if not folder.accessible:
            issues.append(
                HealthIssue(
                    "Root folders",
                    ERROR,
                    f"Root folder {folder.path} is missing or not writable.",
                    "Check the mount and that the app's user may write there.",
                )
            )
        elif folder.free_space is not None and folder.free_space < LOW_DISK_BYTES:
            issues.append(
                HealthIssue(
                    "Disk space",
                    WARNING,
                    f"Root folder {folder.path} has less than 1 GiB free.",
                    "Free some space or add another root folder.",
                )
            )
    return issues


def _tmdb_key_issues() -> list[HealthIssue]:
    if tmdb_key_source():
        return []
    return [
        HealthIssue(
            "TMDB",
            ERROR,
            "No TMDB API key is set: searching and adding movies will not work.",
            "Set it on Settings → General or in the TMDB_API_KEY environment variable.",
        )
    ]


def provider_advice(status: ProviderStatus) -> tuple[str, str, str]:
    """What to do about a failing integration, by the kind of its last error:
    (hint, link, link text); the link is empty when there is no page to fix it on."""
    fix = provider_fix(status.key)
    label = status.label
    kind = status.last_error_kind
    if kind in ("AuthError", "TmdbNotConfigured"):
        if fix:
            return (
                f"{label} refused the API key: check the key on {fix.settings_label}.",
                reverse(fix.settings_url),
                fix.settings_label,
            )
        return f"{label} refused our credentials: check them in its settings.", "", ""
    if kind == "RateLimited":
        return (
            f"{label} asked us to slow down. Nothing to fix: calls resume by themselves "
            "when the hold ends.",
            "",
            "",
        )
    address = f"{fix.base_url_setting} is right" if fix else "its address is right"
    if kind in ("NotFound", "BadResponse"):
        return (
            f"Something answers, but not as {label} does: check that {address} and that no "
            "proxy stands in between.",
            "",
            "",
        )
    if kind == "Unavailable":
        # A connection's address is edited on its page: link there, like the other advice.
        on_page = fix is not None and status.key.startswith("connection:")
        return (
            f"Check that this server reaches {label} (network, DNS, proxy, firewall) and "
            f"that {address}; calls resume after the hold, or use Test again.",
            reverse(fix.settings_url) if on_page else "",
            fix.settings_label if on_page else "",
        )
    return "Calls are held off for a while; use Test again once it is fixed.", "", ""


def _provider_issues() -> list[HealthIssue]:
    issues = []
    for status in ProviderStatus.objects.all():
        hint, link, link_text = provider_advice(status)
        if status.state == ProviderStatus.OPEN:
            issues.append(
                HealthIssue(
                    status.label,
                    ERROR,
                    f"{status.label} is unavailable after {status.consecutive_failures} "
                    f"failure(s): {status.last_error}",
                    hint,
                    link,
                    link_text,
                )
            )
        elif status.state == ProviderStatus.HALF_OPEN:
            issues.append(
                HealthIssue(
                    status.label,
                    WARNING,
                    f"{status.label} failed recently: {status.last_error}",
                    f"The next call decides whether it is healthy again. {hint}",
                    link,
                    link_text,
                )
            )
    return issues


def _download_client_issues() -> list[HealthIssue]:
    from downloads.models import DownloadClient  # the downloads app's model, read only

    if DownloadClient.objects.filter(enabled=True).exists():
        return []
    return [
        HealthIssue(
            "Download clients",
            WARNING,
            "No download client is enabled, so no release can be grabbed.",
            "Add or enable one on Settings → Download Clients.",
            reverse("settings:download_clients"),
            "Settings → Download Clients",
        )
    ]


def _indexer_issues() -> list[HealthIssue]:
    """Radarr's indexer checks: none enabled for RSS sync or automatic search, and every
    enabled indexer held off after failures (each one's own error comes from its status)."""
    from indexers import services  # the indexers app's public face

    rows = services.indexer_switches()  # (provider key, rss, automatic, interactive)
    link, link_text = reverse("settings:indexers"), "Settings → Indexers"
    issues = []
    for position, what, consequence in (
        (1, "RSS sync", "new releases are not grabbed automatically"),
        (2, "automatic search", "searching for a movie finds nothing to grab"),
    ):
        if not any(row[position] for row in rows):
            issues.append(
                HealthIssue(
                    "Indexers",
                    WARNING,
                    f"No indexers are enabled for {what}: {consequence}.",
                    f"Add an indexer or enable {what} on one.",
                    link,
                    link_text,
                )
            )
    enabled = [row[0] for row in rows if any(row[1:])]
    if enabled:
        statuses = ProviderStatus.objects.filter(key__in=enabled)
        held = [status for status in statuses if status.state == ProviderStatus.OPEN]
        if len(held) == len(enabled):
            issues.append(
                HealthIssue(
                    "Indexers",
                    ERROR,
                    "All indexers are unavailable due to failures.",
                    "Each indexer's own problem is listed below; fix one and use Test again.",
                    link,
                    link_text,
                )
            )
    return issues


def _notification_issues() -> list[HealthIssue]:
    """Notifications waiting to be retried or given up (each failing connection's own
    error comes from its provider status)."""
    from mediaservers import services  # the mediaservers app's public face

    counts = services.delivery_counts()
    link, link_text = reverse("settings:connections"), "Settings → Connect"
    issues = []
    if counts.retrying:
        issues.append(
            HealthIssue(
                "Notifications",
                WARNING,
                f"{counts.retrying} notification(s) waiting to be retried.",
                "They are sent again by themselves once the media server or webhook answers.",
                link,
                link_text,
            )
        )
    if counts.given_up:
        issues.append(
            HealthIssue(
                "Notifications",
                WARNING,
                f"{counts.given_up} notification(s) given up in the last 7 days.",
                "Fix the connection, then retry them from its page.",
                link,
                link_text,
            )
        )
    return issues


def _database_issues() -> list[HealthIssue]:
    mode = sqlite_journal_mode()
    if mode is None or mode == "wal":
        return []
    return [
        HealthIssue(
            "Database",
            WARNING,
            f"SQLite runs in {mode} journal mode, not WAL: tasks and pages may block each other.",
            "Check that DATA_DIR is on a local disk (WAL does not work on network shares).",
        )
    ]


def run_checks() -> list[HealthIssue]:
    """Every health problem known now, errors first."""
    issues = (
        _root_folder_issues()
        + _tmdb_key_issues()
        + _download_client_issues()
        + _indexer_issues()
        + _provider_issues()
        + _notification_issues()
        + _database_issues()
    )
    return sorted(issues, key=lambda issue: issue.level != ERROR)


LAST_ISSUES_KEY = "health:last-issues"
ANNOUNCE_LOCK_KEY = "health:announcing"
ANNOUNCE_LOCK_SECONDS = 60  # ends by itself if a check dies holding it


def issue_key(issue: HealthIssue) -> str:
    """What makes an issue the same one next time: its source, level and what it says,
    without counts or the latest error text (which change while the problem lasts)."""
    said = re.sub(r"\d+", "#", issue.message.split(": ", 1)[0])
    return f"{issue.source}|{issue.level}|{said}"


def announce_changes(issues: list[HealthIssue]) -> tuple[int, int]:
    """Send health_issue for issues not found last time and health_restored for those
    gone since (the last set is kept in the shared cache); (new, restored) counts.

    With no last set (the first check, or the cache was emptied) the current set is only
    kept: every standing issue would otherwise be announced again as new. Two checks at
    once: one holds the lock and compares; the other announces nothing."""
    from django.core.cache import cache

    from radarr_site import events

    if not cache.add(ANNOUNCE_LOCK_KEY, 1, timeout=ANNOUNCE_LOCK_SECONDS):
        return 0, 0
    try:
        last = cache.get(LAST_ISSUES_KEY)
        now = {issue_key(issue): issue for issue in issues}
        cache.set(LAST_ISSUES_KEY, {key: asdict(issue) for key, issue in now.items()}, None)
    finally:
        cache.delete(ANNOUNCE_LOCK_KEY)
    if last is None:
        return 0, 0
    new = [issue for key, issue in now.items() if key not in last]
    gone = [HealthIssue(**data) for key, data in last.items() if key not in now]
    for issue in new:
        events.health_issue.send_robust(sender=HealthIssue, issue=issue)
    for issue in gone:
        events.health_restored.send_robust(sender=HealthIssue, issue=issue)
    return len(new), len(gone)
