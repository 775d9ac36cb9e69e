"""A fake TMDB API v3 on a real loopback socket, serving recorded movies from tests/fixtures/tmdb/.

Tests start it through the `fake_tmdb` fixture; people start it by hand to try the app
offline: `python -m tests.fakes.tmdb --port 8765` prints the TMDB_BASE_URL to use.
Failures are injected per request (`fail_next`, `delay_next`, `malformed_next`) and every
request is kept in `requests` so a test can see what the client sent.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tmdb"
API_KEY = "fake-tmdb-v3-key"
# Shaped like a v4 read access token (a JWT); only its shape matters to the client.
READ_TOKEN = (
    "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJmYWtlLXRtZGIiLCJzY29wZXMiOlsiYXBpX3JlYWQiXX0."
    "ZmFrZS10bWRiLXNpZ25hdHVyZS1mb3ItdGVzdHMtb25seQ"
)
PAGE_SIZE = 20
SEARCH_FIELDS = (
    "id",
    "title",
    "original_title",
    "original_language",
    "release_date",
    "overview",
    "poster_path",
    "backdrop_path",
    "popularity",
    "vote_average",
    "vote_count",
    "adult",
    "video",
)
APPENDABLE = ("credits", "release_dates", "external_ids", "alternative_titles")


def normalize(text: str) -> str:
    """Lower case, accents folded, punctuation as spaces: how the fake matches titles."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split())


def load_movies() -> dict[int, dict]:
    movies = {}
    for path in sorted((FIXTURES / "movie").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        movies[doc["id"]] = doc
    return movies


def search_result(movie: dict) -> dict:
    result = {key: movie.get(key) for key in SEARCH_FIELDS}
    result["genre_ids"] = [g["id"] for g in movie.get("genres", [])]
    return result


@dataclass
class Injection:
    """One injected behaviour, used by the next `count` requests."""

    count: int
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0
    malformed: bool = False


class FakeTmdb:
    """The fake server: start(), stop(), reset(), failure injection and the request log."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, any_key: bool = False) -> None:
        self.movies = load_movies()
        self.any_key = any_key
        self.api_key = API_KEY
        self.read_token = READ_TOKEN
        self.requests: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self._injections: list[Injection] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What TMDB_BASE_URL should be set to."""
        return f"{self.root_url}/3"

    def start(self) -> FakeTmdb:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        """Forget injected failures and logged requests (between tests)."""
        with self._lock:
            self._injections.clear()
            self.requests.clear()
            self.errors.clear()
        self.any_key = False

    # Failure injection -------------------------------------------------------------

    def fail_next(
        self,
        status: int = 429,
        headers: dict[str, str] | None = None,
        body: bytes | str | dict | None = None,
        count: int = 1,
    ) -> None:
        """Answer the next `count` API requests with `status` (TMDB's error body by default)."""
        if isinstance(body, dict):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self._inject(Injection(count=count, status=status, headers=dict(headers or {}), body=body))

    def delay_next(self, seconds: float, count: int = 1) -> None:
        """Wait `seconds` before answering the next `count` requests."""
        self._inject(Injection(count=count, delay=seconds))

    def malformed_next(self, count: int = 1) -> None:
        """Answer the next `count` requests with 200 and truncated JSON."""
        self._inject(Injection(count=count, malformed=True))

    def _inject(self, injection: Injection) -> None:
        with self._lock:
            self._injections.append(injection)

    def take_injection(self) -> Injection | None:
        with self._lock:
            if not self._injections:
                return None
            injection = self._injections[0]
            injection.count -= 1
            if injection.count <= 0:
                self._injections.pop(0)
            return injection

    def paths(self) -> list[str]:
        """Paths of the logged requests, in order."""
        return [r["path"] for r in self.requests]

    # The API -----------------------------------------------------------------------

    def authorized(self, query: dict[str, str], headers: dict[str, str]) -> bool:
        key = query.get("api_key", "")
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.lower().startswith("bearer ") else ""
        if self.any_key:
            return bool(key or token)
        return key == self.api_key or token == self.read_token

    def route(self, path: str, query: dict[str, str]) -> tuple[int, Any]:
        if path == "/3/configuration":
            doc = json.loads((FIXTURES / "configuration.json").read_text(encoding="utf-8"))
            doc["images"]["secure_base_url"] = f"{self.root_url}/t/p/"
            doc["images"]["base_url"] = f"{self.root_url}/t/p/"
            return 200, doc
        if path == "/3/search/movie":
            return 200, self.search(query)
        match = re.fullmatch(r"/3/movie/(\d+)", path)
        if match:
            return self.movie(int(match.group(1)), query.get("append_to_response", ""))
        match = re.fullmatch(r"/3/find/([^/]+)", path)
        if match and query.get("external_source") == "imdb_id":
            found = [m for m in self.movies.values() if m.get("imdb_id") == match.group(1)]
            return 200, {
                "movie_results": [search_result(m) for m in found],
                "person_results": [],
                "tv_results": [],
                "tv_episode_results": [],
                "tv_season_results": [],
            }
        return 404, error_body(404)

    def search(self, query: dict[str, str]) -> dict:
        term = normalize(query.get("query", ""))
        year = query.get("primary_release_year") or query.get("year") or ""
        try:
            page = max(1, int(query.get("page", "1")))
        except ValueError:
            page = 1
        hits = []
        for movie in self.movies.values():
            names = [movie["title"], movie.get("original_title", "")]
            names += [t["title"] for t in movie["alternative_titles"]["titles"]]
            if term and not any(term in normalize(name) for name in names):
                continue
            if year and not (movie.get("release_date") or "").startswith(year):
                continue
            hits.append(movie)
        hits.sort(key=lambda m: (-m.get("popularity", 0), m["id"]))
        start = (page - 1) * PAGE_SIZE
        return {
            "page": page,
            "results": [search_result(m) for m in hits[start : start + PAGE_SIZE]],
            "total_pages": math.ceil(len(hits) / PAGE_SIZE),
            "total_results": len(hits),
        }

    def movie(self, tmdb_id: int, append: str) -> tuple[int, Any]:
        movie = self.movies.get(tmdb_id)
        if movie is None:
            return 404, error_body(404)
        wanted = {part.strip() for part in append.split(",") if part.strip()}
        doc = {k: v for k, v in movie.items() if k not in APPENDABLE or k in wanted}
        return 200, doc

    def poster(self, filename: str) -> bytes:
        match = re.search(r"(\d+)", filename)
        movie = self.movies.get(int(match.group(1))) if match else None
        title = html.escape(movie["title"] if movie else filename)
        year = html.escape((movie or {}).get("release_date", "")[:4])
        # Backdrops are wide, posters tall, as on TMDB's image server.
        width, height = (1280, 720) if "backdrop" in filename else (342, 513)
        middle = height // 2
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" '
            'fill="#1f2937"/>'
            f'<rect x="12" y="12" width="{width - 24}" height="{height - 24}" fill="none" '
            'stroke="#ffc230" stroke-width="3"/><text x="50%" '
            f'y="{middle - 16}" font-family="sans-serif" '
            'font-size="22" fill="#f9fafb" text-anchor="middle">'
            f'{title}</text><text x="50%" y="{middle + 24}" font-family="sans-serif" '
            f'font-size="18" fill="#9ca3af" text-anchor="middle">{year}</text></svg>'
        ).encode()


