"""An in-process indexer implementing the IndexerClient interface, for tests.

`install(monkeypatch)` registers the kinds `fakeidx` (torrent) and `fakenzbidx` (usenet)
in indexers.clients.KINDS. Every client built from a configuration with the same name
shares one `FakeFeed` (its releases, its calls, a delay, an error to raise), so the code
under test may build clients as often as it likes while the test inspects the feed.
Releases are copied and stamped with the indexer's id, name and priority on the way out.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field

import pytest

from indexers.clients.base import Capabilities, IndexerClient, SearchCriteria
from indexers.release import TORRENT, USENET, Release
from radarr_site.http.errors import IntegrationError
from radarr_site.http.session import HttpClient

FEEDS: dict[str, FakeFeed] = {}


@dataclass
class FakeFeed:
    """What one fake indexer returns and how it has been asked."""

    releases: list[Release] = field(default_factory=list)  # search results
    recent: list[Release] = field(default_factory=list)  # RSS feed
    searches: list[SearchCriteria] = field(default_factory=list)
    rss_calls: int = 0
    delay: float = 0.0  # seconds each call sleeps (a slow indexer)
    error: IntegrationError | None = None  # every call raises it
    caps: Capabilities = field(
        default_factory=lambda: Capabilities(movie_params=frozenset({"q", "imdbid", "tmdbid"}))
    )


def feed(name: str) -> FakeFeed:
    """The shared state of the fake indexer configured under `name`."""
    return FEEDS.setdefault(name, FakeFeed())


class FakeIndexer(IndexerClient):
    kind = "fakeidx"
    protocol = TORRENT

    @property
    def feed(self) -> FakeFeed:
        return feed(self.config.name)

    def _call(self) -> None:
        if self.feed.delay:
            time.sleep(self.feed.delay)
        if self.feed.error is not None:
            raise self.feed.error

    def _out(self, releases: list[Release]) -> list[Release]:
        return [self.stamp(copy.copy(r)) for r in releases]

    def search(self, criteria: SearchCriteria) -> list[Release]:
        self.feed.searches.append(criteria)
        self._call()
        return self._out(self.feed.releases)

    def recent(self) -> list[Release]:
        self.feed.rss_calls += 1
        self._call()
        return self._out(self.feed.recent)

    def capabilities(self) -> Capabilities:
        self._call()
        return self.feed.caps

    def test(self) -> None:
        self._call()

    def http(self) -> HttpClient:
        return HttpClient(f"fakeidx:{self.config.name}", self.config.base_url or "http://x/")


class FakeUsenetIndexer(FakeIndexer):
    kind = "fakenzbidx"
    protocol = USENET


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the fake kinds and start every fake feed empty."""
    from indexers import clients

    FEEDS.clear()
    monkeypatch.setitem(
        clients.KINDS, "fakeidx", ("Fake indexer", TORRENT, "tests.fakes.indexer.FakeIndexer")
    )
    monkeypatch.setitem(
        clients.KINDS,
        "fakenzbidx",
        ("Fake usenet indexer", USENET, "tests.fakes.indexer.FakeUsenetIndexer"),
    )


@pytest.fixture
def fake_indexers(monkeypatch):
    """The fake kinds registered; returns `feed` to reach a fake indexer's state by name."""
    install(monkeypatch)
    yield feed
    FEEDS.clear()
