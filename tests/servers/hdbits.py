"""A fake HDBits JSON API on 127.0.0.1, serving recorded torrents from tests/fixtures/hdbits/.

API (used by the HDBits client tests):

    with hdbits_server() as server:              # a free port; stopped on exit
        server.base_url                          # the client's base_url
        server.username, server.passkey          # the credentials it accepts
        server.torrents                          # list of torrent dicts, mutate freely
        server.status = 8                        # answer every query with this status
        server.failure = "500"                   # see FAILURES; None = healthy
        server.fail_times = 1                    # None = always, else the next N requests
        server.requests                          # every request: path, headers, body (decoded)

    with hdbits_server(catalogue=True) as server:  # the scene-group analysis' catalogue:
        server.torrents                          # analysis_catalogue(): hundreds of torrents a
                                                 # category from the groups of groups.json


Path: `POST /api/torrents` with a JSON body (username, passkey, search, imdb {id},
category, codec, medium, origin, limit 1..100, page). Answers `{"status": 0, "data":
[...]}` newest first; status 4 without credentials, 5 for wrong ones, 3 for a body that is
not JSON, 7 for a limit out of range, each with HDBits' `message`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hdbits"
USERNAME = "neo"
PASSKEY = "0123456789abcdef0123456789abcdef"
FAILURES = ("timeout", "500", "429", "malformed", "html", "wrong_types")
MESSAGES = {
    3: "JSON malformed",
    4: "Auth data missing",
    5: "Auth failed",
    7: "Invalid parameter",
    8: "IMDb import failed",
}
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>HDBits :: Login</title></head><body>"
    b"<form action='/login/doLogin' method='post'><input name='uname'></form></body></html>"
)


GIB = 1024**3
CATALOGUE_NEWEST = 1_700_000_000  # utadded of each category's newest torrent
CATALOGUE_FIRST_ID = 500_000


def _catalogue_name(category: str, titles: list, group: dict, index: int) -> str:
    title = titles[index % len(titles)]
    resolution = group["resolutions"][index % len(group["resolutions"])]
    quality = group["format"] if resolution == "SD" else f"{resolution} {group['format']}"
    if category == "2":  # TV: an episode a torrent
        name = f"{title[0]} S{index // 10 + 1:02d}E{index % 10 + 1:02d} {quality}"
    else:
        name = f"{title[0]} {title[1]} {quality}"
    return f"{name}-{group['group']}" if group["group"] else name


def _catalogue_torrent(category: str, group: dict, index: int, name: str) -> dict[str, Any]:
    """One torrent of the catalogue with every field HDBits sends."""
    resolution = group["resolutions"][index % len(group["resolutions"])]
    internal_every = group["internal_every"]
    return {
        "hash": hashlib.sha1(name.encode()).hexdigest().upper(),
        "leechers": group["leechers"],
        "seeders": group["seeders"] + index % 5 - 2,
        "name": name,
        "descr": "",
        "times_completed": group["times_completed"],
        "size": group["size_gb"][resolution] * GIB + index * 1024**2,
        "comments": index % 4,
        "numfiles": 1,
        "filename": name.replace(" ", ".") + ".torrent",
        "freeleech": "no",
        "type_category": int(category),
        "type_codec": group["codec"],
        "type_medium": group["medium"],
        "type_origin": 1 if internal_every and index % internal_every == 0 else 0,
        "type_exclusive": 0,
        "imdb": None,
        "tvdb": None,
    }


def analysis_catalogue() -> list[dict[str, Any]]:
    """The analysis catalogue of groups.json as HDBits torrents: each category's groups
    interleaved (one torrent of each in turn), an hour apart, newest first; ids unique."""
    spec = json.loads((FIXTURES / "groups.json").read_text(encoding="utf-8"))
    torrents: list[dict[str, Any]] = []
    for category, groups in spec["categories"].items():
        titles = spec["titles"][category]
        queues = [[(group, i) for i in range(group["count"])] for group in groups]
        order = []
        while any(queues):
            for queue in queues:
                if queue:
                    order.append(queue.pop(0))
        for position, (group, index) in enumerate(order):
            torrent = _catalogue_torrent(
                category, group, index, _catalogue_name(category, titles, group, index)
            )
            added = CATALOGUE_NEWEST - position * 3600
            torrent["id"] = CATALOGUE_FIRST_ID + len(torrents)
            torrent["utadded"] = added
            torrent["added"] = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(added))
            torrents.append(torrent)
    return torrents


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


class HDBitsServer:
    """The fake server's state: torrents, the failure or status to inject, the request log."""

    def __init__(self, catalogue: bool = False) -> None:
        self.username = USERNAME
        self.passkey = PASSKEY
        self.torrents: list[dict[str, Any]] = (
            analysis_catalogue()
            if catalogue
            else json.loads((FIXTURES / "torrents.json").read_text(encoding="utf-8"))
        )
        self.status: int | None = None
        self.failure: str | None = None
        self.fail_times: int | None = None
        self.retry_after = 120
        self.hang = 2.0
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> HDBitsServer:
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def take_failure(self) -> str | None:
        with self._lock:
            if self.failure is None:
                return None
            if self.fail_times is not None:
                if self.fail_times <= 0:
                    return None
                self.fail_times -= 1
            return self.failure

    def answer(self, query: Any) -> dict[str, Any]:
        """HDBits' answer to a decoded request body."""
        if not isinstance(query, dict):
            return {"status": 3, "message": MESSAGES[3]}
        if not query.get("username") or not query.get("passkey"):
            return {"status": 4, "message": MESSAGES[4]}
        if query["username"] != self.username or query["passkey"] != self.passkey:
            return {"status": 5, "message": MESSAGES[5]}
        if self.status is not None:
            return {"status": self.status, "message": MESSAGES.get(self.status, "Failure")}
        limit = query.get("limit", 30)
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            return {"status": 7, "message": MESSAGES[7]}
        found = [t for t in self.torrents if self._wanted(t, query)]
        found.sort(key=lambda t: t.get("utadded", 0), reverse=True)
        page = query.get("page", 0) if isinstance(query.get("page"), int) else 0
        return {"status": 0, "data": copy.deepcopy(found[page * limit : (page + 1) * limit])}

    @staticmethod
    def _wanted(torrent: dict[str, Any], query: dict[str, Any]) -> bool:
        for field, key in (
            ("category", "type_category"),
            ("codec", "type_codec"),
            ("medium", "type_medium"),
            ("origin", "type_origin"),
        ):
            if query.get(field) and torrent.get(key) not in query[field]:
                return False
        imdb = query.get("imdb")
        wanted = imdb.get("id") if isinstance(imdb, dict) else None
        if wanted and (torrent.get("imdb") or {}).get("id") != wanted:
            return False
        text = query.get("search")
        return not text or _words(text) <= _words(torrent.get("name", ""))


