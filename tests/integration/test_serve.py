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

from tests.fakes import free_port
from tests.integration.conftest import (
    ROOT,
    copy_site,
    descendants,
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
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(self.port), "--workers", "1"],
            cwd=ROOT,
            env=site_env(data_dir, Q_WORKERS="1"),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.pids: set[int] = set()

    def children(self) -> dict[str, int]:
        """pid of the gunicorn master and of the qcluster, by name.

        Only serve's own children count: gunicorn's and django-q's workers carry the same
        command line as their master, and killing a worker only makes its master replace it.
        """
        found = {}
        for pid in descendants(self.process.pid):
            if parent_of(pid) != self.process.pid:
                continue
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"gunicorn" in cmdline and "web" not in found:
                found["web"] = pid
            if b"qcluster" in cmdline and "tasks" not in found:
                found["tasks"] = pid
        return found

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    return int(stat.rsplit(")", 1)[1].split()[1])


def start_served(data_dir: Path, log: Path) -> Served:
    server = Served(data_dir, log)
    wait_for_http(server.url + "accounts/first-run/", server.process)
    assert wait_until(lambda: len(server.children()) == 2, timeout=15), server.output()
    server.pids = descendants(server.process.pid)
    return server


@pytest.fixture(scope="module")
def served(migrated_site, tmp_path_factory):
    """One running app shared by the tests that only look at it."""
    folder = tmp_path_factory.mktemp("served")
    server = start_served(copy_site(migrated_site, folder / "data"), folder / "serve.log")
    yield server
    stop_process_tree(server.process, server.pids | descendants(server.process.pid))


@pytest.fixture
def own_served(site_dir, tmp_path):
    """A running app for a test that stops or breaks it."""
    server = start_served(site_dir, tmp_path / "serve.log")
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


def test_the_access_log_masks_the_api_key_overseerr_sends_in_the_query(served):
    secret = "0123456789abcdef0123456789abcdef"
    requests.get(served.url + f"api/v3/system/status?apikey={secret}", timeout=10)

    assert wait_until(lambda: "api/v3/system/status" in served.output(), timeout=10)
    assert secret not in served.output()
    assert "apikey=***" in served.output()


def test_serve_runs_a_task_cluster_that_executes_queued_tasks(served):
    manage(
        served.data_dir,
        "shell",
        "-c",
        "from django_q.tasks import async_task;"
        "async_task('radarr_site.progress.start', 'serve-check', 7)",
    )

    assert wait_until(lambda: progress_total(served.data_dir, "serve-check") == 7, timeout=30), (
        served.output()
    )


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stop_signal_stops_web_and_tasks_and_exits_cleanly(own_served, signum):
    own_served.process.send_signal(signum)

    assert own_served.process.wait(timeout=40) == 0, own_served.output()
    assert not [pid for pid in own_served.pids if is_running(pid)]


def test_serve_stops_the_web_server_and_fails_when_the_task_cluster_dies(own_served):
    web = own_served.children()["web"]
    tasks = own_served.children()["tasks"]

    os.kill(tasks, signal.SIGKILL)

    assert own_served.process.wait(timeout=40) != 0
    assert "tasks process exited" in own_served.output()
    assert wait_until(lambda: not is_running(web), timeout=10)
    assert wait_until(lambda: not [pid for pid in own_served.pids if is_running(pid)], timeout=10)


def test_serve_refuses_a_database_that_needs_migrating(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()

    result = subprocess.run(
        [sys.executable, "manage.py", "serve", "--port", str(free_port())],
        cwd=ROOT,
        env=site_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "the database needs migrating first" in result.stderr
