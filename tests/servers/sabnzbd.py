"""Run a real SABnzbd (Debian's `sabnzbdplus`, contrib) on 127.0.0.1 for the tests.

`sabnzbd.ini` is written before the first start: a free port, a known API key, folders in
a temporary directory, a `movies` category and one news server, the tests' loopback NNTP
server. It runs in the foreground as our child and is stopped by its pid.
Install it with `.ci/install-sabnzbd` (root; it needs Debian contrib and non-free).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.fakes import free_port

BINARY = "sabnzbdplus"
API_KEY = "0123456789abcdef0123456789abcdef"
NZB_KEY = "fedcba9876543210fedcba9876543210"
CATEGORY = "movies"


@dataclass
class SabnzbdServer:
    """A running SABnzbd: where it listens, its API key, and its folders."""

    base_url: str
    api_key: str
    root: Path
    proc: subprocess.Popen

    @property
    def complete_dir(self) -> Path:
        return self.root / "complete"


def available() -> bool:
    return shutil.which(BINARY) is not None


def write_config(root: Path, port: int, nntp_port: int) -> Path:
    ini = f"""__version__ = 19
__encoding__ = utf-8
[misc]
host = 127.0.0.1
port = {port}
api_key = {API_KEY}
nzb_key = {NZB_KEY}
download_dir = {root / "incomplete"}
complete_dir = {root / "complete"}
check_new_rel = 0
auto_browser = 0
enable_https = 0
[servers]
[[loopback]]
name = loopback
displayname = loopback
host = 127.0.0.1
port = {nntp_port}
connections = 2
ssl = 0
enable = 1
[categories]
[[*]]
name = *
order = 0
pp = 3
script = None
dir = ""
priority = 0
[[{CATEGORY}]]
name = {CATEGORY}
order = 1
pp = ""
script = Default
dir = {CATEGORY}
priority = -100
"""
    config = root / "sabnzbd.ini"
    config.write_text(ini)
    return config


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"sabnzbdplus exited with {proc.returncode}: {log.read_text()[-2000:]}"
            )
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"sabnzbdplus did not answer within {timeout}s: {log.read_text()[-2000:]}")


@contextmanager
def sabnzbd_server(root: Path, nntp_port: int) -> Iterator[SabnzbdServer]:
    """Start SABnzbd with its profile under `root`; stop it by pid on exit."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(root, port, nntp_port)
    log = root / "sabnzbd.out"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [BINARY, "-f", str(config), "-b", "0", "--disable-file-log", "--console"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(f"{base_url}/api?mode=version&output=json", proc, log)
        yield SabnzbdServer(base_url, API_KEY, root, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
