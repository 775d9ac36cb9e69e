"""qBittorrent (Web API v2): the transport in api.py, the client in client.py."""

from downloads.clients.qbittorrent.client import QBittorrent

__all__ = ["QBittorrent"]
