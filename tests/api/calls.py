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
