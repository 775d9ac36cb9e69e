"""The registry of indexer kinds: kind → (label, protocol, dotted class path).

Classes are imported lazily, so the model's `kind` choices never import a client module;
adding a kind is one module and one line here. A protocol of None means the kind returns
both torrent and usenet releases (Prowlarr's aggregate search).
"""

from __future__ import annotations

from importlib import import_module

from indexers.clients.base import IndexerClient, IndexerConfig
from indexers.release import TORRENT, USENET

KINDS: dict[str, tuple[str, str | None, str]] = {
    "torznab": ("Torznab", TORRENT, "indexers.clients.newznab.Torznab"),
    "newznab": ("Newznab", USENET, "indexers.clients.newznab.Newznab"),
    "jackett": ("Jackett", TORRENT, "indexers.clients.jackett.Jackett"),
    "prowlarr": ("Prowlarr", None, "indexers.clients.prowlarr.Prowlarr"),
    "hdbits": ("HDBits", TORRENT, "indexers.clients.hdbits.HDBits"),
}

KIND_CHOICES = [(kind, label) for kind, (label, _, _) in KINDS.items()]


def protocol_of(kind: str) -> str | None:
    return KINDS[kind][1]


def client_class(kind: str) -> type[IndexerClient]:
    module, _, name = KINDS[kind][2].rpartition(".")
    return getattr(import_module(module), name)


def build_client(config: IndexerConfig) -> IndexerClient:
    """The client for a configuration (no database needed)."""
    return client_class(config.kind)(config)
