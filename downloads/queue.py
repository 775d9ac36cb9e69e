"""The queue poller: ask each enabled client once for its items and store what they say.

One `active()` call per client, never one per item. Items map to our Download rows by
(client, download id); items in our category we did not grab become "unknown" rows,
matched to a movie by their name when possible; our rows the client no longer has become
REMOVED. A client that fails keeps its rows as they were (its provider status records
the failure): nothing is removed or grabbed again because a client was down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from downloads.clients.base import TORRENT, ClientItem, ItemState
from downloads.models import Download, DownloadClient, DownloadOptions, History
from radarr_site import providers
from radarr_site.http.errors import IntegrationError
from radarr_site.providers import tracked

log = logging.getLogger(__name__)

S = Download.State
_STATE = {
    ItemState.QUEUED: S.QUEUED,
    ItemState.DOWNLOADING: S.DOWNLOADING,
    ItemState.PAUSED: S.PAUSED,
    ItemState.COMPLETED: S.COMPLETED,
    ItemState.FAILED: S.FAILED,
}
# States the client's word still decides; later ones belong to import handling.
_FOLLOWS_CLIENT = {S.QUEUED, S.DOWNLOADING, S.PAUSED}
# Gone from the client in these states means the user (or the client) dropped it.
_REMOVABLE = {S.QUEUED, S.DOWNLOADING, S.PAUSED, S.COMPLETED, S.IMPORT_BLOCKED}
# States whose status message belongs to import handling or the user (a block's reason,
# "Import failed: ..."): the client's message must not overwrite it.
_KEEPS_MESSAGE = {S.IMPORTING, S.IMPORT_BLOCKED, S.IMPORTED, S.FAILED, S.REMOVED}
# An import claim older than this is taken to be dead (its worker crashed or was killed)
# and is claimed again.
STALE_IMPORT = timedelta(minutes=30)
# A client may not list an item it accepted a moment ago (a magnet resolving, an NZB
# being fetched): a fresh grab is not declared removed before this.
GRACE = timedelta(minutes=2)
# Never "state": a state moves only by a conditional update, so a poll that read the row
# before another worker claimed it for import cannot write the old state back.
_PROGRESS_FIELDS = [
    "progress",
    "size",
    "size_left",
    "eta_seconds",
    "speed",
    "output_path",
    "save_path",
    "status_message",
    "warnings",
    "client_state",
    "seeding",
    "ratio",
    "seeding_seconds",
    "polled_at",
]
_SAVED_FIELDS = [*_PROGRESS_FIELDS, "removed_from_client"]


@dataclass
class PollResult:
    """What one poll cycle did, for the task log and the tests."""

    clients: int = 0
    client_calls: int = 0
    items: int = 0
    failed_clients: list[str] = field(default_factory=list)
    unknown: int = 0
    removed: int = 0
    completed: list[int] = field(default_factory=list)  # Download ids handed to import
    failed: list[int] = field(default_factory=list)


def _apply(download: Download, item: ClientItem, now) -> str | None:
    """Copy the client's progress onto the row; return the state the row should move to
    (None: it stays). Only rows still following the client move."""
    download.progress = max(0.0, min(1.0, item.progress))
    download.size = item.size or download.size
    download.size_left = max(0, item.size_left)
    download.eta_seconds = item.eta_seconds if item.eta_seconds and item.eta_seconds > 0 else None
    download.speed = max(0, item.speed)
    download.output_path = (item.output_path or download.output_path)[:2000]
    download.save_path = (item.save_path or download.save_path)[:2000]
    if download.state not in _KEEPS_MESSAGE:
        download.status_message = (item.message or "")[:1000]
    download.warnings = list(item.warnings)
    download.client_state = (item.raw_state or item.state.value)[:50]
    download.seeding = item.seeding
    download.ratio = item.ratio
    download.seeding_seconds = item.seeding_seconds
    download.polled_at = now
    new = _STATE[item.state]
    if download.state not in _FOLLOWS_CLIENT or new == download.state:
        return None
    return new


def save_progress(downloads: list[Download]) -> None:
    """Write the polled fields of many rows in one executemany.

    bulk_update builds one CASE per field per row and took seconds for 500 rows; the
    poller writes the same columns of every row, which a prepared UPDATE does directly.
    """
    fields = [Download._meta.get_field(name) for name in _SAVED_FIELDS]
    table, pk = Download._meta.db_table, Download._meta.pk.column
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s"
    params = [
        [f.get_db_prep_save(getattr(d, f.attname), connection) for f in fields] + [d.pk]
        for d in downloads
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _match_movie(name: str):
    """The library movie an unknown item's name names (title and year), or None."""
    from movies.models import Movie
    from movies.services import parse_release

    parsed = parse_release(name)
    if not parsed.clean_title:
        return None, parsed
    movies = Movie.objects.filter(clean_title=parsed.clean_title)
    if parsed.year:
        movies = movies.filter(year__in=[parsed.year - 1, parsed.year, parsed.year + 1])
    found = list(movies[:2])
    return (found[0] if len(found) == 1 else None), parsed


