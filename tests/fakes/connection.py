"""In-process connection kinds implementing the media-server and webhook interfaces.

`install(monkeypatch)` registers the kinds `fakeserver` (a media server) and `fakehook`
(a webhook) in mediaservers.clients.KINDS. Every client built from a configuration with
the same name shares one `FakeServer` (its sections, the refreshes and payloads it got,
a delay, an error to raise), so the code under test may build clients as often as it
likes while the test inspects what arrived. A refresh maps our path through the
configuration's path mappings, like the real clients, and records the server's path.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from mediaservers.clients.base import (
    MEDIA_SERVER,
    WEBHOOK,
    MediaServerClient,
    Section,
    WebhookClient,
)
from radarr_site.http.errors import IntegrationError

SERVERS: dict[str, FakeServer] = {}


@dataclass
class FakeServer:
    """What one fake connection holds and what it has been sent."""

    sections: list[Section] = field(
        default_factory=lambda: [Section("1", "Movies", "movie", ("/",))]
    )
    refreshes: list[str] = field(default_factory=list)  # server paths, in order
    payloads: list[dict[str, Any]] = field(default_factory=list)  # webhook bodies
    tests: int = 0
    delay: float = 0.0  # seconds each call sleeps (a slow server)
    error: IntegrationError | None = None  # every call raises it

    def call(self) -> None:
        if self.delay:
            time.sleep(self.delay)
        if self.error is not None:
            raise self.error


def server(name: str) -> FakeServer:
    """The shared state of the fake connection configured under `name`."""
    return SERVERS.setdefault(name, FakeServer())


class FakeMediaServer(MediaServerClient):
    kind = "fakeserver"

    @property
    def state(self) -> FakeServer:
        return server(self.config.name)

    def test(self) -> None:
        self.state.tests += 1
        self.state.call()

    def sections(self) -> list[Section]:
        self.state.call()
        return list(self.state.sections)

    def refresh(self, path: str) -> str:
        self.state.call()
        remote = self.config.server_path(path)
        self.state.refreshes.append(remote)
        return f"Partial scan of {self.config.name}: {remote}"


class FakeWebhook(WebhookClient):
    kind = "fakehook"

    @property
    def state(self) -> FakeServer:
        return server(self.config.name)

    def test(self) -> None:
        self.state.tests += 1
        self.send({"eventType": "Test"})

    def send(self, payload: dict[str, Any]) -> None:
        self.state.call()
        self.state.payloads.append(payload)


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the fake kinds and start every fake server empty."""
    from mediaservers import clients

    SERVERS.clear()
    monkeypatch.setitem(
        clients.KINDS,
        "fakeserver",
        ("Fake media server", MEDIA_SERVER, "tests.fakes.connection.FakeMediaServer"),
    )
    monkeypatch.setitem(
        clients.KINDS, "fakehook", ("Fake webhook", WEBHOOK, "tests.fakes.connection.FakeWebhook")
    )


@pytest.fixture
def fake_connections(monkeypatch):
    """The fake kinds registered; returns `server` to reach a fake's state by name."""
    install(monkeypatch)
    yield server
    SERVERS.clear()
