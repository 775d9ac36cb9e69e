"""A fake Prowlarr (API v1) on 127.0.0.1, serving recorded answers from tests/fixtures/prowlarr/.

API (used by the Prowlarr client and "import from Prowlarr" tests):

    with prowlarr_server() as server:            # a free port; stopped on exit
        server.base_url                          # http://127.0.0.1:<port>
        server.api_key                           # what X-Api-Key must be (or ?apikey=)
        server.indexers                          # list of indexer resources, mutate freely
        server.releases                          # list of release resources, mutate freely
        server.failure = "429"                   # see FAILURES; None = healthy
        server.fail_times = 1                    # None = always, else the next N requests
        server.requests                          # every request: method, path, query, headers

Paths: `GET /api/v1/system/status`, `GET /api/v1/indexer`, `POST /api/v1/indexer/test`
(body = an indexer resource; 400 with validation failures when it is not enabled),
`GET /api/v1/search?query=&type=search|movie&categories=&indexerIds=&limit=` (filters by
indexer ids, categories, `{ImdbId:tt…}` / `{TmdbId:…}` tokens when type=movie, else the
words of the query; an empty query is the RSS feed: every release), and
`GET /{indexerId}/download?apikey=&link=&file=`, Prowlarr's download proxy, serving a small
.torrent named `file` (the recorded downloadUrls point here). A wrong or missing key gets
401 with Servarr's error body shape `{"message": ...}`.
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
from urllib.parse import parse_qs, urlsplit

from tests.servers.torrent_file import bencode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "prowlarr"
API_KEY = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"
FAILURES = (
    "timeout",  # sleep `hang` seconds, then answer normally (past the client's read timeout)
    "500",  # Servarr's exception body
    "429",  # with Retry-After: `retry_after`
    "malformed",  # 200 application/json, cut off
    "html",  # 200 text/html: the login page a reverse proxy or forms auth shows
    "wrong_types",  # 200 JSON, but an object where a list belongs
)
RECORDED_BASE = "http://127.0.0.1:9696"  # where the recorded downloadUrls pointed
_DOWNLOAD = re.compile(r"/(\d+)/download")
_TOKEN = re.compile(r"\{(imdbid|tmdbid):([^{}]+)\}", re.IGNORECASE)


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def matches(release: dict[str, Any], query: str, kind: str) -> bool:
    """Does a release answer the query, the way Prowlarr's indexers would roughly?"""
    tokens = (
        dict((k.lower(), v.strip()) for k, v in _TOKEN.findall(query)) if kind == "movie" else {}
    )
    text = _TOKEN.sub(" ", query) if tokens else query
    if "imdbid" in tokens:
        wanted = int(tokens["imdbid"].lower().removeprefix("tt") or 0)
        if release.get("imdbId") != wanted:
            return False
    only_tmdb = "tmdbid" in tokens and "imdbid" not in tokens
    if only_tmdb and str(release.get("tmdbId")) != tokens["tmdbid"]:
        return False
    return _words(text) <= _words(release.get("title", ""))