def _track_unknown(row: DownloadClient, item: ClientItem, now) -> Download | None:
    movie, parsed = _match_movie(item.title)
    download = Download(
        movie=movie,
        client=row,
        protocol=row.protocol,
        download_id=item.download_id[:200],
        source_title=item.title[:500],
        info_hash=item.download_id.lower()[:64] if row.protocol == TORRENT else "",
        quality_id=parsed.quality.quality_id,
        quality_version=parsed.quality.version,
        grabbed_from="unknown",
        grabbed_at=now,
    )
    # A failed unknown item is shown failed; nothing we did not choose is blocklisted.
    download.state = _apply(download, item, now) or download.state
    try:
        with transaction.atomic():
            download.save()
    except IntegrityError:
        return None  # another worker recorded it first
    return download


def _poll_client(row: DownloadClient, options: DownloadOptions, result: PollResult) -> None:
    from downloads.clients import build_client
    from downloads.grab import client_categories

    config = row.config()
    items: list[ClientItem] = []
    # One call per category our items may sit in (the client's own and its mapped ones).
    for category in client_categories(row):
        with tracked(config.provider_key, row.name, respect_hold=True):
            result.client_calls += 1
            items += build_client(replace(config, category=category)).active()
    now = timezone.now()
    result.items += len(items)
    by_id = {item.download_id: item for item in items}
    # Our active rows, plus any finished row an item still names (an imported torrent
    # seeding): never every row the client ever had.
    rows = Download.objects.filter(client=row).filter(
        Q(state__in=Download.ACTIVE_STATES) | Q(download_id__in=list(by_id))
    )
    known = {d.download_id: d for d in rows.select_related("movie")}

    changed, moves = [], []
    for download_id, item in by_id.items():
        download = known.get(download_id)
        if download is None:
            if _track_unknown(row, item, now):
                result.unknown += 1
            continue
        if download.state in (S.IMPORTED, S.FAILED, S.REMOVED):
            _after_import(row, download, item, now, changed)
            continue
        new_state = _apply(download, item, now)
        changed.append(download)
        if new_state is not None:
            moves.append((download, new_state))
    if changed:
        save_progress(changed)

    for download in known.values():
        if download.download_id in by_id or download.state not in _REMOVABLE:
            continue
        if download.polled_at is None and download.grabbed_at > now - GRACE:
            continue
        if _mark_removed(download):
            result.removed += 1

    for download, new_state in moves:
        if new_state == S.FAILED:
            from downloads.failed import mark_failed

            reason = by_id[download.download_id].message or "The download client reports failure."
            if mark_failed(download, reason, expected=[download.state]):
                result.failed.append(download.pk)
        elif Download.objects.filter(pk=download.pk, state=download.state).update(state=new_state):
            download.state = new_state
    _hand_completed_to_import(row, options, result)


def _after_import(row, download: Download, item: ClientItem, now, changed: list) -> None:
    """An imported item still in the client: remove it once its seed goals are met, when
    the user asked for that (Radarr deletes the download's data: the library has a copy
    or a hardlink)."""
    if download.state != S.IMPORTED or not row.remove_completed:
        return
    if item.state != ItemState.COMPLETED or not seed_goals_met(row, item, download):
        return
    try:
        with tracked(row.config().provider_key, row.name):
            row.client().remove(download.download_id, delete_files=True)
    except IntegrationError as exc:
        log.warning("Could not remove %s from %s: %s", download, row.name, exc)
        return
    download.removed_from_client = True
    download.polled_at = now
    changed.append(download)


def seed_goals_met(row: DownloadClient, item: ClientItem, download: Download | None = None) -> bool:
    """Usenet items are done at once; a torrent when it reached the ratio or the seed
    time (each the indexer's, stored on the download, else the client's), or, with
    neither set, when the client itself stopped seeding it."""
    if row.protocol != TORRENT:
        return True
    ratio = download.seed_ratio if download and download.seed_ratio is not None else None
    minutes = download.seed_time_minutes if download else None
    ratio = row.seed_ratio if ratio is None else ratio
    minutes = row.seed_time_minutes if minutes is None else minutes
    if ratio is None and minutes is None:
        return not item.seeding
    if ratio is not None and (item.ratio or 0) >= ratio:
        return True
    return minutes is not None and (item.seeding_seconds or 0) >= minutes * 60


