"""deluge-web's JSON-RPC transport: a password session and a daemon to be connected to.

Every call is a POST to `<base>/json` with `{"method", "params", "id"}`; answers carry
`result` and `error: {"message", "code"}`. The session cookie from `auth.login` expires, so a
"Not authenticated" answer signs in again once. `ready()` checks that deluge-web is
connected to a daemon (one light call) and connects it from its host list when not.
"""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from downloads.clients.base import ClientConfig
from radarr_site.http import AuthError, BadResponse, HttpClient, Unavailable

NOT_AUTHENTICATED, UNKNOWN_METHOD = 1, 2
_ids = itertools.count(1)


class DelugeError(BadResponse):
    """Deluge answered with an error object; `code` is Deluge's own error code."""

    def __init__(self, message: str, code: int | None) -> None:
        super().__init__(message)
        self.code = code


def json_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    if not path.endswith("/json"):
        path += "/json"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def error_message(raw: Any) -> str:
    """Deluge wraps daemon errors in a Twisted traceback; keep the exception's own sentence."""
    text = str(raw or "unknown error")
    found = re.search(r"<class '(?:[\w.]+\.)?(\w+)'>: (.+)", text)
    if found:
        text = f"{found.group(1)}: {found.group(2)}"
    return text.strip()[:300]


class DelugeApi:
    """JSON-RPC calls to one deluge-web, raising only the toolkit's errors."""

    def __init__(self, config: ClientConfig) -> None:
        self.password = config.password
        self.http = HttpClient(
            config.provider_key,
            json_url(config.base_url),
            label=f"Deluge '{config.name}'",
            retries=0,  # JSON-RPC calls are POSTs; an add must never be sent twice
        )

    @property
    def where(self) -> str:
        return f"{self.http.label} ({self.http.host})"

    def _post(self, method: str, params: list[Any]) -> Any:
        body = {"method": method, "params": params, "id": next(_ids)}
        answer = self.http.json("POST", self.http.base_url.rstrip("/"), json=body)
        if not isinstance(answer, dict) or "result" not in answer:
            raise BadResponse(f"{self.where} answered {method} with an unexpected shape")
        error = answer.get("error")
        if error:
            if not isinstance(error, dict):
                raise BadResponse(f"{self.where} answered {method} with a malformed error")
            code = error.get("code") if isinstance(error.get("code"), int) else None
            message = error_message(error.get("message"))
            raise DelugeError(f"{self.where} refused {method}: {message}", code)
        return answer["result"]

    def call(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call; signs in again once when the session cookie has expired."""
        try:
            return self._post(method, list(params))
        except DelugeError as error:
            if error.code != NOT_AUTHENTICATED:
                raise
        self.login()
        return self._post(method, list(params))

    def login(self) -> None:
        if self._post("auth.login", [self.password]) is not True:
            raise AuthError(f"{self.where} refused the password")

    def ready(self) -> None:
        """Make sure deluge-web is connected to a daemon before asking the daemon anything:
        while it is not, deluge-web still lists the daemon's methods, but a call to one
        never answers."""
        if self.call("web.connected") is not True:
            self._connect()

    def _connect(self) -> None:
        answer = self.call("web.get_hosts")
        hosts = (
            [h for h in answer if isinstance(h, list) and len(h) > 2]
            if isinstance(answer, list)
            else []
        )
        if not hosts:
            raise Unavailable(f"{self.where} has no Deluge daemon in its connection manager")
        for host in hosts:
            status = self.call("web.get_host_status", host[0])
            if (
                isinstance(status, list)
                and len(status) > 1
                and status[1] in ("Online", "Connected")
            ):
                self.call("web.connect", host[0])
                if self.call("web.connected") is True:
                    return
        where = ", ".join(f"{h[1]}:{h[2]}" for h in hosts)
        raise Unavailable(f"{self.where} cannot reach its Deluge daemon ({where or 'no host'})")