class ProwlarrServer:
    """The fake server's state: its data, the failure to inject, and the request log."""

    def __init__(self) -> None:
        self.api_key = API_KEY
        self.status = fixture("status.json")
        self.indexers: list[dict[str, Any]] = fixture("indexers.json")
        self.releases: list[dict[str, Any]] = fixture("search.json")
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

    def start(self) -> ProwlarrServer:
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

    def take_failure(self) -> str | None:
        """The failure this request gets (counting down `fail_times`)."""
        with self._lock:
            if self.failure is None:
                return None
            if self.fail_times is not None:
                if self.fail_times <= 0:
                    return None
                self.fail_times -= 1
            return self.failure

    def _served(self, release: dict[str, Any]) -> dict[str, Any]:
        """A recorded release with its download link pointing at this server."""
        release = copy.deepcopy(release)
        link = release.get("downloadUrl")
        if isinstance(link, str):
            link = link.replace(RECORDED_BASE, self.base_url)
            release["downloadUrl"] = link.replace("apikey=KEY", f"apikey={self.api_key}")
        return release

    def torrent(self, name: str) -> bytes:
        """A one-file .torrent for a download through the proxy."""
        data = name.encode()
        info = {
            "length": len(data),
            "name": f"{name}.mkv",
            "piece length": 16384,
            "pieces": hashlib.sha1(data).digest(),
        }
        return bencode({"info": info})

    def search(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        text = (query.get("query") or [""])[0]
        kind = (query.get("type") or ["search"])[0]
        ids = {int(i) for i in query.get("indexerIds", []) if i.isdigit()}
        cats = {int(c) for c in query.get("categories", []) if c.isdigit()}
        found = []
        for release in self.releases:
            if not isinstance(release, dict):  # a broken entry a test planted: sent as is
                found.append(release)
                continue
            if ids and release.get("indexerId") not in ids:
                continue
            own = {c.get("id") for c in release.get("categories", []) if isinstance(c, dict)}
            if cats and own and not (own & cats) and not any(c // 1000 * 1000 in cats for c in own):
                continue
            if text and not matches(release, text, kind):
                continue
            found.append(self._served(release))
        limit = (query.get("limit") or [""])[0]
        return found[: int(limit)] if limit.isdigit() and int(limit) > 0 else found


def _handler_for(server: ProwlarrServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            if isinstance(body, (bytes, str)):
                data = body.encode() if isinstance(body, str) else body
                ctype = "text/html; charset=utf-8"
            else:
                data, ctype = json.dumps(body).encode(), "application/json; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", (headers or {}).pop("Content-Type", ctype))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self.handle_api("GET")

        def do_POST(self) -> None:
            self.handle_api("POST")

        def handle_api(self, method: str) -> None:
            split = urlsplit(self.path)
            query = parse_qs(split.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            server.requests.append(
                {
                    "method": method,
                    "path": split.path,
                    "query": query,
                    "headers": dict(self.headers.items()),
                    "body": body,
                }
            )
            key = self.headers.get("X-Api-Key") or (query.get("apikey") or [""])[0]
            if key != server.api_key:
                self.send(401, {"message": "Unauthorized"})
                return
            failure = server.take_failure()
            if failure == "timeout":
                time.sleep(server.hang)
            elif failure is not None:
                self.fail(failure)
                return
            self.route(method, split.path, query, body)

        def fail(self, failure: str) -> None:
            if failure == "500":
                self.send(500, {"message": "Database is locked", "description": "SQLiteException"})
            elif failure == "429":
                self.send(
                    429, {"message": "Too Many Requests"}, {"Retry-After": str(server.retry_after)}
                )
            elif failure == "malformed":
                self.send(
                    200,
                    b'[{"guid": "x", "title": "The.Matrix',
                    {"Content-Type": "application/json"},
                )
            elif failure == "html":
                self.send(200, (FIXTURES / "login.html").read_bytes())
            elif failure == "wrong_types":
                self.send(200, {"records": [], "totalRecords": 0})
            else:
                raise ValueError(f"unknown failure {failure!r}; see FAILURES")

        def route(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> None:
            if method == "GET" and path == "/api/v1/system/status":
                self.send(200, server.status)
            elif method == "GET" and path == "/api/v1/indexer":
                self.send(200, server.indexers)
            elif method == "POST" and path == "/api/v1/indexer/test":
                self.indexer_test(body)
            elif method == "GET" and path == "/api/v1/search":
                self.send(200, server.search(query))
            elif method == "GET" and _DOWNLOAD.fullmatch(path):
                name = (query.get("file") or ["release"])[0]
                self.send(200, server.torrent(name), {"Content-Type": "application/x-bittorrent"})
            else:
                self.send(404, {"message": "NotFound"})

        def indexer_test(self, body: bytes) -> None:
            try:
                resource = json.loads(body or b"{}")
            except ValueError:
                self.send(400, {"message": "Invalid JSON"})
                return
            known = {i["id"]: i for i in server.indexers}
            indexer = known.get(resource.get("id")) if isinstance(resource, dict) else None
            if indexer is None or not indexer.get("enable"):
                self.send(
                    400,
                    [
                        {
                            "propertyName": "",
                            "errorMessage": "Unable to connect to indexer, check the log",
                            "severity": "error",
                        }
                    ],
                )
                return
            self.send(200, {})

    return Handler


@contextmanager
def prowlarr_server() -> Iterator[ProwlarrServer]:
    """A running fake Prowlarr on a free loopback port, stopped on exit."""
    server = ProwlarrServer().start()
    try:
        yield server
    finally:
        server.stop()
