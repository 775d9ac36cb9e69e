"""Thin django-q2 entry points of the mediaservers app."""

from __future__ import annotations

from mediaservers import sending


def send_due() -> dict[str, int]:
    """Send the notifications that are due (queued after each event, and every minute by
    the "Send notifications" schedule as a safety net)."""
    return sending.send_due()
