"""The Radarr-compatible API v3 under /api/v3/, for the tools households already run.

Overseerr / Jellyseerr, Prowlarr's application sync and the common Python clients (pyarr)
call it with an API key (X-Api-Key header or apikey query parameter), never a session.
django-ninja validates the payloads (typed schemas with Radarr's camelCase field names) and
generates the OpenAPI document (/api/v3/openapi.json, browsable at /api/v3/docs).

- core.py: the NinjaAPI instance, key authentication, Radarr-shaped errors
- keys.py: the household's API key (Settings → General shows and regenerates it)
- middleware.py: case-insensitive paths (/qualityProfile = /qualityprofile), version header
- routers/: one module per resource family; each reaches the apps only through their
  `services` functions
"""
