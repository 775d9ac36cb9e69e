"""A fake Torznab / Newznab indexer server on 127.0.0.1 (several indexers on one socket).

API (used by the newznab, search, RSS, e2e and browser tests):

    with torznab_server() as server:              # or the `torznab` fixture
        idx = server.add("movies")                 # a FakeIndexer, mutate it freely
        idx.items.append({"title": "The.Matrix.1999.1080p.BluRay.x264-GRP",
                          "imdb": "0133093", "seeders": 12, "size": 8 * 2**30})
        release = server.add_torrent("movies", path_on_disk, title="The.Matrix...")
        config_base_url = server.url_for("movies")   # api_path "/api"
        idx.failure = "429"                          # see FAILURES; None = healthy
        server.count("movies", "movie")              # requests seen per function

Paths: `/{slug}/api?t=caps|search|movie&apikey=&q=&imdbid=&tmdbid=&cat=&limit=&offset=`
(a Prowlarr-proxy shape too), Jackett's `/api/v2.0/indexers/{slug}/results/torznab/api`
(slug "all" = every healthy indexer's items merged; its key is `server.jackett_api_key`),
and `/{slug}/download/{name}` for files added with `add_torrent` / `add_file`.

FakeIndexer fields: api_key, protocol ("torrent" | "usenet"), title, search_params,
movie_params, categories, limit_max, limit_default, items (dicts: title, guid, link,
comments, size, pubDate (datetime or RFC 822 text), category (int or list) and any
Torznab attribute: seeders, peers, leechers, infohash, magneturl, imdb, imdbid, tmdbid,
downloadvolumefactor, uploadvolumefactor, minimumratio, minimumseedtime, grabs, files,
usenetdate, group, poster), delay (seconds before every answer), failure, fail_functions
(None = every function, else e.g. {"movie", "search"}), fail_times (None = always, else the
next N requests fail and then it recovers), retry_after, hang (seconds "timeout" sleeps),
xxe_path (the local file the "xxe" payload points at; "timeout" needs the client's read
timeout below `hang`: monkeypatch NewznabFamily.timeout), filter_queries (False: ignore
q/imdbid/tmdbid and return every item). Recorded per indexer: `requests` (Counter by
function, "download" for files) and `queries` (every query dict, apikey included).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from tests.servers.torrent_file import make_torrent
from tests.servers.torznab_feed import (  # noqa: F401 (re-exported for the tests)
    ATTRIBUTES,
    DEFAULT_CATEGORIES,
    ERROR_TEXT,
    FIXTURES,
    bomb_body,
    error_body,
    login_page,
    matches,
    render_caps,
    render_feed,
    render_item,
    xxe_body,
)

API_KEY = "torznab-test-key-0123456789abcdef"
FAILURES = (
    "timeout",  # sleep `hang` seconds, then answer normally (past the client's read timeout)
    "500",
    "503",
    "429",  # with Retry-After: `retry_after`
    "401",  # HTTP 401 with an error body (what some proxies answer for a bad key)
    "html",  # a login page, 200 text/html
    "malformed",  # XML cut off mid-element
    "bomb",  # billion laughs entity expansion
    "xxe",  # an external entity pointing at `xxe_path`
    "empty",  # a valid channel with no item
    "error100",  # <error code="100" description="Incorrect user credentials"/>; any errorNNN
)


@dataclass
class FakeIndexer:
    """One indexer the server serves; tests change its fields at run time."""

    slug: str
    api_key: str = API_KEY
    protocol: str = "torrent"
    title: str = ""
    search_params: tuple[str, ...] = ("q",)
    movie_params: tuple[str, ...] = ("q", "imdbid", "tmdbid")
    categories: list[tuple[int, str, list[tuple[int, str]]]] = field(
        default_factory=lambda: list(DEFAULT_CATEGORIES)
    )
    limit_max: int = 100
    limit_default: int = 100
    items: list[dict[str, Any]] = field(default_factory=list)
    delay: float = 0.0
    failure: str | None = None
    fail_functions: set[str] | None = None
    fail_times: int | None = None
    retry_after: int = 60
    hang: float = 3.0
    xxe_path: str = "/etc/hostname"
    filter_queries: bool = True
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    requests: Counter = field(default_factory=Counter)
    queries: list[dict[str, str]] = field(default_factory=list)

    def failing_for(self, function: str) -> str | None:
        """The failure to play for this request (consumes one of `fail_times`)."""
        if not self.failure:
            return None
        if self.fail_functions is not None and function not in self.fail_functions:
            return None
        if self.fail_times is not None:
            if self.fail_times <= 0:
                return None
            self.fail_times -= 1
        return self.failure


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up (timeouts, size caps) is what those tests do: stay quiet.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class TorznabServer:
    """The running fake: indexers by slug, their URLs, files and request counts."""

    def __init__(self, port: int = 0) -> None:
        self.indexers: dict[str, FakeIndexer] = {}
        self.jackett_api_key = API_KEY
        self.lock = threading.Lock()
        self._http = _QuietServer(("127.0.0.1", port), _handler_for(self))
        self.base_url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> TorznabServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def add(self, slug: str, **fields: Any) -> FakeIndexer:
        """A new (or replaced) indexer under /{slug}/api."""
        idx = FakeIndexer(slug=slug, **fields)
        self.indexers[slug] = idx
        return idx

    def url_for(self, slug: str) -> str:
        """The indexer's base URL (its API is `{url_for(slug)}/api`)."""
        return f"{self.base_url}/{slug}"

    def api_url(self, slug: str) -> str:
        return f"{self.url_for(slug)}/api"

    def jackett_path(self, slug: str) -> str:
        return f"/api/v2.0/indexers/{slug}/results/torznab/api"

    def count(self, slug: str, function: str | None = None) -> int:
        """Requests seen by an indexer (of one function: caps, search, movie, download)."""
        counter = self.indexers[slug].requests
        return sum(counter.values()) if function is None else counter[function]

    def reset(self) -> None:
        self.indexers.clear()

    def add_file(self, slug: str, name: str, content: bytes, content_type: str) -> str:
        """Serve bytes at /{slug}/download/{name}; returns the URL."""
        self.indexers[slug].files[name] = (content, content_type)
        return f"{self.url_for(slug)}/download/{quote(name)}"

    def add_torrent(self, slug: str, path: str | Path, **item: Any) -> dict[str, Any]:
        """A real .torrent for a file on disk, served by this indexer, and its feed item.

        The item (appended to the indexer's items) links to the .torrent and carries its
        info hash; other fields (title, seeders, imdb ...) come from `item`.
        """
        idx = self.indexers[slug]
        torrent, info_hash = make_torrent(path)
        n = len(idx.files)
        url = self.add_file(slug, f"{n}.torrent", torrent, "application/x-bittorrent")
        entry = {
            "title": Path(path).stem,
            "size": Path(path).stat().st_size,
            "seeders": 5,
            "peers": 6,
            **item,
            "link": url,
            "infohash": info_hash,
        }
        idx.items.append(entry)
        return entry


