"""Run a real qbittorrent-nox on 127.0.0.1 for tests: a fresh profile, free ports, stop by pid.

The profile is written before the first start (peers.md §1): peer traffic bound to `lo`,
DHT/LSD/PeX/UPnP/NAT-PMP and country look-ups off, so nothing leaves loopback.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.fakes import free_port

BINARY = "qbittorrent-nox"
USERNAME = "admin"


def binary() -> str | None:
    return shutil.which(BINARY)


def password_hash(password: str) -> str:
    """qBittorrent's WebUI\\Password_PBKDF2 value (PBKDF2-HMAC-SHA512, 100 000 rounds)."""
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


@dataclass
class QbtServer:
    """A running qbittorrent-nox and where it keeps things."""

    base_url: str
    username: str
    password: str
    profile: Path
    downloads: Path  # the default save path
    proc: subprocess.Popen
    log: Path


def write_profile(
    profile: Path, downloads: Path, web_port: int, peer_port: int, password: str, max_fails: int
) -> None:
    config = profile / "qBittorrent" / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "qBittorrent.conf").write_text(
        "\n".join(
            [
                "[LegalNotice]",
                "Accepted=true",
                "",
                "[BitTorrent]",
                f"Session\\Port={peer_port}",
                f"Session\\DefaultSavePath={downloads}",
                "Session\\TempPathEnabled=false",
                "Session\\DHTEnabled=false",
                "Session\\LSDEnabled=false",
                "Session\\PeXEnabled=false",
                "Session\\Interface=lo",
                "Session\\InterfaceName=lo",
                "Session\\InterfaceAddress=127.0.0.1",
                "",
                "[Network]",
                "PortForwardingEnabled=false",
                "",
                "[Preferences]",
                "Connection\\ResolvePeerCountries=false",
                "General\\UseRandomPort=false",
                "WebUI\\Address=127.0.0.1",
                f"WebUI\\Port={web_port}",
                f"WebUI\\Username={USERNAME}",
                f'WebUI\\Password_PBKDF2="{password_hash(password)}"',
                "WebUI\\LocalHostAuth=true",
                "WebUI\\UseUPnP=false",
                "WebUI\\CSRFProtection=true",
                "WebUI\\HostHeaderValidation=true",
                f"WebUI\\MaxAuthenticationFailCount={max_fails}",
                "",
            ]
        )
    )


def _wait_ready(base_url: str, proc: subprocess.Popen, log: Path, timeout: float = 20.0) -> None:
    """Ready when app/version answers at all (403 without a session)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"qbittorrent-nox exited ({proc.returncode}): {log.read_text()[-2000:]}"
            )
        try:
            requests.get(f"{base_url}/api/v2/app/version", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError(f"qbittorrent-nox did not answer within {timeout}s")


def start(server: QbtServer) -> None:
    """(Re)start the daemon of `server` with its profile; replaces server.proc."""
    out = server.log.open("ab")
    server.proc = subprocess.Popen(
        [binary() or BINARY, f"--profile={server.profile}"],
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    out.close()
    _wait_ready(server.base_url, server.proc, server.log)


def stop(server: QbtServer) -> None:
    """Stop by pid: terminate, then kill if it will not go."""
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(10)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(10)


def restart(server: QbtServer) -> None:
    """Stop and start again with the same profile: every session it knew is gone."""
    stop(server)
    start(server)


@contextmanager
def run_qbittorrent(
    root: Path, password: str = "s3cret-pass", max_fails: int = 5
) -> Iterator[QbtServer]:
    """A qbittorrent-nox with its profile and downloads under `root`, stopped on exit."""
    root.mkdir(parents=True, exist_ok=True)
    profile, downloads = root / "profile", root / "downloads"
    downloads.mkdir(exist_ok=True)
    port = free_port()
    write_profile(profile, downloads, port, free_port(), password, max_fails)
    server = QbtServer(
        base_url=f"http://127.0.0.1:{port}",
        username=USERNAME,
        password=password,
        profile=profile,
        downloads=downloads,
        proc=None,  # type: ignore[arg-type]
        log=root / "qbittorrent.log",
    )
    start(server)
    try:
        yield server
    finally:
        stop(server)
