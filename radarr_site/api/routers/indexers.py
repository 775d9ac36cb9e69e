"""API v3: indexer, indexer/schema, indexer/test."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["indexers"])
