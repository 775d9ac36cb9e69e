"""API v3: queue, history, calendar, blocklist."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["activity"])
