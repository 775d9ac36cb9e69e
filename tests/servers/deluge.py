"""A real deluged plus deluge-web on loopback for tests: profile in a temporary folder, free ports.

DHT, UPnP, NAT-PMP, PeX and LSD are off and the peer port is bound to 127.0.0.1, so a torrent
whose file is already in the download folder completes without any network. Both programs
run with `-q`: Deluge 2.0.3 on Python 3.11 floods stderr with a logging TypeError otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.fakes import free_port

DAEMON, WEB = "deluged", "deluge-web"
WEB_PASSWORD = "adminadmin"


@dataclass(frozen=True)
class DelugeServer:
    """A running daemon and web UI: the web URL, its password, folders and pids."""

    url: str  # the deluge-web base URL a DownloadClient row would hold
    password: str
    download_dir: Path
    config_dir: Path
    host_id: str
    daemon: subprocess.Popen
    web: subprocess.Popen  # stop either early with .terminate(); .wait(10)


def available() -> bool:
    return shutil.which(DAEMON) is not None and shutil.which(WEB) is not None


def _write(config_dir: Path, name: str, version: int, values: dict) -> None:
    # Deluge's .conf files are two JSON objects back to back: the format header, then the values.
    header = json.dumps({"file": version, "format": 1}, indent=4)
    (config_dir / name).write_text(header + json.dumps(values, indent=4))


def write_config(
    config_dir: Path,
    download_dir: Path,
    *,
    daemon_port: int,
    web_port: int,
    peer_port: int,
    label_plugin: bool,
    auto_connect: bool,
) -> str:
    """The profile before the first start; returns the daemon's host id in the host list."""
    config_dir.mkdir(parents=True, exist_ok=True)
    _write(config_dir, "core.conf", 1, {
        "daemon_port": daemon_port, "allow_remote": False,
        "download_location": str(download_dir),
        "listen_ports": [peer_port, peer_port], "random_port": False,
        "listen_interface": "127.0.0.1", "outgoing_interface": "lo",
        "dht": False, "upnp": False, "natpmp": False, "utpex": False, "lsd": False,
        "new_release_check": False, "send_info": False,
        "enabled_plugins": ["Label"] if label_plugin else [],
    })  # fmt: skip
    salt = hashlib.sha1(os.urandom(32)).hexdigest()
    host_id = uuid.uuid4().hex
    _write(config_dir, "web.conf", 2, {
        "port": web_port, "interface": "127.0.0.1", "https": False,
        "pwd_salt": salt,
        "pwd_sha1": hashlib.sha1((salt + WEB_PASSWORD).encode()).hexdigest(),
        "default_daemon": host_id if auto_connect else "",
        "first_login": False,
    })  # fmt: skip
    _write(config_dir, "hostlist.conf", 3, {
        "hosts": [[host_id, "127.0.0.1", daemon_port, "admin", "adminadmin"]],
    })  # fmt: skip
    auth = config_dir / "auth"
    auth.write_text("admin:adminadmin:10\n")
    auth.chmod(0o600)
    return host_id


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait(predicate, procs: list[subprocess.Popen], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before {what}")
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"Deluge: no {what} within {timeout}s")


def _web_answers(url: str) -> bool:
    try:
        requests.post(url + "/json", json={"method": "web.connected", "params": [], "id": 1},
                      timeout=2)  # fmt: skip
        return True
    except requests.RequestException:
        return False


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@contextmanager
def running_deluge(
    root: Path, *, label_plugin: bool = True, auto_connect: bool = True
) -> Iterator[DelugeServer]:
    """Start deluged and deluge-web with their profile under `root`; stop both by pid."""
    config_dir, download_dir = root / "config", root / "downloads"
    download_dir.mkdir(parents=True, exist_ok=True)
    daemon_port, web_port, peer_port = free_port(), free_port(), free_port()
    host_id = write_config(
        config_dir, download_dir, daemon_port=daemon_port, web_port=web_port,
        peer_port=peer_port, label_plugin=label_plugin, auto_connect=auto_connect,
    )  # fmt: skip
    procs: list[subprocess.Popen] = []
    url = f"http://127.0.0.1:{web_port}"
    try:
        with (root / "deluged.log").open("wb") as out:
            procs.append(subprocess.Popen(
                [DAEMON, "-d", "-q", "-c", str(config_dir), "-u", "127.0.0.1",
                 "-p", str(daemon_port), "-i", "127.0.0.1"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        _wait(lambda: _port_open(daemon_port), procs, "daemon port")
        with (root / "deluge-web.log").open("wb") as out:
            procs.append(subprocess.Popen(
                [WEB, "-d", "-q", "-c", str(config_dir), "-i", "127.0.0.1", "-p", str(web_port)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        _wait(lambda: _web_answers(url), procs, "web answer")
        yield DelugeServer(url, WEB_PASSWORD, download_dir, config_dir, host_id, *procs)
    finally:
        for proc in reversed(procs):
            _stop(proc)
