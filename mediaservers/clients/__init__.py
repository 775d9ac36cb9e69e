"""The registry of connection kinds: kind → (label, role, dotted class path).

Classes are imported lazily, so the model's `kind` choices never import a client module;
adding a kind is one module and one line here.
"""

from __future__ import annotations

from importlib import import_module

from mediaservers.clients.base import MEDIA_SERVER, WEBHOOK, ConnectionClient, ConnectionConfig

KINDS: dict[str, tuple[str, str, str]] = {
    "plex": ("Plex Media Server", MEDIA_SERVER, "mediaservers.clients.plex.Plex"),
    "jellyfin": ("Jellyfin", MEDIA_SERVER, "mediaservers.clients.jellyfin.Jellyfin"),
    "emby": ("Emby", MEDIA_SERVER, "mediaservers.clients.jellyfin.Emby"),
    "webhook": ("Webhook", WEBHOOK, "mediaservers.clients.webhook.Webhook"),
}

KIND_CHOICES = [(kind, label) for kind, (label, _, _) in KINDS.items()]


def role_of(kind: str) -> str:
    return KINDS[kind][1]


def client_class(kind: str) -> type[ConnectionClient]:
    module, _, name = KINDS[kind][2].rpartition(".")
    return getattr(import_module(module), name)


def build_client(config: ConnectionConfig) -> ConnectionClient:
    """The client for a configuration (no database needed)."""
    return client_class(config.kind)(config)
