"""Helpers for tests that start the real app as processes: a migrated DATA_DIR, free ports.

These tests run the production settings (radarr_site.settings) in child processes against
a SQLite file in a temporary DATA_DIR, never the pytest database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def site_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an app process using `data_dir` (production settings, SQLite)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "radarr_site.settings",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir}/radarr.sqlite3",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",
        **extra,
    }
    for name in ("TEST_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def manage(data_dir: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=site_env(data_dir, **extra_env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    """Poll `url` until it answers; fail early if the process serving it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode} before answering")
        try:
            requests.get(url, timeout=5, allow_redirects=False)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url} within {timeout}s")


def wait_until(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc), so a test can check none outlives it."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            text = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        for child in map(int, text.split()):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def is_running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def stop_process_tree(process: subprocess.Popen, pids: set[int]) -> None:
    """Clean-up after a failed test: stop the process and anything it left, by pid."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in pids:
        if is_running(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def migrated_site(tmp_path_factory) -> Path:
    """A DATA_DIR migrated and with static files collected once for the whole session."""
    data_dir = tmp_path_factory.mktemp("site-template")
    manage(data_dir, "migrate", "--noinput", "-v", "0")
    manage(data_dir, "collectstatic", "--noinput", "-v", "0")
    return data_dir


def copy_site(template: Path, data_dir: Path) -> Path:
    """A private copy of a migrated DATA_DIR; the collected static files are shared, read-only."""
    shutil.copytree(template, data_dir, ignore=shutil.ignore_patterns("static"))
    (data_dir / "static").symlink_to(template / "static", target_is_directory=True)
    return data_dir


@pytest.fixture
def site_dir(migrated_site, tmp_path) -> Path:
    """A private copy of the migrated DATA_DIR for one test."""
    return copy_site(migrated_site, tmp_path / "data")


skip_on_postgres = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="starts processes on a SQLite DATA_DIR; runs in the SQLite pass",
)
