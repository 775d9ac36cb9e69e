"""Writing deliveries into the outbox, in the transaction of the event that caused them.

A webhook delivery carries its payload, built when the event happened. A media-server
scan is debounced: while a scan of the same folder is pending for a connection, a new
one merges into it and pushes its due time DEBOUNCE further, so several imports into one
folder within the window make one scan (the unique constraint on pending scans keeps two
workers from writing two). After the commit, the send task is queued.
"""

from __future__ import annotations

import logging
import posixpath
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mediaservers.models import Connection, Delivery

log = logging.getLogger(__name__)

DEBOUNCE = timedelta(seconds=5)
SEND_TASK = "mediaservers.tasks.send_due"


def _queue_send() -> None:
    from django_q.tasks import async_task

    try:
        async_task(SEND_TASK, group="notifications")
    except Exception:
        # The broker is down: the "Send notifications" schedule sends it within a minute.
        log.exception("Could not queue the notification task")


def queue_send_after_commit() -> None:
    """Queue the send task once the current transaction commits (at once outside one)."""
    transaction.on_commit(_queue_send)


def add_webhook(connection: Connection, event: str, payload: dict[str, Any]) -> Delivery:
    """A webhook delivery of `payload`, due now; the send task is queued after commit."""
    delivery = Delivery.objects.create(
        connection=connection, event=event, payload=payload, due_at=timezone.now()
    )
    queue_send_after_commit()
    return delivery


def _push_pending_scan(connection: Connection, folder: str) -> int:
    return Delivery.objects.filter(
        connection=connection, folder=folder, event=Delivery.SCAN, state=Delivery.State.PENDING
    ).update(due_at=timezone.now() + DEBOUNCE)


def add_scan(connection: Connection, folder: str, cause: str = "") -> Delivery | None:
    """A scan of `folder` (our path), due in DEBOUNCE; merged into the pending scan of the
    same folder when there is one (which then waits DEBOUNCE from now). `cause`, the event
    that asked for it (e.g. "Download"), is kept in the payload ({"reason": ...}; the
    first cause stays on a merged scan). Returns the pending scan (None in the rare case
    another worker sent it meanwhile)."""
    folder = posixpath.normpath(folder)
    if not _push_pending_scan(connection, folder):
        try:
            with transaction.atomic():  # a savepoint: the sender's transaction goes on
                Delivery.objects.create(
                    connection=connection,
                    event=Delivery.SCAN,
                    folder=folder,
                    payload={"reason": cause} if cause else {},
                    due_at=timezone.now() + DEBOUNCE,
                )
        except IntegrityError:
            _push_pending_scan(connection, folder)  # another worker wrote it a moment ago
    queue_send_after_commit()
    return Delivery.objects.filter(
        connection=connection, folder=folder, event=Delivery.SCAN, state=Delivery.State.PENDING
    ).first()


def retry(delivery_id: int) -> bool:
    """Make a given-up delivery pending again, due now, attempts from zero; False when it
    is not given up. A scan merges into a pending scan of its folder if there is one."""
    delivery = Delivery.objects.filter(pk=delivery_id, state=Delivery.State.FAILED).first()
    if delivery is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        if delivery.event == Delivery.SCAN and _push_pending_scan(
            delivery.connection, delivery.folder
        ):
            Delivery.objects.filter(pk=delivery.pk).delete()
        else:
            try:
                with transaction.atomic():
                    updated = Delivery.objects.filter(
                        pk=delivery.pk, state=Delivery.State.FAILED
                    ).update(state=Delivery.State.PENDING, attempts=0, due_at=now, last_error="")
            except IntegrityError:
                # A scan of the folder was written between the two statements.
                _push_pending_scan(delivery.connection, delivery.folder)
                Delivery.objects.filter(pk=delivery.pk).delete()
                updated = 1
            if not updated:
                return False
        queue_send_after_commit()
    return True
