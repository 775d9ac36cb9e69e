"""Fixtures for Settings → Connect: saved connections of each role and form data."""

from __future__ import annotations

import pytest

from mediaservers.models import Connection
from tests.mediaservers.settings.posted import STORED_HEADER, STORED_PASSWORD, STORED_TOKEN


@pytest.fixture
def plex(db):
    return Connection.objects.create(
        kind="plex", name="Living room Plex", base_url="http://10.0.0.5:32400", api_key=STORED_TOKEN
    )


@pytest.fixture
def hook(db):
    return Connection.objects.create(
        kind="webhook",
        name="Notifiarr",
        base_url="https://hooks.example.net/radarr",
        username="radarr",
        password=STORED_PASSWORD,
        headers={"X-Api-Key": STORED_HEADER},
        options={"method": "POST"},
        on_grab=True,
    )
