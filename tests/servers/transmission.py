"""A real transmission-daemon on loopback for tests: a profile in a temporary folder, free ports.

Everything that could leave the machine is off (DHT, LPD, PeX, uTP, port forwarding) and the
peer port is bound to 127.0.0.1, so a torrent whose file is already in the download folder
completes without any network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.fakes import free_port

BINARY = "transmission-daemon"
USERNAME, PASSWORD = "admin", "adminadmin"


@dataclass(frozen=True)
class TransmissionServer:
    """A running daemon: where its RPC answers, its credentials and its folders."""

    url: str  # the base URL a DownloadClient row would hold
    username: str
    password: str
    download_dir: Path
    log: Path
    proc: subprocess.Popen  # stop it early with proc.terminate(); proc.wait(10)

    @property
    def pid(self) -> int:
        return self.proc.pid


def available() -> bool:
    return shutil.which(BINARY) is not None


def write_settings(config_dir: Path, download_dir: Path, rpc_port: int, peer_port: int) -> None:
    """settings.json before the first start (missing keys take Transmission's defaults)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    settings = {
        "rpc-enabled": True,
        "rpc-bind-address": "127.0.0.1",
        "rpc-port": rpc_port,
        "rpc-url": "/transmission/",
        "rpc-authentication-required": True,
        "rpc-username": USERNAME,
        "rpc-password": PASSWORD,
        "rpc-whitelist-enabled": True,
        "rpc-whitelist": "127.0.0.1,::1",
        "rpc-host-whitelist-enabled": False,
        "download-dir": str(download_dir),
        "incomplete-dir-enabled": False,
        "bind-address-ipv4": "127.0.0.1",
        "bind-address-ipv6": "::1",
        "peer-port": peer_port,
        "peer-port-random-on-start": False,
        "port-forwarding-enabled": False,
        "dht-enabled": False,
        "lpd-enabled": False,
        "pex-enabled": False,
        "utp-enabled": False,
        "blocklist-enabled": False,
        "message-level": 2,
    }
    (config_dir / "settings.json").write_text(json.dumps(settings, indent=2))


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Until the RPC answers at all (its first answer is a 401 or a 409)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{BINARY} exited with code {proc.returncode} before answering")
        try:
            requests.post(url + "/transmission/rpc", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError(f"{BINARY} did not answer at {url} within {timeout}s")


@contextmanager
def running_transmission(root: Path) -> Iterator[TransmissionServer]:
    """Start transmission-daemon with its profile under `root`; stop it by pid afterwards."""
    config_dir, download_dir = root / "config", root / "downloads"
    download_dir.mkdir(parents=True, exist_ok=True)
    rpc_port, peer_port = free_port(), free_port()
    write_settings(config_dir, download_dir, rpc_port, peer_port)
    log = root / "transmission.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [BINARY, "-f", "-g", str(config_dir), "--log-info"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{rpc_port}"
    try:
        wait_ready(url, proc)
        yield TransmissionServer(url, USERNAME, PASSWORD, download_dir, log, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
