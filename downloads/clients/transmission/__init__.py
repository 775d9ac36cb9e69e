"""Transmission (JSON RPC): the transport in api.py, the client and its item mapping in
client.py."""

from downloads.clients.transmission.api import _states, rpc_url
from downloads.clients.transmission.client import Transmission, to_item

__all__ = ["Transmission", "_states", "rpc_url", "to_item"]
