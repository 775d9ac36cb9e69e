"""An in-process download client implementing the DownloadClient interface, for tests.

`install(monkeypatch)` registers the kinds `fake` (torrent) and `fakenzb` (usenet) in
downloads.clients.KINDS. Every client built from a configuration with the same name
shares one `FakeServer` (its items, its call counter, whether it is down), so the code
under test may build clients as often as it likes while the test inspects the server.
An `add_log` option names a file each add appends a line to, so adds made by other
processes can be counted too.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from downloads.clients.base import (
    TORRENT,
    USENET,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from radarr_site.http.errors import AuthError, IntegrationError, Unavailable

SERVERS: dict[str, FakeServer] = {}
_ids = itertools.count(1)


@dataclass
class FakeServer:
    """What one fake client holds and how it has been used."""

    items: dict[str, ClientItem] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    added: list[DownloadRequest] = field(default_factory=list)
    removed: list[tuple[str, bool]] = field(default_factory=list)
    down: bool = False  # every call raises Unavailable (connection refused)
    refuse_auth: bool = False
    add_error: IntegrationError | None = None
    active_error: Exception | None = None  # active() raises it (a client's own bug)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def put(self, item: ClientItem) -> ClientItem:
        self.items[item.download_id] = item
        return item


def server(name: str) -> FakeServer:
    """The shared state of the fake client configured under `name`."""
    return SERVERS.setdefault(name, FakeServer())


class FakeClient(DownloadClient):
    """Answers from its FakeServer; adds become QUEUED items in the configured category."""

    kind = "fake"
    protocol = TORRENT

    @property
    def server(self) -> FakeServer:
        return server(self.config.name)

    def _call(self, name: str) -> FakeServer:
        srv = self.server
        srv.calls[name] = srv.calls.get(name, 0) + 1
        if srv.down:
            raise Unavailable(f"{self.config.name} (fake) is unreachable (connection refused)")
        if srv.refuse_auth:
            raise AuthError(f"{self.config.name} (fake): credentials refused", status=401)
        return srv

    def add(self, request: DownloadRequest) -> str:
        srv = self._call("add")
        if srv.add_error is not None:
            raise srv.add_error
        log = self.config.options.get("add_log")
        if log:
            with Path(log).open("a") as fh:
                fh.write(request.title + "\n")
        if self.protocol == TORRENT:
            download_id = request.info_hash or hashlib.sha1(request.url.encode()).hexdigest()
        else:
            download_id = f"SABnzbd_nzo_{next(_ids)}"
        srv.added.append(request)
        srv.put(
            ClientItem(
                download_id=download_id,
                title=request.title,
                state=ItemState.PAUSED if self.config.start_paused else ItemState.QUEUED,
                category=request.category or self.config.category,
            )
        )
        return download_id

    def active(self) -> list[ClientItem]:
        srv = self._call("active")
        if srv.active_error is not None:
            raise srv.active_error
        category = self.config.category
        return [i for i in srv.items.values() if not category or i.category == category]

    def pause(self, download_id: str) -> None:
        self._call("pause").items[download_id].state = ItemState.PAUSED

    def resume(self, download_id: str) -> None:
        self._call("resume").items[download_id].state = ItemState.DOWNLOADING

    def remove(self, download_id: str, delete_files: bool) -> None:
        srv = self._call("remove")
        srv.items.pop(download_id, None)
        srv.removed.append((download_id, delete_files))

    def test(self) -> list[str]:
        try:
            self._call("test")
        except IntegrationError as error:
            return [str(error)]
        return []


class FakeNzbClient(FakeClient):
    """The usenet flavour: the client chooses the id."""

    kind = "fakenzb"
    protocol = USENET


def install(monkeypatch) -> None:
    """Register the fake kinds for one test and start every fake server empty."""
    from downloads import clients

    monkeypatch.setitem(
        clients.KINDS, "fake", ("Fake torrent", TORRENT, "tests.fakes.download_client.FakeClient")
    )
    monkeypatch.setitem(
        clients.KINDS,
        "fakenzb",
        ("Fake usenet", USENET, "tests.fakes.download_client.FakeNzbClient"),
    )
    SERVERS.clear()


# -- rows and fixtures for the downloads tests -----------------------------------------------

MAGNET_HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"


def make_client(name: str = "Fake", kind: str = "fake", **fields):
    """A DownloadClient row of a fake kind (call `install` first)."""
    from downloads.models import DownloadClient

    values = {"base_url": "http://127.0.0.1:1", "category": "radarr", "priority": 1}
    values.update(fields)
    return DownloadClient.objects.create(name=name, kind=kind, **values)


def make_release(title: str = "The.Matrix.1999.1080p.BluRay.x264-GRP", **fields):
    """An indexer Release: a torrent with a magnet link unless told otherwise."""
    from indexers.release import Release

    values = {
        "title": title,
        "size": 8_000_000_000,
        "indexer": "Example",
        "protocol": TORRENT,
        "download_url": f"magnet:?xt=urn:btih:{MAGNET_HASH}&dn=matrix",
        "guid": "https://indexer.example/details/1",
    }
    values.update(fields)
    return Release(**values)


@pytest.fixture
def fake_kinds(monkeypatch):
    install(monkeypatch)
    yield SERVERS
    SERVERS.clear()


@pytest.fixture
def matrix(seeded_qualities, root_folder):
    from movies.models import Movie, QualityProfile

    return Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )
