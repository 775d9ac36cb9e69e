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
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from tests.servers.torrent_file import make_torrent

API_KEY = "torznab-test-key-0123456789abcdef"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "torznab"
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
ERROR_TEXT = {
    100: "Incorrect user credentials",
    101: "Account suspended",
    102: "Insufficient privileges/not authorized",
    200: "Missing parameter",
    201: "Incorrect parameter",
    202: "No such function",
    203: "Function not available",
    300: "No such function",
    429: "Request limit reached",
    900: "Unknown error",
    910: "API Disabled",
}
DEFAULT_CATEGORIES: list[tuple[int, str, list[tuple[int, str]]]] = [
    (
        2000,
        "Movies",
        [
            (2010, "Movies/Foreign"),
            (2030, "Movies/SD"),
            (2040, "Movies/HD"),
            (2045, "Movies/UHD"),
            (2050, "Movies/BluRay"),
            (2060, "Movies/3D"),
        ],
    ),
    (5000, "TV", [(5040, "TV/HD")]),
]
ATTRIBUTES = (
    "seeders",
    "peers",
    "leechers",
    "infohash",
    "magneturl",
    "imdb",
    "imdbid",
    "tmdbid",
    "downloadvolumefactor",
    "uploadvolumefactor",
    "minimumratio",
    "minimumseedtime",
    "grabs",
    "files",
    "usenetdate",
    "group",
    "poster",
)
_WORDS = re.compile(r"[a-z0-9]+")


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


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def _categories_of(item: dict[str, Any]) -> list[int]:
    value = item.get("category", 2040)
    return [int(v) for v in (value if isinstance(value, list | tuple) else [value])]


def matches(item: dict[str, Any], query: dict[str, str]) -> bool:
    """Does an item answer the query (ids, words of q, categories) as an indexer would?"""
    imdb = str(item.get("imdbid") or item.get("imdb") or "").lower().removeprefix("tt")
    if query.get("imdbid") and imdb.lstrip("0") != query["imdbid"].lstrip("0"):
        return False
    if query.get("tmdbid") and str(item.get("tmdbid", "")) != query["tmdbid"]:
        return False
    if query.get("q") and not _words(query["q"]) <= _words(item.get("title", "")):
        return False
    wanted = {int(c) for c in query.get("cat", "").split(",") if c.strip().isdigit()}
    if wanted:
        cats = _categories_of(item)
        if not any(c in wanted or c // 1000 * 1000 in wanted for c in cats):
            return False
    return True


def render_caps(idx: FakeIndexer) -> bytes:
    """A `t=caps` answer for the indexer's params and categories."""
    cats = "".join(
        f'<category id="{cid}" name={quoteattr(name)}>'
        + "".join(f'<subcat id="{sid}" name={quoteattr(sname)}/>' for sid, sname in subs)
        + "</category>"
        for cid, name, subs in idx.categories
    )

    def avail(params: tuple[str, ...]) -> str:
        return f'available="{"yes" if params else "no"}" supportedParams="{",".join(params)}"'

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<caps>'
        f'<server version="1.0" title={quoteattr(idx.title or idx.slug)}/>'
        f'<limits max="{idx.limit_max}" default="{idx.limit_default}"/>'
        f"<searching><search {avail(idx.search_params)}/>"
        '<tv-search available="yes" supportedParams="q,season,ep"/>'
        f"<movie-search {avail(idx.movie_params)}/></searching>"
        f"<categories>{cats}</categories></caps>"
    ).encode()


def render_item(item: dict[str, Any], protocol: str, index: int, link_base: str) -> str:
    """One <item>; attributes the item lacks are simply not written."""
    ns = "torznab" if protocol == "torrent" else "newznab"
    title = str(item.get("title", ""))
    guid = item.get("guid", f"{link_base}/details/{index}")
    link = item.get(
        "link", f"{link_base}/download/{index}.{'torrent' if ns == 'torznab' else 'nzb'}"
    )
    pub = item.get("pubDate", datetime(2026, 11, 1, tzinfo=UTC) - timedelta(hours=index))
    pub_text = format_datetime(pub) if isinstance(pub, datetime) else str(pub)
    size = item.get("size")
    mime = "application/x-bittorrent" if ns == "torznab" else "application/x-nzb"
    parts = ["<item>"]
    if "title" in item:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<guid isPermaLink="true">{escape(str(guid))}</guid>')
    if link:
        parts.append(f"<link>{escape(str(link))}</link>")
    if "comments" in item:
        parts.append(f"<comments>{escape(str(item['comments']))}</comments>")
    parts.append(f"<pubDate>{escape(pub_text)}</pubDate>")
    if size is not None:
        parts.append(f"<size>{int(size)}</size>")
    for cat in _categories_of(item):
        parts.append(f"<category>{cat}</category>")
    if link:
        length = f' length="{int(size)}"' if size is not None else ""
        parts.append(f'<enclosure url={quoteattr(str(link))}{length} type="{mime}"/>')
    for cat in _categories_of(item):
        parts.append(f'<{ns}:attr name="category" value="{cat}"/>')
    if size is not None:
        parts.append(f'<{ns}:attr name="size" value="{int(size)}"/>')
    for name in ATTRIBUTES:
        if item.get(name) is not None:
            parts.append(f'<{ns}:attr name="{name}" value={quoteattr(str(item[name]))}/>')
    parts.append("</item>")
    return "".join(parts)


def render_feed(
    items: list[dict[str, Any]],
    protocol: str = "torrent",
    *,
    offset: int = 0,
    total: int | None = None,
    link_base: str = "http://127.0.0.1/idx",
    title: str = "Fake indexer",
    first_index: int = 0,
) -> bytes:
    """An RSS 2.0 search answer in the Torznab (or Newznab) shape."""
    ns = (
        'xmlns:torznab="http://torznab.com/schemas/2015/feed"'
        if protocol == "torrent"
        else 'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"'
    )
    prefix = "torznab" if protocol == "torrent" else "newznab"
    body = "".join(
        render_item(item, protocol, item.get("_n", first_index + i), link_base)
        for i, item in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" {ns}><channel>'
        f"<title>{escape(title)}</title><description>{escape(title)} feed</description>"
        f'<{prefix}:response offset="{offset}" total="{len(items) if total is None else total}"/>'
        f"{body}</channel></rss>"
    ).encode()


def error_body(code: int, description: str | None = None) -> bytes:
    text = description if description is not None else ERROR_TEXT.get(code, "Unknown error")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<error code="{code}" description={quoteattr(text)}/>'
    ).encode()


def bomb_body() -> bytes:
    """Billion laughs: ten levels of ten-fold entity expansion."""
    lines = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        lines.append(f'<!ENTITY lol{level} "{refs}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(lines) + "]>"
        '<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>'
    ).encode()


def xxe_body(path: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{quote(path)}">]>'
        '<rss version="2.0" xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel>'
        "<item><title>Leak &secret;</title><guid>x1</guid><link>http://x/1.torrent</link>"
        "<size>1000</size></item></channel></rss>"
    ).encode()


def login_page() -> bytes:
    return (FIXTURES / "login.html").read_bytes()


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

    def __init__(self) -> None:
        self.indexers: dict[str, FakeIndexer] = {}
        self.jackett_api_key = API_KEY
        self.lock = threading.Lock()
        self._http = _QuietServer(("127.0.0.1", 0), _handler_for(self))
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
