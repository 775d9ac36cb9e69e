"""Signal receivers: each event becomes deliveries in the outbox, in the sender's transaction.

For every enabled connection that wants the event, a webhook gets the event's payload
(built now, from the objects as they are), a media server gets a scan of the folder that
changed. A receiver never raises into the sender: an import or a delete is never undone
by a notification; a failure here is logged and the other connections still get theirs.
Connected in MediaServersConfig.ready().
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from mediaservers import outbox
from mediaservers.clients.base import MEDIA_SERVER, WEBHOOK
from mediaservers.models import Connection, Delivery
from radarr_site import events

log = logging.getLogger(__name__)

# Radarr's webhook eventTypes.
GRAB, DOWNLOAD, RENAME = "Grab", "Download", "Rename"
MOVIE_DELETE, MOVIE_FILE_DELETE = "MovieDelete", "MovieFileDelete"
HEALTH, HEALTH_RESTORED = "Health", "HealthRestored"


def _wanting(field: str) -> list[Connection]:
    return [c for c in Connection.objects.filter(enabled=True) if c.wants(field)]


def _notify(
    field: str,
    event: str,
    payload: Callable[[], dict[str, Any]] | None,
    folder: str | None,
    wants: Callable[[Connection], bool] = lambda c: True,
    cause: str | None = None,
) -> None:
    """Write the deliveries of one event: `payload()` for webhooks (built once), a scan
    of `folder` for media servers (none when None; `cause`, the event, kept on it so the
    Connect page can say "Scan (Download)"). Never raises."""
    try:
        with transaction.atomic():  # a savepoint: a failed read leaves the sender's work
            connections = [c for c in _wanting(field) if wants(c)]
    except Exception:
        log.exception("Could not read the connections for %s", event)
        return
    built: dict[str, Any] | None = None
    for connection in connections:
        try:
            with transaction.atomic():  # a savepoint: one failure leaves the sender's work
                if connection.role == WEBHOOK and payload is not None:
                    built = built if built is not None else payload()
                    outbox.add_webhook(connection, event, built)
                elif connection.role == MEDIA_SERVER and folder:
                    outbox.add_scan(connection, folder, cause=cause or event)
        except Exception:
            log.exception("Could not queue %s for %s", event, connection.name)


def _payloads():
    from mediaservers import payloads  # helper modules load lazily: receivers stay cheap

    return payloads


def on_release_grabbed(sender: Any, download: Any, **kwargs: Any) -> None:
    _notify("on_grab", GRAB, lambda: _payloads().grab_payload(download), None)


def on_file_imported(
    sender: Any,
    movie: Any,
    movie_file: Any,
    download: Any = None,
    is_upgrade: bool = False,
    deleted_files: list[dict[str, Any]] | None = None,
    source_path: str | None = None,
    **kwargs: Any,
) -> None:
    def build() -> dict[str, Any]:
        return _payloads().download_payload(
            movie, movie_file, download, is_upgrade, deleted_files or [], source_path
        )

    # Radarr: an upgrade goes to a connection with On Import AND On Upgrade both on.
    _notify(
        "on_import",
        DOWNLOAD,
        build,
        movie.path,
        lambda c: not is_upgrade or c.on_upgrade,
    )


def on_files_renamed(sender: Any, movie: Any, renamed: list, **kwargs: Any) -> None:
    _notify("on_rename", RENAME, lambda: _payloads().rename_payload(movie, renamed), movie.path)


def _parent_folder(movie: Any) -> str:
    """Where a deleted movie folder was listed: its root folder (Plex scans a folder that
    exists), else the folder above it."""
    root = getattr(movie, "root_folder", None)
    if root is not None and root.path:
        return root.path
    return posixpath.dirname(posixpath.normpath(movie.path))


def on_movie_deleted(sender: Any, movie: Any, files_deleted: bool = False, **kwargs: Any) -> None:
    # Without its files the folder is unchanged on disk: nothing for a server to scan.
    folder = _parent_folder(movie) if files_deleted else None
    _notify(
        "on_movie_delete",
        MOVIE_DELETE,
        lambda: _payloads().movie_delete_payload(movie, files_deleted),
        folder,
    )


def on_movie_file_deleted(
    sender: Any, movie: Any, movie_file: Any, reason: str = "manual", **kwargs: Any
) -> None:
    _notify(
        "on_movie_file_delete",
        MOVIE_FILE_DELETE,
        lambda: _payloads().movie_file_delete_payload(movie, movie_file, reason),
        movie.path,
    )


def _wants_level(issue: Any) -> Callable[[Connection], bool]:
    from radarr_site.health import ERROR

    return lambda c: issue.level == ERROR or c.include_health_warnings


def on_health_issue(sender: Any, issue: Any, **kwargs: Any) -> None:
    build = lambda: _payloads().health_payload(issue)  # noqa: E731
    _notify("on_health_issue", HEALTH, build, None, _wants_level(issue))


def on_health_restored(sender: Any, issue: Any, **kwargs: Any) -> None:
    build = lambda: _payloads().health_payload(issue, restored=True)  # noqa: E731
    _notify("on_health_restored", HEALTH_RESTORED, build, None, _wants_level(issue))


# Requests tell people, and only a webhook reaches people: media servers never get them.
_REQUEST_EVENTS = {
    "available": ("on_request_available", "RequestAvailable"),
    "failed": ("on_request_failed", "RequestFailed"),
}


def on_request_changed(sender: Any, request: Any, status: str, **kwargs: Any) -> None:
    if str(status) not in _REQUEST_EVENTS:
        return  # pending, approved, declined: the requester sees those on the page
    field, event = _REQUEST_EVENTS[str(status)]
    build = lambda: _payloads().request_payload(request, str(status))  # noqa: E731
    _notify(field, event, build, None, lambda c: c.role == WEBHOOK)


RECEIVERS = {
    events.release_grabbed: on_release_grabbed,
    events.file_imported: on_file_imported,
    events.files_renamed: on_files_renamed,
    events.movie_deleted: on_movie_deleted,
    events.movie_file_deleted: on_movie_file_deleted,
    events.health_issue: on_health_issue,
    events.health_restored: on_health_restored,
    events.request_changed: on_request_changed,
}


def cancel_when_disabled(sender: Any, instance: Connection, **kwargs: Any) -> None:
    """A connection saved disabled drops its pending deliveries: they would only be
    given up later and warn on Health for a week about a connection turned off."""
    if not instance.enabled:
        instance.deliveries.filter(state=Delivery.State.PENDING).delete()


def connect() -> None:
    """Connect every receiver (idempotent: each has a dispatch uid)."""
    for signal, receiver in RECEIVERS.items():
        signal.connect(receiver, dispatch_uid=f"mediaservers.{receiver.__name__}")
    post_save.connect(
        cancel_when_disabled, sender=Connection, dispatch_uid="mediaservers.cancel_when_disabled"
    )
