"""A fake Plex Media Server on 127.0.0.1: identity, library sections and their scans.

API (used by the Plex client tests, the Test button tests and the end-to-end import test):

    with plex_server() as plex:                    # a free port; stopped on exit
        plex.base_url                              # http://127.0.0.1:<port>
        plex.token                                 # what X-Plex-Token must be
        plex.sections                              # list of PlexSection, mutate freely
        plex.add_section("5", "Kids", "movie", ["/data/kids"])
        plex.refreshes                             # [(section key, path or None)] in order
        plex.failure = "500"                       # see FAILURES; None = healthy
        plex.fail_times = 1                        # None = always, else the next N requests
        plex.fail_endpoints = {"refresh"}          # None = every endpoint
        plex.hang = 2.0                            # what "slow" sleeps
        plex.answers["sections"] = (200, b"[]", "application/json")   # serve anything
        plex.requests                              # every request: method, path, query, headers

Paths, as real Plex: `GET /identity` (no token) → MediaContainer with machineIdentifier
and version; `GET /library/sections` → MediaContainer of Directory (key, type "movie" |
"show", title, Location [{id, path}]); `GET /library/sections/{key}/refresh?path=<folder>`
a partial scan of that folder, without `path` a full scan of the section (200, empty body;
404 for an unknown key). The token comes in the `X-Plex-Token` header or query parameter;
a missing or wrong one gets 401 with Plex's small HTML page. Answers are JSON when the
request says `Accept: application/json`, else XML, as Plex does. Endpoint names for
`answers` / `fail_endpoints`: identity, sections, refresh. A refused connection is just
a port nobody listens on (`closed_port()`).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree as ET

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "plex"
TOKEN = "plex-test-token-AbCdEf123456"
MACHINE_ID = "5c1d8f3e2a9b4c7d8e6f0a1b2c3d4e5f6a7b8c9d"
VERSION = "1.40.2.8395-c67dce28e"
FAILURES = (
    "401",  # 401 with Plex's HTML page, whatever the token
    "500",  # 500 with an HTML body
    "slow",  # sleep `hang` seconds, then answer normally (past the client's read timeout)
    "malformed",  # 200 application/json cut off mid-object
)
_AGENTS = {
    "movie": ("tv.plex.agents.movie", "Plex Movie", "movie"),
    "show": ("tv.plex.agents.series", "Plex TV Series", "show"),
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def closed_port() -> int:
    """A loopback port with nobody listening (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PlexSection:
    """One library section: its key, title, type ("movie", "show") and folders."""

    key: str
    title: str
    type: str = "movie"
    locations: list[str] = field(default_factory=list)

    def directory(self) -> dict[str, Any]:
        """The section as Plex's JSON Directory object."""
        agent, scanner, art = _AGENTS.get(self.type, _AGENTS["movie"])
        return {
            "allowSync": True,
            "art": f"/:/resources/{art}-fanart.jpg",
            "composite": f"/library/sections/{self.key}/composite/1717171717",
            "filters": True,
            "refreshing": False,
            "thumb": f"/:/resources/{art}.png",
            "key": self.key,
            "type": self.type,
            "title": self.title,
            "agent": agent,
            "scanner": scanner,
            "language": "en-US",
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"plex-section-{self.key}")),
            "updatedAt": 1717171717,
            "createdAt": 1690000000,
            "scannedAt": 1717171717,
            "content": True,
            "directory": True,
            "contentChangedAt": 4242,
            "hidden": 0,
            "Location": [{"id": n, "path": path} for n, path in enumerate(self.locations, start=1)],
        }


def default_sections() -> list[PlexSection]:
    return [
        PlexSection("1", "Movies", "movie", ["/data/movies"]),
        PlexSection("2", "TV Shows", "show", ["/data/tv"]),
    ]


def _xml(container: dict[str, Any]) -> bytes:
    """Plex's XML for a MediaContainer dict: scalars become attributes, lists children."""

    def build(tag: str, data: dict[str, Any]) -> ET.Element:
        element = ET.Element(tag)
        for name, value in data.items():
            if isinstance(value, list):
                element.extend(build(name, child) for child in value)
            elif isinstance(value, bool):
                element.set(name, "1" if value else "0")
            else:
                element.set(name, str(value))
        return element

    body = ET.tostring(build("MediaContainer", container), encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)


