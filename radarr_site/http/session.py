"""One place that builds outgoing HTTP sessions and turns every failure into our error types.

Every integration (TMDB, indexers, download clients, media servers) talks through an
`HttpClient`: timeouts always, a User-Agent, a cap on response size, retries of
idempotent calls, an optional rate limit shared by all processes, and errors mapped to
AuthError / RateLimited / Unavailable / BadResponse / NotFound. Messages name the
service and host, never a URL (URLs may carry API keys).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError

from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    NotFound,
    RateLimited,
    Unavailable,
)
from radarr_site.http.ratelimit import limited_adapter
from radarr_site.http.retry import make_retry, parse_retry_after

DEFAULT_TIMEOUT = (5.0, 30.0)
# requests-ratelimiter raises requests' Timeout with this text when max_delay runs out.
_LIMITER_TIMEOUT = "Rate limit not cleared"
_sessions: dict[tuple, requests.Session] = {}
_sessions_lock = threading.Lock()


def build_session(
    name: str,
    *,
    rate_per_second: float | None = None,
    retries: int = 3,
    backoff_factor: float = 0.5,
    max_retry_delay: float = 30.0,
    rate_max_wait: float = 60.0,
    retry_read: bool = True,
    rate_per_minute: int | None = None,
) -> requests.Session:
    """A session for integration `name`, reused within this process.

    The rate-limit bucket is keyed by `name` and shared across processes; the session
    object itself is per process (connection pools cannot cross processes).
    """
    key = (
        name,
        rate_per_second,
        retries,
        backoff_factor,
        max_retry_delay,
        rate_max_wait,
        retry_read,
        rate_per_minute,
    )
    with _sessions_lock:
        session = _sessions.get(key)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = settings.HTTP_USER_AGENT
            retry = make_retry(retries, backoff_factor, max_retry_delay, retry_read=retry_read)
            if rate_per_second or rate_per_minute:
                adapter: HTTPAdapter = limited_adapter(
                    name,
                    rate_per_second or 0,
                    rate_max_wait,
                    per_minute=rate_per_minute or 0,
                    max_retries=retry,
                )
            else:
                adapter = HTTPAdapter(max_retries=retry)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            _sessions[key] = session
        return session


def reset_sessions() -> None:
    """Forget cached sessions (tests change settings such as DATA_DIR between cases)."""
    with _sessions_lock:
        for session in _sessions.values():
            session.close()
        _sessions.clear()


def _timed_out(exc: requests.exceptions.ConnectionError) -> bool:
    """Did retries run out on read timeouts? requests reports that as a ConnectionError
    wrapping urllib3's MaxRetryError, whose reason is the last ReadTimeoutError.
    (urllib3 makes NewConnectionError, a refusal, a subclass of ConnectTimeoutError.)"""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NewConnectionError):
        return False
    return isinstance(reason, (ReadTimeoutError, ConnectTimeoutError))


ErrorDetail = Callable[[requests.Response], "str | None"]


class HttpClient:
    """A base URL plus a session, with our timeouts, size cap and error mapping."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        label: str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        rate_per_second: float | None = None,
        rate_per_minute: int | None = None,
        retries: int = 3,
        backoff_factor: float = 0.5,
        max_retry_delay: float = 30.0,
        rate_max_wait: float = 60.0,
        retry_read: bool = True,
        max_bytes: int | None = None,
        error_detail: ErrorDetail | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/") + "/"
        self.label = label or name
        # Host and port only: a user:password@ part of the address never reaches a message.
        self.host = urlsplit(base_url).netloc.rpartition("@")[2] or base_url
        self.headers = headers or {}
        self.params = params or {}
        self.timeout = timeout
        self.max_bytes = max_bytes or settings.HTTP_MAX_RESPONSE_BYTES
        self.error_detail = error_detail
        self.session = session or build_session(
            name,
            rate_per_second=rate_per_second,
            rate_per_minute=rate_per_minute,
            retries=retries,
            backoff_factor=backoff_factor,
            max_retry_delay=max_retry_delay,
            rate_max_wait=rate_max_wait,
            retry_read=retry_read,
        )

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return urljoin(self.base_url, path.lstrip("/"))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        ok_statuses: Iterable[int] = (),
        **kwargs: Any,
    ) -> requests.Response:
        """Send one request; return the response or raise one of our error types."""
        merged_params = {**self.params, **(params or {})}
        merged_headers = {**self.headers, **(headers or {})}
        where = f"{self.label} ({self.host})"
        try:
            response = self.session.request(
                method,
                self.url(path),
                params=merged_params or None,
                headers=merged_headers,
                timeout=kwargs.pop("timeout", self.timeout),
                stream=True,
                **kwargs,
            )
        except requests.exceptions.Timeout as exc:
            if str(exc).startswith(_LIMITER_TIMEOUT):
                # Our own shared rate limit had no token in time: the service is not at fault.
                raise RateLimited(
                    f"{where}: our rate limit for it is used up; try again shortly",
                    retry_after=None,
                    status=None,
                ) from exc
            raise Unavailable(f"{where} did not answer in time") from exc
        except requests.exceptions.SSLError as exc:
            raise Unavailable(f"{where}: TLS handshake failed") from exc
        except requests.exceptions.ConnectionError as exc:
            if _timed_out(exc):
                raise Unavailable(f"{where} did not answer in time") from exc
            raise Unavailable(f"{where} is unreachable (connection refused or failed)") from exc
        except requests.exceptions.RetryError as exc:
            raise Unavailable(f"{where} kept failing after retries") from exc
        except requests.exceptions.RequestException as exc:
            raise Unavailable(f"{where}: request failed ({type(exc).__name__})") from exc
        with response:
            self._read_capped(response, where)
        if response.status_code in ok_statuses or response.ok:
            return response
        raise self._error_for(response, where)

    def _read_capped(self, response: requests.Response, where: str) -> None:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise BadResponse(
                f"{where} sent {int(declared)} bytes, more than the {self.max_bytes} allowed"
            )
        body = bytearray()
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                body.extend(chunk)
                if len(body) > self.max_bytes:
                    raise BadResponse(f"{where} sent more than the {self.max_bytes} bytes allowed")
        except requests.exceptions.RequestException as exc:
            raise Unavailable(f"{where} broke off the answer ({type(exc).__name__})") from exc
        response._content = bytes(body)

    def _error_for(self, response: requests.Response, where: str) -> Exception:
        status = response.status_code
        detail = None
        if self.error_detail is not None:
            try:
                detail = self.error_detail(response)
            except Exception:  # a malformed error body must not hide the status
                detail = None
        suffix = f": {detail}" if detail else ""
        if status in (401, 403):
            return AuthError(
                f"{where} refused our credentials (HTTP {status}){suffix}", status=status
            )
        if status == 404:
            return NotFound(f"{where}: not found (HTTP 404){suffix}", status=status)
        if status == 429:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            hint = f", retry after {int(wait)}s" if wait is not None else ""
            return RateLimited(
                f"{where} is rate limiting us (HTTP 429{hint}){suffix}",
                retry_after=wait,
                status=429,
            )
        if status >= 500:
            return Unavailable(f"{where} failed with HTTP {status}{suffix}", status=status)
        return BadResponse(
            f"{where} rejected the request with HTTP {status}{suffix}", status=status
        )

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request and decode its JSON body (BadResponse when it is not JSON)."""
        response = self.request(method, path, **kwargs)
        return decode_json(response, f"{self.label} ({self.host})")


def decode_json(response: requests.Response, where: str) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        kind = response.headers.get("Content-Type", "unknown content").split(";")[0]
        raise BadResponse(f"{where} answered with malformed JSON ({kind})") from exc