def _mark_removed(download: Download) -> bool:
    updated = Download.objects.filter(pk=download.pk, state=download.state).update(
        state=S.REMOVED, status_message="Removed from the download client"
    )
    if updated:
        message = "The item is no longer in the download client."
        History.record(download, History.Event.REMOVED, message)
    return bool(updated)


def _hand_completed_to_import(
    row: DownloadClient, options: DownloadOptions, result: PollResult
) -> None:
    """Claim each completed (or stale importing) row and queue one import task per row:
    the import copies files and must not hold up the poll of the next clients."""
    if not options.enable_completed_handling:
        return
    stale = timezone.now() - STALE_IMPORT
    waiting = Download.objects.filter(client=row, movie__isnull=False).filter(
        Q(state=S.COMPLETED)
        | Q(state=S.IMPORTING, import_started_at__lt=stale)
        | Q(state=S.IMPORTING, import_started_at__isnull=True)
    )
    for download in waiting.only("pk", "state", "import_started_at"):
        if claim_import(download):
            from django_q.tasks import async_task

            async_task("downloads.tasks.import_download", download.pk, group="Import download")
            result.completed.append(download.pk)


def claim_import(download: Download) -> bool:
    """Claim a row for import: COMPLETED → IMPORTING, or an IMPORTING row whose claim is
    older than STALE_IMPORT. Conditional on the state and claim time read, so two workers
    never both claim it."""
    now = timezone.now()
    rows = Download.objects.filter(pk=download.pk, state=download.state)
    if download.state == S.IMPORTING:
        if download.import_started_at and download.import_started_at >= now - STALE_IMPORT:
            return False
        rows = rows.filter(import_started_at=download.import_started_at)
    elif download.state != S.COMPLETED:
        return False
    if not rows.update(state=S.IMPORTING, import_started_at=now):
        return False
    download.state, download.import_started_at = S.IMPORTING, now
    return True


def release_stale_import(download: Download) -> bool:
    """Hand a dead import claim back to the user (IMPORTING older than STALE_IMPORT →
    IMPORT_BLOCKED), so Manual Import can claim it; False when the claim is still live."""
    if download.state != S.IMPORTING:
        return False
    stale = timezone.now() - STALE_IMPORT
    rows = Download.objects.filter(pk=download.pk, state=S.IMPORTING).filter(
        Q(import_started_at__lt=stale) | Q(import_started_at__isnull=True)
    )
    if not rows.update(
        state=S.IMPORT_BLOCKED, status_message="The last import did not finish; try again."
    ):
        return False
    download.state = S.IMPORT_BLOCKED
    return True


def run_import(download_id: int) -> bool:
    """Run completed download handling on a claimed (IMPORTING) row; False when the row
    is not waiting for this import any more."""
    download = (
        Download.objects.filter(pk=download_id, state=S.IMPORTING)
        .select_related("movie", "client")
        .first()
    )
    if download is None:
        return False
    from downloads import importing

    try:
        importing.import_completed(download)
    except Exception as exc:  # the import's own bug must not leave the row claimed
        log.exception("Importing %s failed", download)
        Download.objects.filter(pk=download.pk, state=S.IMPORTING).update(
            state=S.IMPORT_BLOCKED, status_message=f"Import failed: {exc}"[:1000]
        )
    return True


def import_download(download: Download) -> bool:
    """Claim a COMPLETED download and import it now (in this process)."""
    return claim_import(download) and run_import(download.pk)


def poll_queue() -> PollResult:
    """One poll cycle over every enabled client; a failing client is recorded and skipped."""
    from downloads.services import drop_orphaned_downloads

    options = DownloadOptions.load()
    result = PollResult()
    result.removed += drop_orphaned_downloads()
    for row in DownloadClient.objects.filter(enabled=True):
        result.clients += 1
        try:
            _poll_client(row, options, result)
        except IntegrationError as exc:
            # tracked() recorded it on the client's status (a held-off one is just skipped)
            result.failed_clients.append(row.name)
            log.warning("Queue: %s skipped: %s", row.name, exc)
        except Exception as exc:  # a client's bug must not stop the poll of the others
            result.failed_clients.append(row.name)
            providers.record_failure(row.config().provider_key, row.name, exc)
            log.exception("Queue: %s failed unexpectedly", row.name)
    return result
