"""The downloads app's public face: grab, the queue's user actions, the blocklist.

`grab` lives in downloads.grab, polling in downloads.queue and failed handling in
downloads.failed; other apps call them through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from downloads.models import Blocklist, Download, History
from radarr_site.providers import tracked


@dataclass(frozen=True)
class BlocklistEntry:
    """A blocklisted release as the decision engine reads it (plain data, no ORM)."""

    source_title: str
    guid: str = ""
    info_hash: str = ""
    indexer: str = ""
    protocol: str = ""
    quality_id: int = 0
    size: int = 0
    publish_date: datetime | None = None  # as the indexer gave it; usenet matches on it
    date: datetime | None = None  # when it was blocklisted
    message: str = ""
    id: int | None = None


_FIELDS = ("id", "source_title", "guid", "info_hash", "indexer", "protocol", "quality_id")


def blocklist_entries(movie_id: int) -> list[BlocklistEntry]:
    """Every blocklisted release of one movie, newest first, in one query."""
    rows = Blocklist.objects.filter(movie_id=movie_id).values(
        *_FIELDS, "size", "publish_date", "date", "message"
    )
    return [BlocklistEntry(**row) for row in rows]


@dataclass(frozen=True)
class QueuedItem:
    """A release of a movie already in the queue, as the decision engine compares it."""

    movie_id: int
    title: str
    quality_id: int
    quality_version: int = 1
    format_score: int = 0


def queued_items(movie_ids) -> dict[int, list[QueuedItem]]:
    """The active downloads of these movies (None: of every movie), in one query."""
    rows = Download.objects.filter(state__in=Download.ACTIVE_STATES, movie_id__isnull=False)
    if movie_ids is not None:
        rows = rows.filter(movie_id__in=list(movie_ids))
    found: dict[int, list[QueuedItem]] = {}
    for row in rows.values_list(
        "movie_id", "source_title", "quality_id", "quality_version", "format_score"
    ):
        found.setdefault(row[0], []).append(QueuedItem(*row))
    return found


def queue_states(movie_ids) -> dict[int, str]:
    """Each downloading movie's queue state as the queue names it ("Downloading",
    "Import blocked", ...), the latest grab winning, in one query."""
    rows = Download.objects.filter(
        movie_id__in=list(movie_ids), state__in=Download.ACTIVE_STATES
    ).order_by("grabbed_at")
    return {row.movie_id: row.get_state_display() for row in rows}


def add_to_blocklist(
    movie_id: int,
    *,
    source_title: str,
    guid: str = "",
    info_hash: str = "",
    indexer: str = "",
    protocol: str = "",
    quality_id: int = 0,
    size: int = 0,
    publish_date: datetime | None = None,
    message: str = "",
) -> Blocklist:
    """Block a release for a movie so no search or RSS sync grabs it again."""
    # Columns are bounded (PostgreSQL enforces it); no real release title comes near.
    return Blocklist.objects.create(
        movie_id=movie_id,
        source_title=source_title[:500],
        guid=guid[:1000],
        info_hash=info_hash.strip().lower()[:64],
        indexer=indexer[:200],
        protocol=protocol[:10],
        quality_id=quality_id,
        size=size,
        publish_date=publish_date,
        date=timezone.now(),
        message=message[:1000],
    )


# -- the queue's user actions ------------------------------------------------------------


def _client_call(download: Download, action: str, *args) -> None:
    """Run one client call for a queue action (raises the toolkit's errors)."""
    row = download.client
    if row is None:
        raise ValueError("This download's client no longer exists.")
    with tracked(row.config().provider_key, row.name):
        getattr(row.client(), action)(download.download_id, *args)


def pause_download(download: Download) -> None:
    """Pause the item in its client (network)."""
    _client_call(download, "pause")
    running = [Download.State.QUEUED, Download.State.DOWNLOADING]
    Download.objects.filter(pk=download.pk, state__in=running).update(state=Download.State.PAUSED)


def resume_download(download: Download) -> None:
    """Resume the item in its client (network); the next poll shows its real state."""
    _client_call(download, "resume")
    Download.objects.filter(pk=download.pk, state=Download.State.PAUSED).update(
        state=Download.State.QUEUED
    )


IMPORT_RUNNING = "An import of this download is running; wait for it to finish."


def _refuse_while_importing(download: Download) -> None:
    current = Download.objects.filter(pk=download.pk).values_list("state", flat=True).first()
    if current == Download.State.IMPORTING:
        raise ValueError(IMPORT_RUNNING)


def remove_download(download: Download, *, delete_files: bool, user=None) -> None:
    """Remove the item from its client (with or without its data) and stop tracking it.
    Refused (ValueError) while an import of it runs: its files are being moved."""
    _refuse_while_importing(download)
    if download.client_id:
        _client_call(download, "remove", delete_files)
    updated = (
        Download.objects.filter(pk=download.pk)
        .exclude(state=Download.State.IMPORTING)
        .update(
            state=Download.State.REMOVED,
            removed_from_client=True,
            status_message="Removed by hand",
        )
    )
    if not updated:
        raise ValueError(IMPORT_RUNNING)
    message = "Removed from the queue" + (" with its data" if delete_files else "")
    History.record(download, History.Event.REMOVED, message, user=user)


ORPHANED = "Its download client was deleted."


def drop_orphaned_downloads() -> int:
    """Active downloads whose client was deleted (client SET_NULL) leave the queue as
    REMOVED with a reason; an import in progress finishes first. Returns how many."""
    S = Download.State
    orphans = Download.objects.filter(client__isnull=True, state__in=Download.ACTIVE_STATES)
    return orphans.exclude(state=S.IMPORTING).update(state=S.REMOVED, status_message=ORPHANED)


def delete_client(row) -> int:
    """Delete a download client; the downloads it followed leave the active queue."""
    row.delete()
    return drop_orphaned_downloads()


def test_client(pk: int) -> list[str]:
    """The Test button's problems for the saved client `pk` (System → Health calls it)."""
    from downloads.forms import client_problems
    from downloads.models import DownloadClient

    row = DownloadClient.objects.filter(pk=pk).first()
    if row is None:
        return ["This download client no longer exists."]
    return client_problems(row)


def blocklist_download(
    download: Download, *, delete_files: bool = True, search: bool = False, user=None
) -> bool:
    """Remove from the client, blocklist the release, and search again when asked.
    Refused (ValueError) while an import of it runs or once it is imported or failed."""
    from downloads.failed import mark_failed

    _refuse_while_importing(download)
    done = mark_failed(
        download,
        "Removed and blocklisted",  # History shows "by <user>" after it
        user,
        remove_from_client=True,
        delete_files=delete_files,
        search=search,
    )
    if not done:
        _refuse_while_importing(download)
        raise ValueError("This download has already been imported or failed.")
    return done


from downloads.grab import AlreadyGrabbed, GrabError, NoClient, grab  # noqa: E402
from downloads.queue import poll_queue  # noqa: E402

__all__ = [
    "AlreadyGrabbed",
    "BlocklistEntry",
    "GrabError",
    "NoClient",
    "QueuedItem",
    "add_to_blocklist",
    "blocklist_download",
    "blocklist_entries",
    "delete_client",
    "drop_orphaned_downloads",
    "grab",
    "pause_download",
    "poll_queue",
    "queue_states",
    "queued_items",
    "remove_download",
    "resume_download",
    "test_client",
]


def client_outages() -> list[str]:
    """One line per enabled client whose provider status is failing or held off (its
    circuit open): shown above the queue, whose rows then hold their last known state."""
    from urllib.parse import urlsplit

    from downloads.models import DownloadClient
    from radarr_site.models import ProviderStatus

    clients = list(DownloadClient.objects.filter(enabled=True).order_by("priority", "pk"))
    keys = {row.config().provider_key: row for row in clients}
    lines = []
    for status in ProviderStatus.objects.filter(key__in=keys).order_by("key"):
        if status.state == ProviderStatus.CLOSED and not status.consecutive_failures:
            continue
        row = keys[status.key]
        where = urlsplit(row.base_url).netloc or row.base_url
        since = status.first_failure_at or status.last_failure_at
        when = timezone.localtime(since).strftime("%H:%M") if since else "recently"
        what = "is unreachable" if status.last_error_kind == "Unavailable" else "is failing"
        lines.append(
            f"{row.name} ({where}) {what} since {when}; rows show their last known state"
            + (f" ({status.last_error})" if status.last_error else "")
        )
    return lines


_GROUP_EVENTS = {
    History.Event.GRABBED: "grabbed",
    History.Event.IMPORTED: "imported",
    History.Event.FAILED: "failed",  # the download failed (not an import that failed)
}


def group_history() -> dict[str, dict[str, int]]:
    """Our own history per release group NAME as parsed from each source title (any case:
    the caller decides which names are one group): {"grabbed": n, "imported": n,
    "failed": n}, in one query; each distinct title is parsed once. Titles naming no group
    are left out."""
    from movies.services import parse_release

    rows = (
        History.objects.filter(event__in=list(_GROUP_EVENTS))
        .order_by()
        .values_list("event", "source_title")
    )
    groups: dict[str, str | None] = {}
    found: dict[str, dict[str, int]] = {}
    for event, title in rows.iterator():
        if title not in groups:
            name = parse_release(title).release_group
            groups[title] = name.strip() if name and name.strip() else None
        key = groups[title]
        if key is None:
            continue
        counts = found.setdefault(key, {"grabbed": 0, "imported": 0, "failed": 0})
        counts[_GROUP_EVENTS[event]] += 1
    return found


# --- issue 8: download progress per movie (the Requests page) ---
def download_percents(movie_ids) -> dict[int, int]:
    """{movie id: percent downloaded, 0 to 100} for the movies with an active download, the
    latest grab winning, in one query."""
    rows = (
        Download.objects.filter(movie_id__in=list(movie_ids), state__in=Download.ACTIVE_STATES)
        .order_by("grabbed_at")
        .values_list("movie_id", "progress")
    )
    return {movie_id: round(progress * 100) for movie_id, progress in rows}


# --- issue 8: API v3 activity reads (queue, history, blocklist) ---
def queue_rows(*, include_unknown: bool = True):
    """The queue as a queryset (active downloads with their movie and client): the API
    pages and sorts it; `include_unknown` False leaves out items matched to no movie."""
    rows = Download.objects.filter(state__in=Download.ACTIVE_STATES).select_related(
        "movie", "client"
    )
    return rows if include_unknown else rows.filter(movie__isnull=False)


def queued_download(pk: int) -> Download | None:
    """One download still in the queue (active), with its client and movie, or None."""
    return queue_rows().filter(pk=pk).first()


def history_rows():
    """Every history event as a queryset with its movie and download (for the size)."""
    return History.objects.select_related("movie", "download")


def blocklist_rows():
    """Every blocklisted release as a queryset with its movie."""
    return Blocklist.objects.select_related("movie")


def unblock(ids) -> int:
    """Remove these blocklist entries (unknown ids are ignored); how many went."""
    count, _ = Blocklist.objects.filter(pk__in=list(ids)).delete()
    return count


__all__ += ["blocklist_rows", "history_rows", "queue_rows", "queued_download", "unblock"]


# --- issue 8: API v3 downloadclient (read only) ---
def configured_clients():
    """Every configured download client as a queryset, in the Settings page's order."""
    from downloads.models import DownloadClient

    return DownloadClient.objects.all()


__all__ += ["configured_clients"]


# --- issue 8: API v3 queue DELETE with removeFromClient=false ---
def forget_download(download: Download, *, blocklist: bool = False, search: bool = False) -> None:
    """Stop tracking a queued item but leave it in its client (the API's
    removeFromClient=false), blocklisting its release when asked. Refused (ValueError)
    while an import of it runs or once it is final."""
    from downloads.failed import mark_failed

    _refuse_while_importing(download)
    if blocklist:
        reason = "Blocklisted; left in the download client"
        if not mark_failed(download, reason, remove_from_client=False, search=search):
            raise ValueError("This download has already been imported or failed.")
        return
    updated = (
        Download.objects.filter(pk=download.pk, state__in=Download.ACTIVE_STATES)
        .exclude(state=Download.State.IMPORTING)
        .update(state=Download.State.REMOVED, status_message="Removed from the queue")
    )
    if not updated:
        raise ValueError(IMPORT_RUNNING)
    message = "Removed from the queue; left in the download client"
    History.record(download, History.Event.IGNORED, message)


__all__ += ["forget_download"]
