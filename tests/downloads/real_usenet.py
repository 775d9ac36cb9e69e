"""Shared helpers for the tests that drive a real usenet client (NZBGet, SABnzbd) against
the loopback NNTP server."""

from __future__ import annotations

import os
import time

from downloads.clients.base import USENET, ClientItem, DownloadRequest, ItemState


def wait_for(client, download_id: str, states: set[ItemState], timeout: float, interval: float):
    """Ask the client for the item until it is in one of `states`; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    item: ClientItem | None = None
    while time.monotonic() < deadline:
        item = client.status(download_id)
        if item is not None and item.state in states:
            return item
        time.sleep(interval)
    raise AssertionError(f"{download_id} never reached {states}; last seen {item}")


def nzb_for(nntp, tmp_path, name: str, size: int = 250_000) -> tuple[bytes, bytes]:
    """Post a file of random bytes to the NNTP server; return its NZB and the bytes."""
    data = os.urandom(size)
    source = tmp_path / name
    source.write_bytes(data)
    return nntp.add_file(source).encode(), data


def request(title: str, nzb: bytes) -> DownloadRequest:
    return DownloadRequest(title=title, protocol=USENET, content=nzb, file_name=f"{title}.nzb")
