"""A fake Jellyfin (or Emby) server on 127.0.0.1: public info, virtual folders, scans.

API (used by the Jellyfin / Emby client tests and the Test button tests):

    with jellyfin_server() as server:              # or jellyfin_server(product="emby")
        server.base_url                            # http://127.0.0.1:<port>
        server.api_key                             # the key X-Emby-Token must carry
        server.folders                             # list of VirtualFolder, mutate freely
        server.add_folder("Kids", ["/media/kids"], "movies")
        server.updates                             # every Updates list POSTed, in order
        server.refreshes                           # how many POST /Library/Refresh arrived
        server.media_updated = False               # an older server: 404 on Media/Updated
        server.legacy_auth = False                 # Jellyfin 12: X-Emby-Token ignored
        server.failure = "500"                     # see FAILURES; None = healthy
        server.fail_times / fail_endpoints / hang  # as the Plex fake
        server.answers["info"] = (200, b"{}", "application/json")   # serve anything
        server.requests                            # every request: method, endpoint, headers

Paths, as the real servers: `GET /System/Info/Public` (no auth) → {ServerName, Version,
Id, ...}, with ProductName "Jellyfin Server" from Jellyfin (Emby sends no ProductName);
`GET /Library/VirtualFolders` → [{Name, Locations, CollectionType, ItemId, ...}];
`POST /Library/Media/Updated` with {"Updates": [{"Path", "UpdateType"}]} → 204;
`POST /Library/Refresh` → 204. The key comes in `Authorization: MediaBrowser Token="…"`
or, while `legacy_auth` is on, `X-Emby-Token` or the `api_key` query parameter (Jellyfin
12 turned legacy authorization off by default: `server.legacy_auth = False` plays it);
a missing or wrong key gets 401. Emby also answers under an `/emby` prefix.
Endpoint names for `answers` / `fail_endpoints`: info, folders, updated, refresh.
"""

from __future__ import annotations

import json
import re
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

from tests.servers.plex import closed_port  # noqa: F401 (re-exported for the tests)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jellyfin"
API_KEY = "0123456789abcdef0123456789abcdef"
PRODUCTS = {
    "jellyfin": ("Jellyfin Server", "10.10.7"),
    "emby": ("", "4.8.8.0"),  # Emby's public info has no ProductName
}
FAILURES = (
    "401",  # 401, whatever the key
    "500",  # 500 with the server's exception text
    "slow",  # sleep `hang` seconds, then answer normally (past the client's read timeout)
    "malformed",  # 200 application/json cut off mid-array
)
_ENDPOINTS = {
    ("GET", "/system/info/public"): "info",
    ("GET", "/library/virtualfolders"): "folders",
    ("POST", "/library/media/updated"): "updated",
    ("POST", "/library/refresh"): "refresh",
}
_MEDIABROWSER_TOKEN = re.compile(r'Token="([^"]*)"')


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class VirtualFolder:
    """One library: name, folders, CollectionType ("movies", "tvshows"; None = mixed)."""

    name: str
    locations: list[str] = field(default_factory=list)
    collection_type: str | None = "movies"

    def resource(self) -> dict[str, Any]:
        item_id = uuid.uuid5(uuid.NAMESPACE_URL, f"folder-{self.name}").hex
        data: dict[str, Any] = {
            "Name": self.name,
            "Locations": list(self.locations),
            "LibraryOptions": {
                "Enabled": True,
                "EnableRealtimeMonitor": True,
                "PathInfos": [{"Path": path} for path in self.locations],
            },
            "ItemId": item_id,
            "PrimaryImageItemId": item_id,
            "RefreshStatus": "Idle",
        }
        if self.collection_type:  # a mixed library has no CollectionType at all
            data["CollectionType"] = self.collection_type
        return data


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)