def error_body(status: int) -> dict:
    path = FIXTURES / "errors" / f"{status}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def default_failure_body(status: int) -> tuple[bytes, str]:
    """TMDB's own error body for a status, or its HTML page for server errors."""
    if status >= 500:
        return (FIXTURES / "errors" / "500.html").read_bytes(), "text/html"
    json_path = FIXTURES / "errors" / f"{status}.json"
    if json_path.exists():
        return json_path.read_bytes(), "application/json;charset=utf-8"
    return json.dumps({"success": False, "status_code": 0}).encode(), "application/json"


def _handler_for(fake: FakeTmdb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
            pass

        def do_GET(self) -> None:
            try:
                self._answer()
            except Exception as exc:  # a bug in the fake must show as one, not as a dropped line
                fake.errors.append(repr(exc))
                self._send(599, f"fake TMDB error: {exc!r}".encode(), "text/plain")

        def _answer(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake._lock:
                fake.requests.append(
                    {"path": url.path, "query": query, "headers": headers, "time": time.time()}
                )
            if url.path.startswith("/t/p/"):
                self._send(200, fake.poster(url.path.rsplit("/", 1)[-1]), "image/svg+xml")
                return
            injection = fake.take_injection()
            if injection and injection.delay:
                time.sleep(injection.delay)
            if injection and injection.status is not None:
                body, kind = default_failure_body(injection.status)
                if injection.body is not None:
                    body = injection.body
                    is_page = body.lstrip()[:1] == b"<"
                    kind = "text/html; charset=utf-8" if is_page else "application/json"
                self._send(injection.status, body, kind, injection.headers)
                return
            if not fake.authorized(query, headers):
                self._json(401, error_body(401))
                return
            status, doc = fake.route(url.path, query)
            if injection and injection.malformed:
                self._send(200, json.dumps(doc).encode()[:40], "application/json")
                return
            self._json(status, doc)

        def _json(self, status: int, doc: Any) -> None:
            body = json.dumps(doc, ensure_ascii=False).encode()
            self._send(status, body, "application/json;charset=utf-8")

        def _send(
            self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test); nothing to answer

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the fake TMDB API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--any-key",
        action="store_true",
        default=True,
        help="accept any non-empty key or token (the default for manual runs)",
    )
    parser.add_argument(
        "--strict-key",
        action="store_true",
        help=f"accept only the key {API_KEY!r} (by default any key is accepted)",
    )
    args = parser.parse_args()
    fake = FakeTmdb(port=args.port, any_key=not args.strict_key)
    print(f"Fake TMDB with {len(fake.movies)} movies.")
    print(f"TMDB_BASE_URL={fake.base_url}")
    print(f"TMDB_API_KEY={API_KEY}  (any key is accepted unless --strict-key)", flush=True)
    try:
        fake._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake._server.server_close()


if __name__ == "__main__":
    main()
