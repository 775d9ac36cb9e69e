"""The connection interface every kind implements, and the plain data it speaks.

A client is built from a `ConnectionConfig` (never the ORM row), talks through
radarr_site.http.HttpClient and raises only the toolkit's errors. Media servers (Plex,
Jellyfin, Emby) `refresh(path)` a folder and list `sections()`; a webhook `send`s an
event's payload. Every kind has `test()`.
"""

from __future__ import annotations

import posixpath
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

MEDIA_SERVER, WEBHOOK = "mediaserver", "webhook"


@dataclass(frozen=True)
class ConnectionConfig:
    """Everything a client needs, taken from the Connection row."""

    id: int | None
    name: str
    kind: str
    base_url: str  # e.g. http://127.0.0.1:32400 (no trailing slash)
    api_key: str = ""  # Plex token, Jellyfin / Emby API key
    username: str = ""  # webhook basic auth
    password: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # webhook custom headers
    options: dict[str, Any] = field(default_factory=dict)  # per-kind, validated by the kind
    # (our path, the server's path) pairs: a server that sees the library elsewhere.
    path_mappings: tuple[tuple[str, str], ...] = ()

    @property
    def provider_key(self) -> str:
        """The key of this connection's provider status (circuit breaker)."""
        return f"connection:{self.id}" if self.id else f"connection:{self.kind}:test"

    def server_path(self, path: str) -> str:
        """`path` (ours) as the server sees it: the longest matching mapping applied."""
        clean = posixpath.normpath(path)
        best: tuple[str, str] | None = None
        for local, remote in self.path_mappings:
            local = posixpath.normpath(local)
            if (clean == local or clean.startswith(local.rstrip("/") + "/")) and (
                best is None or len(local) > len(best[0])
            ):
                best = (local, remote)
        if best is None:
            return clean
        rest = clean[len(best[0]) :].lstrip("/")
        remote = best[1].rstrip("/") or "/"
        return posixpath.join(remote, rest) if rest else remote


@dataclass(frozen=True)
class Section:
    """One library of a media server, with the folders it holds."""

    key: str
    title: str
    kind: str  # movie, show, movies, tvshows, mixed ...
    locations: tuple[str, ...] = ()

    def holds(self, path: str) -> bool:
        """Is `path` (as the server sees it) inside one of this section's folders?"""
        clean = posixpath.normpath(path)
        return any(
            clean == posixpath.normpath(loc)
            or clean.startswith(posixpath.normpath(loc).rstrip("/") + "/")
            for loc in self.locations
        )


class ConnectionClient(ABC):
    """One connection kind. `role` is MEDIA_SERVER or WEBHOOK."""

    kind: ClassVar[str] = ""
    role: ClassVar[str] = MEDIA_SERVER

    def __init__(self, config: ConnectionConfig) -> None:
        self.config = config

    @abstractmethod
    def test(self) -> None:
        """Check address and credentials; raise the toolkit's error with a message that
        says exactly what failed."""


class MediaServerClient(ConnectionClient):
    """Plex, Jellyfin, Emby: tell the server a folder changed."""

    role = MEDIA_SERVER

    @abstractmethod
    def sections(self) -> list[Section]:
        """The server's libraries with their folders (network)."""

    @abstractmethod
    def refresh(self, path: str) -> str:
        """Have the server rescan `path` (OUR path; the client maps it). Returns what was
        done, as a sentence ("Partial scan of Movies: /media/movies/Heat (1995)")."""


class WebhookClient(ConnectionClient):
    """A webhook: POST an event's JSON payload."""

    role = WEBHOOK

    @abstractmethod
    def send(self, payload: dict[str, Any]) -> None:
        """Deliver one payload (network)."""
