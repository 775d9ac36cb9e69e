"""API v3: qualityprofile, rootfolder, tag, downloadclient."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["library"])
