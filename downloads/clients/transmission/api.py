"""Transmission's JSON RPC transport: the session-id handshake, basic auth, version facts.

Every call is a POST to `<url base>/rpc`. The daemon answers 409 with a fresh
X-Transmission-Session-Id whenever it wants one (first call, after a restart): we resend
once with it.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from downloads.clients.base import ClientConfig
from radarr_site.http import BadResponse, HttpClient

SESSION_HEADER = "X-Transmission-Session-Id"


@dataclass
class _RpcState:
    """What one session learned from the daemon: its session id and its version facts."""

    session_id: str = ""
    rpc_version: int | None = None
    version: str = ""
    download_dir: str = ""


# Keyed by the shared requests.Session, so every Transmission object built for the same
# configured client reuses one handshake instead of paying a 409 per poll.
_states: weakref.WeakKeyDictionary[requests.Session, _RpcState] = weakref.WeakKeyDictionary()


def rpc_url(base_url: str) -> str:
    """The RPC endpoint: `/transmission/rpc` unless the base URL names its own URL base."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    if not path:
        path = "/transmission/rpc"
    elif not path.endswith("/rpc"):
        path += "/rpc"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _error_text(response: requests.Response) -> str | None:
    """The readable part of Transmission's small HTML error pages (401, 403 whitelist)."""
    text = re.sub(r"<[^>]+>", " ", response.text or "")
    text = " ".join(text.split())
    return text[:200] or None


class TransmissionApi:
    """RPC calls to one Transmission daemon, raising only the toolkit's errors."""

    def __init__(self, config: ClientConfig) -> None:
        self.http = HttpClient(
            config.provider_key,
            rpc_url(config.base_url),
            label=f"Transmission '{config.name}'",
            timeout=(5.0, 30.0),
            retries=0,  # RPC calls are POSTs; torrent-add must never be sent twice
            error_detail=_error_text,
        )
        self.auth = (config.username, config.password) if config.username else None

    @property
    def where(self) -> str:
        return f"{self.http.label} ({self.http.host})"

    @property
    def _state(self) -> _RpcState:
        return _states.setdefault(self.http.session, _RpcState())

    def _post(self, body: dict[str, Any]) -> requests.Response:
        headers = {SESSION_HEADER: self._state.session_id} if self._state.session_id else {}
        return self.http.request(
            "POST", self.http.base_url.rstrip("/"), json=body, headers=headers,
            auth=self.auth, ok_statuses=(409,),
        )  # fmt: skip

    def rpc(self, method: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call one RPC method; return its `arguments`, or raise our error types."""
        body = {"method": method, "arguments": arguments or {}}
        response = self._post(body)
        if response.status_code == 409:
            # A new session id: a restarted daemon may also be a different version.
            _states[self.http.session] = _RpcState(response.headers.get(SESSION_HEADER, ""))
            response = self._post(body)
            if response.status_code == 409:
                raise BadResponse(f"{self.where} kept refusing our session id (HTTP 409)")
        try:
            answer = response.json()
        except ValueError as exc:
            raise BadResponse(f"{self.where} answered {method} with malformed JSON") from exc
        if not isinstance(answer, dict) or not isinstance(answer.get("arguments", {}), dict):
            raise BadResponse(f"{self.where} answered {method} with an unexpected shape")
        result = answer.get("result")
        if result != "success":
            raise BadResponse(f"{self.where} refused {method}: {result or 'no result'}")
        return answer.get("arguments") or {}

    def session(self) -> _RpcState:
        """Version and default folder, asked once per session id."""
        state = self._state
        if state.rpc_version is None:
            facts = self.rpc("session-get", {"fields": ["version", "rpc-version", "download-dir"]})
            state = self._state  # the call may have re-handshaken (a fresh state)
            try:
                state.rpc_version = int(facts.get("rpc-version", 0))
            except (TypeError, ValueError) as exc:
                raise BadResponse(f"{self.where} reported no usable RPC version") from exc
            state.version = str(facts.get("version", ""))
            state.download_dir = str(facts.get("download-dir", ""))
        return state
