"""The registry of download-client kinds: kind → (label, protocol, dotted class path).

Classes are imported lazily, so the model's `kind` choices never import a client module;
adding a kind is one module and one line here.
"""

from __future__ import annotations

from importlib import import_module

from downloads.clients.base import TORRENT, USENET, ClientConfig, DownloadClient

KINDS: dict[str, tuple[str, str, str]] = {
    "qbittorrent": ("qBittorrent", TORRENT, "downloads.clients.qbittorrent.QBittorrent"),
    "transmission": ("Transmission", TORRENT, "downloads.clients.transmission.Transmission"),
    "deluge": ("Deluge", TORRENT, "downloads.clients.deluge.Deluge"),
    "sabnzbd": ("SABnzbd", USENET, "downloads.clients.sabnzbd.Sabnzbd"),
    "nzbget": ("NZBGet", USENET, "downloads.clients.nzbget.NzbGet"),
}

KIND_CHOICES = [(kind, label) for kind, (label, _, _) in KINDS.items()]


def protocol_of(kind: str) -> str:
    return KINDS[kind][1]


def client_class(kind: str) -> type[DownloadClient]:
    module, _, name = KINDS[kind][2].rpartition(".")
    return getattr(import_module(module), name)


def build_client(config: ClientConfig) -> DownloadClient:
    """The client for a configuration (no database needed)."""
    return client_class(config.kind)(config)
