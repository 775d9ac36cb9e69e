"""API v3: system/status, health, diskspace."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["system"])
