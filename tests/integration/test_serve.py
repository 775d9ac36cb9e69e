"""`manage.py serve` runs gunicorn and the task cluster together and stops them together."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.integration.conftest import (
    ROOT,
    descendants,
    free_port,
    is_running,
    manage,
    site_env,
    skip_on_postgres,
    stop_process_tree,
    wait_for_http,
    wait_until,
)

pytestmark = [pytest.mark.slow, skip_on_postgres]


class Served:
    """A running `manage.py serve` with its output captured in a file."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(self.port), "--workers", "1"],
            cwd=ROOT,
            env=site_env(data_dir, Q_WORKERS="1"),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.pids: set[int] = set()

    def children(self) -> dict[str, int]:
        """pid of the gunicorn master and of the qcluster, by name."""
        found = {}
        for pid in descendants(self.process.pid):
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"gunicorn" in cmdline and "web" not in found:
                found["web"] = pid
            if b"qcluster" in cmdline and "tasks" not in found:
                found["tasks"] = pid
        return found

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def served(site_dir, tmp_path):
    server = Served(site_dir, tmp_path / "serve.log")
    wait_for_http(server.url + "accounts/first-run/", server.process)
    assert wait_until(lambda: len(server.children()) == 2, timeout=15), server.output()
    server.pids = descendants(server.process.pid)
    yield server
    stop_process_tree(server.process, server.pids | descendants(server.process.pid))


def progress_total(data_dir: Path, name: str) -> int | None:
    with sqlite3.connect(data_dir / "radarr.sqlite3", timeout=10) as db:
        row = db.execute(
            "SELECT total FROM radarr_site_taskprogress WHERE name = ?", (name,)
        ).fetchone()
    return row[0] if row else None


def test_serve_answers_with_the_first_run_page(served):
    response = requests.get(served.url + "accounts/first-run/", timeout=10)

    assert response.status_code == 200
    assert "<h1>Welcome</h1>" in response.text
    assert f"running at {served.url}" in served.output()


def test_serve_runs_a_task_cluster_that_executes_queued_tasks(served, site_dir):
    manage(
        site_dir,
        "shell",
        "-c",
        "from django_q.tasks import async_task;"
        "async_task('radarr_site.progress.start', 'serve-check', 7)",
    )

    assert wait_until(lambda: progress_total(site_dir, "serve-check") == 7, timeout=30), (
        served.output()
    )


def test_ctrl_c_stops_web_and_tasks_and_exits_cleanly(served):
    served.process.send_signal(signal.SIGINT)

    assert served.process.wait(timeout=40) == 0, served.output()
    assert not [pid for pid in served.pids if is_running(pid)]


def test_serve_stops_the_web_server_and_fails_when_the_task_cluster_dies(served):
    web = served.children()["web"]
    tasks = served.children()["tasks"]

    os.kill(tasks, signal.SIGKILL)

    assert served.process.wait(timeout=40) != 0
    assert "tasks process exited" in served.output()
    assert wait_until(lambda: not is_running(web), timeout=10)
    assert wait_until(lambda: not [pid for pid in served.pids if is_running(pid)], timeout=10)