def _handler_for(server: HDBitsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def send(self, status: int, data: bytes, ctype: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def send_json(self, status: int, body: Any, headers: dict | None = None) -> None:
            self.send(status, json.dumps(body).encode(), "application/json", headers)

        def do_GET(self) -> None:
            self.send(405, b"Method Not Allowed", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                query: Any = json.loads(raw)
            except ValueError:
                query = None
            server.requests.append(
                {"path": self.path, "headers": dict(self.headers.items()), "body": query}
            )
            if self.path.split("?")[0] != "/api/torrents":
                self.send(404, b"Not Found", "text/plain")
                return
            failure = server.take_failure()
            if failure == "timeout":
                time.sleep(server.hang)
            elif failure == "500":
                self.send(500, b"Internal Server Error", "text/plain")
                return
            elif failure == "429":
                self.send(
                    429,
                    b"Too Many Requests",
                    "text/plain",
                    {"Retry-After": str(server.retry_after)},
                )
                return
            elif failure == "malformed":
                self.send(200, b'{"status": 0, "data": [{"id": 1, "na', "application/json")
                return
            elif failure == "html":
                self.send(200, LOGIN_PAGE, "text/html; charset=utf-8")
                return
            elif failure == "wrong_types":
                self.send_json(200, {"status": 0, "data": {"id": 1}})
                return
            self.send_json(200, server.answer(query))

    return Handler


@contextmanager
def hdbits_server(catalogue: bool = False) -> Iterator[HDBitsServer]:
    """A running fake HDBits on a free loopback port, stopped on exit; with `catalogue`,
    serving the analysis catalogue instead of the recorded torrents."""
    server = HDBitsServer(catalogue).start()
    try:
        yield server
    finally:
        server.stop()
