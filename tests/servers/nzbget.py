"""Run a real NZBGet (Debian's `nzbget`) on 127.0.0.1 for the tests.

The configuration is Debian's full template with the main directory in a temporary folder,
a free control port, credentials, and one news server: the tests' loopback NNTP server.
The daemon runs in the foreground (`-s`) as our child and is stopped by its pid.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.fakes import free_port

BINARY = "nzbget"
TEMPLATE = Path("/etc/nzbget.conf")
USERNAME, PASSWORD = "nzbget", "nzbget-test-pass"


@dataclass
class NzbGetServer:
    """A running NZBGet: where it listens, its credentials, and its folders."""

    base_url: str
    username: str
    password: str
    main_dir: Path
    proc: subprocess.Popen

    @property
    def dest_dir(self) -> Path:
        return self.main_dir / "dst"


def available() -> bool:
    return shutil.which(BINARY) is not None and TEMPLATE.exists()


def write_config(root: Path, control_port: int, nntp_port: int) -> Path:
    """Debian's template with our folders, port, credentials and the loopback news server."""
    main_dir = root / "main"
    main_dir.mkdir(parents=True, exist_ok=True)
    overrides = {
        "MainDir": str(main_dir),
        "ControlIP": "127.0.0.1",
        "ControlPort": str(control_port),
        "ControlUsername": USERNAME,
        "ControlPassword": PASSWORD,
        "Server1.Host": "127.0.0.1",
        "Server1.Port": str(nntp_port),
        "Server1.Username": "",
        "Server1.Password": "",
        "Server1.Connections": "2",
        "OutputMode": "loggable",
        "UpdateCheck": "none",
        "DiskSpace": "0",
        # Our loopback server answers at once; do not wait between retries of a 430.
        "ArticleRetries": "0",
        "ArticleInterval": "1",
        "UrlRetries": "0",
    }
    lines = []
    for line in TEMPLATE.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9.]+)=", line)
        if match and match.group(1) in overrides:
            line = f"{match.group(1)}={overrides.pop(match.group(1))}"
        lines.append(line)
    lines += [f"{key}={value}" for key, value in overrides.items()]
    config = root / "nzbget.conf"
    config.write_text("\n".join(lines) + "\n")
    return config


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nzbget exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            requests.get(url, auth=(USERNAME, PASSWORD), timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError(f"nzbget did not answer within {timeout}s: {log.read_text()[-2000:]}")


@contextmanager
def nzbget_server(root: Path, nntp_port: int) -> Iterator[NzbGetServer]:
    """Start NZBGet with its profile under `root`; stop it by pid on exit."""
    port = free_port()
    config = write_config(root, port, nntp_port)
    log = root / "nzbget.out"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [BINARY, "-c", str(config), "-s"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(f"{base_url}/jsonrpc/version", proc, log)
        yield NzbGetServer(base_url, USERNAME, PASSWORD, root / "main", proc)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