_JACKETT = re.compile(r"^/api/v2\.0/indexers/([^/]+)/results/torznab/api/?$")
_API = re.compile(r"^/([^/]+)/api/?$")
_DOWNLOAD = re.compile(r"^/([^/]+)/download/([^/]+)$")


def _handler_for(server: TorznabServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def send(self, status: int, body: bytes, ctype: str, headers: dict | None = None):
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to tell it

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            if match := _DOWNLOAD.match(parts.path):
                return self.download(match.group(1), match.group(2))
            if match := _JACKETT.match(parts.path):
                return self.api(match.group(1), query, jackett=True)
            if match := _API.match(parts.path):
                return self.api(match.group(1), query, jackett=False)
            self.send(404, b"not found", "text/plain")

        def download(self, slug: str, name: str) -> None:
            idx = server.indexers.get(slug)
            with server.lock:
                if idx:
                    idx.requests["download"] += 1
            entry = idx.files.get(name) if idx else None
            if entry is None:
                return self.send(404, b"no such file", "text/plain")
            self.send(200, entry[0], entry[1])

        def api(self, slug: str, query: dict[str, str], *, jackett: bool) -> None:
            function = query.get("t", "")
            if jackett and slug == "all":
                return self.aggregate(function, query)
            idx = server.indexers.get(slug)
            if idx is None:
                return self.send(404, b"no such indexer", "text/plain")
            with server.lock:
                idx.requests[function] += 1
                idx.queries.append(query)
                failure = idx.failing_for(function)
            if idx.delay:
                time.sleep(idx.delay)
            if failure:
                return self.fail(idx, failure)
            key = server.jackett_api_key if jackett else idx.api_key
            if key and query.get("apikey") != key:
                return self.send(200, error_body(100), "application/xml")
            self.answer(idx, function, query, idx.items)

        def aggregate(self, function: str, query: dict[str, str]) -> None:
            if query.get("apikey") != server.jackett_api_key:
                return self.send(200, error_body(100), "application/xml")
            healthy = [i for i in server.indexers.values() if not i.failure]
            merged = FakeIndexer(slug="all", title="Jackett (all)")
            for idx in healthy:
                with server.lock:
                    idx.requests[function] += 1
                    idx.queries.append(query)
                ext = "torrent" if idx.protocol == "torrent" else "nzb"
                base = server.url_for(idx.slug)
                # Links keep pointing at the indexer that owns the item, as Jackett's do.
                merged.items.extend(
                    {
                        "link": f"{base}/download/{n}.{ext}",
                        "guid": f"{base}/details/{n}",
                        **item,
                    }
                    for n, item in enumerate(idx.items)
                )
            self.answer(merged, function, query, merged.items)

        def answer(self, idx, function, query, items) -> None:
            if function == "caps":
                return self.send(200, render_caps(idx), "application/xml")
            if function not in ("search", "movie"):
                return self.send(200, error_body(202), "application/xml")
            if function == "movie" and not idx.movie_params:
                return self.send(200, error_body(203), "application/xml")
            numbered = [{**item, "_n": n} for n, item in enumerate(items)]
            if idx.filter_queries:
                numbered = [item for item in numbered if matches(item, query)]
            limit = query.get("limit", "")
            limit_n = min(int(limit) if limit.isdigit() else idx.limit_default, idx.limit_max)
            offset = int(query["offset"]) if query.get("offset", "").isdigit() else 0
            page = numbered[offset : offset + limit_n]
            body = render_feed(
                page,
                idx.protocol,
                offset=offset,
                total=len(numbered),
                link_base=server.url_for(idx.slug),
                title=idx.title or idx.slug,
            )
            self.send(200, body, "application/rss+xml; charset=utf-8")

        def fail(self, idx: FakeIndexer, failure: str) -> None:
            xml = "application/xml"
            if failure == "timeout":
                time.sleep(idx.hang)
                return self.send(200, render_feed([], idx.protocol), xml)
            if failure in ("500", "503"):
                return self.send(
                    int(failure), b"<html><body>Server Error</body></html>", "text/html"
                )
            if failure == "429":
                headers = {"Retry-After": str(idx.retry_after)}
                return self.send(429, b"Too Many Requests", "text/plain", headers)
            if failure == "401":
                return self.send(401, error_body(100), xml)
            if failure == "html":
                return self.send(200, login_page(), "text/html; charset=utf-8")
            if failure == "malformed":
                good = render_feed([{"title": "Cut.Off.2020.1080p-GRP", "size": 1}], idx.protocol)
                return self.send(200, good[: len(good) // 2 + 7], xml)
            if failure == "bomb":
                return self.send(200, bomb_body(), xml)
            if failure == "xxe":
                return self.send(200, xxe_body(idx.xxe_path), xml)
            if failure == "empty":
                return self.send(200, render_feed([], idx.protocol), xml)
            if match := re.fullmatch(r"error(\d+)", failure):
                return self.send(200, error_body(int(match.group(1))), xml)
            raise ValueError(f"unknown failure mode {failure!r}")

    return Handler


@contextmanager
def torznab_server() -> Iterator[TorznabServer]:
    """Start the fake on a free loopback port; stop it on exit."""
    server = TorznabServer().start()
    try:
        yield server
    finally:
        server.stop()


# Releases the offline demo serves (movies the fake TMDB knows), as (title, IMDb id, GiB).
DEMO_RELEASES = [
    ("The.Matrix.1999.1080p.BluRay.x264-GRP", "0133093", 9.1),
    ("The.Matrix.1999.1080p.WEB-DL.DD5.1.H264-FGT", "0133093", 6.4),
    ("The.Matrix.1999.2160p.UHD.BluRay.x265-TERMiNAL", "0133093", 31.0),
    ("The.Matrix.1999.CAM.x264-NOGRP", "0133093", 1.4),
    ("Heat.1995.1080p.BluRay.x264-AMIABLE", "0113277", 12.2),
    ("Heat.1995.720p.WEB-DL.DD5.1.H264-NTb", "0113277", 4.0),
]


def main() -> None:
    """Serve a demo indexer until interrupted: `python -m tests.servers.torznab --port 9696`.

    Each release's .torrent is made for a small file written to `--files` (a folder you
    may point a torrent client's download folder at, so a grab completes by recheck).
    """
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=9696)
    parser.add_argument("--files", default=tempfile.mkdtemp(prefix="fake-torznab-"))
    args = parser.parse_args()
    folder = Path(args.files)
    folder.mkdir(parents=True, exist_ok=True)
    server = TorznabServer(args.port)
    server.add("demo", title="Demo indexer")
    for title, imdb, gib in DEMO_RELEASES:
        path = folder / f"{title}.mkv"
        if not path.exists():
            path.write_bytes(title.encode() * 1000)
        server.add_torrent(
            "demo", path, title=title, imdb=imdb, size=int(gib * 1024**3), seeders=25, peers=30
        )
    print(f"Torznab URL: {server.url_for('demo')}  (API path /api)  API key: {API_KEY}")
    print(f"Files for the .torrents: {folder}")
    server.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