class PlexServer:
    """The running fake: its sections, what it was asked, and how it misbehaves."""

    def __init__(self, port: int = 0, token: str = TOKEN) -> None:
        self.token = token
        self.sections: list[PlexSection] = default_sections()
        self.refreshes: list[tuple[str, str | None]] = []
        self.requests: list[dict[str, Any]] = []
        self.failure: str | None = None
        self.fail_times: int | None = None
        self.fail_endpoints: set[str] | None = None
        self.hang = 3.0
        self.answers: dict[str, tuple[int, bytes, str]] = {}
        self.lock = threading.Lock()
        self._http = _QuietServer(("127.0.0.1", port), _handler_for(self))
        self.port = self._http.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> PlexServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def add_section(
        self, key: str, title: str, type: str = "movie", locations: list[str] | None = None
    ) -> PlexSection:
        section = PlexSection(key, title, type, list(locations or []))
        self.sections.append(section)
        return section

    def wait_for_refreshes(self, count: int = 1, timeout: float = 5.0) -> list:
        """The refreshes once at least `count` arrived (for asynchronous senders)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.refreshes) >= count:
                    return list(self.refreshes)
            time.sleep(0.02)
        return list(self.refreshes)

    def failing_for(self, endpoint: str) -> str | None:
        """The failure to play for this request (consumes one of `fail_times`)."""
        if not self.failure:
            return None
        if self.fail_endpoints is not None and endpoint not in self.fail_endpoints:
            return None
        if self.fail_times is not None:
            if self.fail_times <= 0:
                return None
            self.fail_times -= 1
        return self.failure


def _handler_for(server: PlexServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def send(self, status: int, body: bytes, ctype: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Plex-Protocol", "1.0")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def container(self, data: dict[str, Any]) -> None:
            if "application/json" in self.headers.get("Accept", ""):
                body = json.dumps({"MediaContainer": data}).encode()
                return self.send(200, body, "application/json")
            self.send(200, _xml(data), "text/xml;charset=utf-8")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            path = parts.path.rstrip("/")
            segments = path.split("/")
            if path == "/identity":
                endpoint = "identity"
            elif path == "/library/sections":
                endpoint = "sections"
            elif (
                len(segments) == 5
                and path.startswith("/library/sections/")
                and (segments[4] == "refresh")
            ):
                endpoint = "refresh"
            else:
                return self.send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            with server.lock:
                server.requests.append(
                    {
                        "method": "GET",
                        "endpoint": endpoint,
                        "path": parts.path,
                        "query": query,
                        "headers": dict(self.headers),
                    }
                )
                failure = server.failing_for(endpoint)
            if failure == "slow":
                time.sleep(server.hang)
            elif failure == "401":
                return self.send(401, fixture("unauthorized.html"), "text/html")
            elif failure == "500":
                return self.send(
                    500, b"<html><body>Internal Server Error</body></html>", "text/html"
                )
            elif failure == "malformed":
                return self.send(200, b'{"MediaContainer":{"size":1,"Direc', "application/json")
            elif failure:
                raise ValueError(f"unknown failure mode {failure!r}")
            token = self.headers.get("X-Plex-Token") or query.get("X-Plex-Token")
            if endpoint != "identity" and token != server.token:
                return self.send(401, fixture("unauthorized.html"), "text/html")
            if endpoint in server.answers:
                return self.send(*server.answers[endpoint])
            if endpoint == "identity":
                return self.container(
                    {
                        "size": 0,
                        "apiVersion": "1.1.1",
                        "claimed": True,
                        "machineIdentifier": MACHINE_ID,
                        "version": VERSION,
                    }
                )
            if endpoint == "sections":
                directories = [s.directory() for s in server.sections]
                data: dict[str, Any] = {
                    "size": len(directories),
                    "allowSync": False,
                    "title1": "Plex Library",
                }
                if directories:  # Plex leaves Directory out of an empty container
                    data["Directory"] = directories
                return self.container(data)
            key = segments[3]
            if not any(s.key == key for s in server.sections):
                return self.send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            with server.lock:
                server.refreshes.append((key, query.get("path")))
            self.send(200, b"", "text/html")

    return Handler


@contextmanager
def plex_server(token: str = TOKEN) -> Iterator[PlexServer]:
    """Start the fake on a free loopback port; stop it on exit."""
    server = PlexServer(token=token).start()
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    """Serve a demo Plex until interrupted: `python -m tests.servers.plex --port 32400`."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=32400)
    args = parser.parse_args()
    server = PlexServer(args.port).start()
    print(f"Plex URL: {server.base_url}  token: {server.token}")
    seen = 0
    try:
        while True:
            time.sleep(0.5)
            for key, path in server.refreshes[seen:]:
                print(f"refresh section {key}: {path or '(full scan)'}")
            seen = len(server.refreshes)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
