"""A loopback NNTP server for the usenet clients' tests, and the NZB files that point at it.

`NntpServer.add_file(path)` cuts a local file into yEnc-encoded articles and returns an NZB
naming them; a real NZBGet or SABnzbd pointed at the server then downloads the file with
no network. An article it does not hold is answered with 430, so an NZB made by
`missing_nzb()` fails for real. `nzb_http_server()` serves NZB files over HTTP, as an
indexer would, for clients that fetch the NZB URL themselves. Both run in threads of the
test process.
"""

from __future__ import annotations

import socketserver
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

SEGMENT = 100_000  # bytes of the file per article
LINE = 128  # encoded characters per yEnc line
GROUP = "alt.binaries.test"
# Bytes yEnc must escape after the +42 shift: NUL, LF, CR, '=', and (always escaped here,
# which is legal) TAB, space and '.', so no line starts with a dot or ends in whitespace.
_ESCAPE = {0, 10, 13, 61, 9, 32, 46}


def yenc_lines(data: bytes, width: int = LINE) -> list[bytes]:
    """The yEnc body lines of `data`."""
    lines, line = [], bytearray()
    for byte in data:
        out = (byte + 42) % 256
        if out in _ESCAPE:
            line += bytes((61, (out + 64) % 256))
        else:
            line.append(out)
        if len(line) >= width:
            lines.append(bytes(line))
            line = bytearray()
    if line:
        lines.append(bytes(line))
    return lines


def nzb_document(subject: str, segments: list[tuple[int, int, str]], group: str = GROUP) -> str:
    """An NZB with one file whose segments are (bytes, number, message-id)."""
    rows = "\n".join(
        f'      <segment bytes="{size}" number="{number}">{escape(mid)}</segment>'
        for size, number, mid in segments
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" '
        '"http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n'
        '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">\n'
        f'  <file poster="tests@loopback" date="1700000000" subject={quoteattr(subject)}>\n'
        f"    <groups><group>{escape(group)}</group></groups>\n"
        f"    <segments>\n{rows}\n    </segments>\n"
        "  </file>\n</nzb>\n"
    )


def _subject(name: str, parts: int) -> str:
    return f'{Path(name).stem} [1/1] - "{name}" yEnc (1/{parts})'


def missing_nzb(name: str, size: int = 250_000) -> str:
    """An NZB for `name` whose articles no server holds (every fetch answers 430)."""
    parts = max(1, -(-size // SEGMENT))
    segments = [(SEGMENT, n, f"missing.{name}.part{n}@nowhere.test") for n in range(1, parts + 1)]
    return nzb_document(_subject(name, parts), segments)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.send("200 loopback NNTP ready (posting prohibited)")
        for raw in self.rfile:
            words = raw.decode("utf-8", "replace").split()
            if not words:
                continue
            command, args = words[0].upper(), words[1:]
            if command == "QUIT":
                self.send("205 bye")
                return
            self.answer(command, args)
            self.wfile.flush()

    def answer(self, command: str, args: list[str]) -> None:
        articles = self.server.nntp.articles
        if command == "CAPABILITIES":
            self.wfile.write(b"101 capabilities\r\nVERSION 2\r\nREADER\r\n.\r\n")
        elif command == "MODE":
            self.send("200 reader mode, posting prohibited")
        elif command == "AUTHINFO":
            # Any credentials will do: the clients are configured without them anyway.
            is_pass = bool(args) and args[0].upper() == "PASS"
            self.send("281 authentication accepted" if is_pass else "381 password required")
        elif command == "GROUP":
            name = args[0] if args else GROUP
            self.send(f"211 {len(articles)} 1 {max(len(articles), 1)} {name}")
        elif command in ("ARTICLE", "BODY", "HEAD", "STAT"):
            mid = args[0].strip("<>") if args else ""
            body = articles.get(mid)
            self.server.nntp.requests.append((command, mid))
            if body is None:
                self.send("430 no such article")
                return
            if self.server.nntp.delay and command in ("ARTICLE", "BODY"):
                time.sleep(self.server.nntp.delay)
            code = {"ARTICLE": 220, "BODY": 222, "HEAD": 221, "STAT": 223}[command]
            self.send(f"{code} 0 <{mid}>")
            head = (
                f"Message-ID: <{mid}>\r\nSubject: test\r\nFrom: tests@loopback\r\n"
                f"Newsgroups: {GROUP}\r\n"
            ).encode()
            if command == "ARTICLE":
                self.wfile.write(head + b"\r\n" + body + b".\r\n")
            elif command == "BODY":
                self.wfile.write(body + b".\r\n")
            elif command == "HEAD":
                self.wfile.write(head + b".\r\n")
        elif command == "DATE":
            self.send("111 20240101000000")
        else:
            self.send("500 unknown command")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    nntp: NntpServer


class NntpServer:
    """Articles by message-id, served on 127.0.0.1:`port` once started."""

    def __init__(self) -> None:
        self.articles: dict[str, bytes] = {}  # message-id (no <>) → dot-stuffed CRLF body
        self.requests: list[tuple[str, str]] = []  # (command, message-id) as asked
        self.delay = 0.0  # seconds to wait before serving an article (keeps a job running)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def add_file(self, path: Path | str, name: str | None = None) -> str:
        """Serve `path` as articles; return the NZB text (the file is named `name`)."""
        data = Path(path).read_bytes()
        name = name or Path(path).name
        chunks = [data[i : i + SEGMENT] for i in range(0, len(data), SEGMENT)] or [b""]
        segments = []
        for number, chunk in enumerate(chunks, 1):
            begin = (number - 1) * SEGMENT + 1
            lines = [
                f"=ybegin part={number} total={len(chunks)} line={LINE} "
                f"size={len(data)} name={name}".encode(),
                f"=ypart begin={begin} end={begin + len(chunk) - 1}".encode(),
                *yenc_lines(chunk),
                f"=yend size={len(chunk)} part={number} pcrc32={zlib.crc32(chunk):08x}".encode(),
            ]
            body = b"".join((b"." + ln if ln.startswith(b".") else ln) + b"\r\n" for ln in lines)
            mid = f"{name}.part{number}@loopback.test"
            self.articles[mid] = body
            segments.append((len(body), number, mid))
        return nzb_document(_subject(name, len(chunks)), segments)

    def start(self) -> NntpServer:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.nntp = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@contextmanager
def nntp_server() -> Iterator[NntpServer]:
    """A started loopback NNTP server, stopped on exit."""
    server = NntpServer().start()
    try:
        yield server
    finally:
        server.stop()


class NzbFiles(dict):
    """NZB files by name (bytes), served at `url(name)` once the HTTP server runs."""

    base_url = ""

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name}"


@contextmanager
def nzb_http_server() -> Iterator[NzbFiles]:
    """A loopback HTTP server answering GET /<name> with the NZB stored under that name."""
    files = NzbFiles()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path.lstrip("/"))
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-nzb")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    http.daemon_threads = True
    files.base_url = f"http://127.0.0.1:{http.server_address[1]}"
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield files
    finally:
        http.shutdown()
        http.server_close()
