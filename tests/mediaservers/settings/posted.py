"""What the Connect forms post, and the secrets stored in the fixtures' rows."""

from __future__ import annotations

STORED_TOKEN = "stored-plex-token-9f3a"
STORED_PASSWORD = "stored-hook-password-77"
STORED_HEADER = "stored-header-value-5c1"


def media_data(**fields) -> dict:
    """A media server's form as a browser posts it (events ticked by default)."""
    data = {
        "name": "Plex",
        "enabled": "on",
        "base_url": "http://127.0.0.1:32400",
        "api_key": "",
        "on_import": "on",
        "on_upgrade": "on",
        "on_rename": "on",
        "on_movie_delete": "on",
        "on_movie_file_delete": "on",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def hook_data(**fields) -> dict:
    """A webhook's form as a browser posts it."""
    data = {
        "name": "Notifiarr",
        "enabled": "on",
        "base_url": "https://hooks.example.net/radarr",
        "method": "POST",
        "username": "",
        "password": "",
        "headers_text": "",
        "on_grab": "on",
        "on_import": "on",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}
