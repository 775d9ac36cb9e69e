"""API v3: movie, movie/lookup."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["movies"])
