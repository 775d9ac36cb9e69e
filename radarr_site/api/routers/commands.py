"""API v3: command."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["commands"])
