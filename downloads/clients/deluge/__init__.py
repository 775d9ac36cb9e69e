"""Deluge (deluge-web JSON-RPC): the transport in api.py, the client and its item mapping
in client.py."""

from downloads.clients.deluge.api import DelugeError, error_message, json_url
from downloads.clients.deluge.client import Deluge, to_item

__all__ = ["Deluge", "DelugeError", "error_message", "json_url", "to_item"]
