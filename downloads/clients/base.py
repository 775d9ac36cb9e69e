"""The download-client interface every kind implements, and the plain data it speaks.

A client is built from a `ClientConfig` (never the ORM row), talks to its service through
radarr_site.http.HttpClient and raises only the toolkit's errors, so it runs and is
tested without a database. `active()` answers for every item in our category in ONE call
to the service: the queue poller never asks per item.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

TORRENT, USENET = "torrent", "usenet"


class ItemState(StrEnum):
    """What a client says about one item, mapped to Radarr's queue states."""

    QUEUED = "queued"
    DOWNLOADING = "downloading"
    PAUSED = "paused"
    COMPLETED = "completed"  # finished downloading (and unpacked, for usenet); may still seed
    FAILED = "failed"


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client needs, taken from the DownloadClient row."""

    id: int | None
    name: str
    kind: str
    base_url: str  # e.g. http://127.0.0.1:8080 (a URL base such as /qbt included)
    username: str = ""
    password: str = ""
    api_key: str = ""
    category: str = ""
    start_paused: bool = False
    seed_ratio: float | None = None  # torrents: stop seeding at this ratio
    seed_time_minutes: int | None = None  # torrents: stop seeding after this long
    options: dict[str, Any] = field(default_factory=dict)  # per-kind, validated by the kind

    @property
    def provider_key(self) -> str:
        """The key of this client's provider status (circuit breaker)."""
        return f"downloadclient:{self.id}" if self.id else f"downloadclient:{self.kind}:test"


@dataclass(frozen=True)
class DownloadRequest:
    """One release to send: a magnet or URL, or the .torrent / .nzb file itself."""

    title: str
    protocol: str
    url: str = ""  # magnet link, .torrent URL or .nzb URL
    content: bytes | None = None  # the .torrent or .nzb file, when we fetched it
    file_name: str = ""  # for uploaded files, e.g. "Movie.2020.1080p.nzb"
    info_hash: str = ""  # torrents: known before the client answers, lower case hex
    category: str | None = None  # None: the client's configured category
    # Torrents: the indexer's seed goals for this release; None: the client's own.
    seed_ratio: float | None = None
    seed_time_minutes: int | None = None


@dataclass
class ClientItem:
    """One item in a client as the queue stores it."""

    download_id: str  # torrents: info hash (lower case); usenet: the client's id
    title: str
    state: ItemState
    category: str = ""
    size: int = 0  # bytes
    size_left: int = 0
    progress: float = 0.0  # 0.0 .. 1.0
    eta_seconds: int | None = None
    speed: int = 0  # bytes per second
    output_path: str = ""  # the finished file or folder, as the CLIENT sees it
    save_path: str = ""  # the client's download folder for this item; output_path must lie in it
    message: str = ""  # the client's error or status text
    warnings: list[str] = field(default_factory=list)  # stalled, no peers, missing files …
    ratio: float | None = None  # torrents
    seeding_seconds: int | None = None  # torrents
    seeding: bool = False  # torrents still uploading after completion
    raw_state: str = ""  # the client's own state word, for the log and the UI


class DownloadClient(ABC):
    """What the grab, the queue poller and completed-download handling ask of a client."""

    kind: str = ""
    protocol: str = ""

    def __init__(self, config: ClientConfig) -> None:
        self.config = config

    @abstractmethod
    def add(self, request: DownloadRequest) -> str:
        """Send a release; return its download id (torrent info hash, or the client's id)."""

    @abstractmethod
    def active(self) -> list[ClientItem]:
        """Every item in our category, finished or not, in one call to the client."""

    def seed_goals(self, request: DownloadRequest) -> tuple[float | None, int | None]:
        """(ratio, minutes) to set on a torrent: each of the request's (its indexer's)
        goals when given, else the client's own."""
        ratio = request.seed_ratio if request.seed_ratio is not None else self.config.seed_ratio
        minutes = request.seed_time_minutes
        if minutes is None:
            minutes = self.config.seed_time_minutes
        return ratio, minutes

    def status(self, download_id: str) -> ClientItem | None:
        """One item, or None when the client no longer has it."""
        return next((i for i in self.active() if i.download_id == download_id), None)

    def completed(self) -> list[ClientItem]:
        return [i for i in self.active() if i.state == ItemState.COMPLETED]

    @abstractmethod
    def pause(self, download_id: str) -> None: ...

    @abstractmethod
    def resume(self, download_id: str) -> None: ...

    @abstractmethod
    def remove(self, download_id: str, delete_files: bool) -> None: ...

    @abstractmethod
    def test(self) -> list[str]:
        """Readable problems (unreachable, bad credentials, missing category, old version);
        an empty list means the client works as configured."""