class JellyfinServer:
    """The running fake, playing Jellyfin or Emby (`product`)."""

    def __init__(self, port: int = 0, product: str = "jellyfin", api_key: str = API_KEY):
        self.product = product
        self.api_key = api_key
        self.server_name = "living-room"
        self.folders: list[VirtualFolder] = [
            VirtualFolder("Movies", ["/media/movies"], "movies"),
            VirtualFolder("Shows", ["/media/tv"], "tvshows"),
        ]
        self.updates: list[list[dict[str, Any]]] = []
        self.refreshes = 0
        self.media_updated = True
        self.legacy_auth = True
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

    def start(self) -> JellyfinServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def add_folder(
        self, name: str, locations: list[str], collection_type: str | None = "movies"
    ) -> VirtualFolder:
        folder = VirtualFolder(name, list(locations), collection_type)
        self.folders.append(folder)
        return folder

    def public_info(self) -> dict[str, Any]:
        product, version = PRODUCTS[self.product]
        info: dict[str, Any] = {
            "LocalAddress": self.base_url,
            "ServerName": self.server_name,
            "Version": version,
            "Id": uuid.uuid5(uuid.NAMESPACE_URL, f"{self.product}-server").hex,
        }
        if product:
            info["ProductName"] = product
        if self.product == "jellyfin":
            info.update(OperatingSystem="", StartupWizardCompleted=True)
        else:
            info.update(LocalAddresses=[], WanAddress="", RemoteAddresses=[])
        return info

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


def _handler_for(server: JellyfinServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def send(self, status: int, body: bytes = b"", ctype: str = "application/json"):
            try:
                self.send_response(status)
                if body:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def send_json(self, data: Any) -> None:
            self.send(200, json.dumps(data).encode(), "application/json; charset=utf-8")

        def do_GET(self) -> None:
            self.route("GET")

        def do_POST(self) -> None:
            self.route("POST")

        def key_given(self, query: dict[str, str]) -> str | None:
            if match := _MEDIABROWSER_TOKEN.search(self.headers.get("Authorization", "")):
                return match.group(1)
            if not server.legacy_auth:
                return None
            return self.headers.get("X-Emby-Token") or query.get("api_key")

        def route(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            path = parts.path.rstrip("/").lower()
            if server.product == "emby" and path.startswith("/emby/"):
                path = path[len("/emby") :]
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            endpoint = _ENDPOINTS.get((method, path))
            if endpoint is None:
                return self.send(404)
            with server.lock:
                server.requests.append(
                    {
                        "method": method,
                        "endpoint": endpoint,
                        "path": parts.path,
                        "query": query,
                        "headers": dict(self.headers),
                        "body": raw,
                    }
                )
                failure = server.failing_for(endpoint)
            if failure == "slow":
                time.sleep(server.hang)
            elif failure == "401":
                return self.send(401)
            elif failure == "500":
                text = b"Error processing request."
                return self.send(500, text, "text/plain")
            elif failure == "malformed":
                return self.send(200, b'[{"Name":"Movies","Locat', "application/json")
            elif failure:
                raise ValueError(f"unknown failure mode {failure!r}")
            if endpoint != "info" and self.key_given(query) != server.api_key:
                return self.send(401)
            if endpoint in server.answers:
                return self.send(*server.answers[endpoint])
            if endpoint == "info":
                return self.send_json(server.public_info())
            if endpoint == "folders":
                return self.send_json([f.resource() for f in server.folders])
            if endpoint == "refresh":
                with server.lock:
                    server.refreshes += 1
                return self.send(204)
            if not server.media_updated:  # before the endpoint existed
                return self.send(404)
            try:
                updates = json.loads(raw)["Updates"]
                assert isinstance(updates, list)
            except (ValueError, KeyError, TypeError, AssertionError):
                return self.send(400, b"Invalid body", "text/plain")
            with server.lock:
                server.updates.append(updates)
            self.send(204)

    return Handler


@contextmanager
def jellyfin_server(product: str = "jellyfin", api_key: str = API_KEY) -> Iterator[JellyfinServer]:
    """Start the fake (product "jellyfin" or "emby") on a free loopback port."""
    server = JellyfinServer(product=product, api_key=api_key).start()
    try:
        yield server
    finally:
        server.stop()
