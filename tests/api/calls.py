"""A key-authenticated API call for the API tests."""

from __future__ import annotations

import json

from radarr_site.api.keys import current_api_key

MATRIX = 603  # The Matrix in tests/fixtures/tmdb


def call(client, method: str, path: str, body=None, **extra):
    """A key-authenticated API call; `body` is sent as JSON."""
    kwargs = {"HTTP_X_API_KEY": current_api_key(), **extra}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, **kwargs)


def api_post(client, body, **headers):
    """POST /api/v3/command with the key."""
    headers.setdefault("HTTP_X_API_KEY", current_api_key())
    return client.post("/api/v3/command", body, content_type="application/json", **headers)


def api_get(client, path="/api/v3/command", **headers):
    """GET an API path (the command list by default) with the key."""
    headers.setdefault("HTTP_X_API_KEY", current_api_key())
    return client.get(path, **headers)
