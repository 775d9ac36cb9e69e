"""A webhook receiver on 127.0.0.1 that records every request, for the webhook tests.

    with webhook_receiver() as receiver:     # a free port; stopped on exit
        receiver.url                         # http://127.0.0.1:<port>/hook
        receiver.requests                    # every request: ReceivedRequest(method, path,
                                             # query, headers, body, json)
        receiver.auth = ("user", "secret")   # require basic auth (401 otherwise)
        receiver.mode = "500"                # see MODES; None = answer 200
        receiver.hang = 3.0                  # seconds the "slow" mode waits before answering
        receiver.wait_for(1)                 # block until that many requests arrived

Every request is recorded before the mode is applied, so a test sees what reached the
receiver even when it refused it. Any method and any path are accepted.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODES = (
    "401",  # 401 with a WWW-Authenticate challenge, whatever the credentials
    "403",
    "500",  # an HTML error page
    "503",
    "slow",  # wait `hang` seconds, then 200
    "redirect",  # 302 to another path
)


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


class WebhookReceiver:
    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self.auth: tuple[str, str] | None = None
        self.mode: str | None = None
        self.hang = 3.0
        self.path = "/hook"
        self._arrived = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.path}"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedRequest]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.requests) >= count, timeout)
        return self.requests

    def _record(self, request: ReceivedRequest) -> None:
        with self._arrived:
            self.requests.append(request)
            self._arrived.notify_all()

    def _authorised(self, header: str) -> bool:
        if self.auth is None:
            return True
        expected = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
        return header == f"Basic {expected}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                # The client may have given up waiting (the slow mode): nothing to tell it.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                receiver._record(
                    ReceivedRequest(
                        method=self.command,
                        path=split.path,
                        query=parse_qs(split.query),
                        headers={k.lower(): v for k, v in self.headers.items()},
                        body=body,
                    )
                )
                mode = receiver.mode
                if mode in ("401", "403") or not receiver._authorised(
                    self.headers.get("Authorization", "")
                ):
                    status = 403 if mode == "403" else 401
                    self._send(
                        status,
                        b'{"error": "unauthorized"}',
                        "application/json",
                        WWW_Authenticate='Basic realm="hook"',
                    )
                elif mode in ("500", "503"):
                    page = b"<html><body><h1>Internal Server Error</h1></body></html>"
                    self._send(int(mode), page, "text/html")
                elif mode == "redirect":
                    self._send(302, b"", "text/plain", Location="/elsewhere")
                else:
                    if mode == "slow":
                        time.sleep(receiver.hang)
                    self._send(200, b'{"ok": true}', "application/json")

            do_POST = do_PUT = do_GET = do_DELETE = _any

        return Handler


@contextmanager
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
