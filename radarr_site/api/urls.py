"""Mounts the API: every router module joins the one NinjaAPI here."""

from __future__ import annotations

from radarr_site.api.core import api
from radarr_site.api.routers import (
    activity,
    calendar,
    commands,
    indexers,
    library,
    movies,
    system,
)

for module in (system, library, movies, calendar, commands, activity, indexers):
    api.add_router("", module.router)

api_urls = api.urls
