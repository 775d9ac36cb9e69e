"""On SQLite, the web server and two task clusters writing at once never hit "database is locked".

Radarr's users meet that error as HTTP 500s. Here gunicorn (through `manage.py serve`, which
also starts one qcluster) and a second `manage.py qcluster` write to the same SQLite file in
WAL mode while signed-in admin sessions add tags through the Django admin.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.fakes import free_port
from tests.integration.conftest import (
    ROOT,
    descendants,
    manage,
    site_env,
    skip_on_postgres,
    stop_process_tree,
    wait_for_http,
    wait_until,
)

pytestmark = [pytest.mark.slow, skip_on_postgres]

PASSWORD = "Concurrency-test-pw-9"
TASKS, TAGS_PER_TASK = 6, 120
WEB_SECONDS, WEB_THREADS = 8.0, 3


def start(args: list[str], data_dir: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=site_env(data_dir, Q_WORKERS="2"),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def signed_in_admin(base_url: str) -> requests.Session:
    session = requests.Session()
    session.get(base_url + "accounts/sign-in/", timeout=30)
    response = session.post(
        base_url + "accounts/sign-in/",
        data={
            "username": "admin",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def add_tags_through_the_admin(base_url: str, worker: int, outcomes: list, labels: list) -> None:
    """Post the admin's add-tag form for WEB_SECONDS; note each answer ("saved" or what else)."""
    try:
        session = signed_in_admin(base_url)
        deadline = time.monotonic() + WEB_SECONDS
        number = 0
        while time.monotonic() < deadline:
            label = f"web{worker}-{number:04d}"
            response = session.post(
                base_url + "admin/movies/tag/add/",
                data={"label": label, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                timeout=60,
                allow_redirects=False,
            )
            # The admin answers a saved add form with a redirect to the tag list.
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.endswith("/admin/movies/tag/"):
                outcomes.append("saved")
                labels.append(label)
            else:
                outcomes.append(f"HTTP {response.status_code} {location}")
            number += 1
    except Exception as exc:  # a thread's failure must reach the test's assertions
        outcomes.append(repr(exc))


def scalar(data_dir: Path, sql: str, *params) -> int:
    with sqlite3.connect(data_dir / "radarr.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchone()[0]


@pytest.fixture
def running_site(site_dir, tmp_path):
    manage(
        site_dir,
        "createsuperuser",
        "--noinput",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    port = free_port()
    logs = [tmp_path / "serve.log", tmp_path / "qcluster.log"]
    processes = [
        start(["serve", "--port", str(port), "--workers", "2"], site_dir, logs[0]),
        start(["qcluster"], site_dir, logs[1]),
    ]
    base_url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(base_url + "admin/login/", processes[0])
        yield base_url, logs
    finally:
        for process in processes:
            stop_process_tree(process, descendants(process.pid))


def test_web_and_two_task_clusters_write_at_once_without_database_locked(running_site, site_dir):
    base_url, logs = running_site
    manage(
        site_dir,
        "shell",
        "-c",
        "from django_q.tasks import async_task\n"
        "from radarr_site import progress\n"
        f"progress.start('concurrency', {TASKS * TAGS_PER_TASK})\n"
        f"for n in range({TASKS}):\n"
        f"    async_task('tests.integration.writers.write_tags', f'task{{n}}', {TAGS_PER_TASK},"
        " 0.01)\n",
    )
    outcomes: list[str] = []
    web_labels: list[str] = []
    threads = [
        threading.Thread(
            target=add_tags_through_the_admin, args=(base_url, n, outcomes, web_labels)
        )
        for n in range(WEB_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WEB_SECONDS + 120)

    finished = wait_until(
        lambda: scalar(site_dir, "SELECT COUNT(*) FROM django_q_task") == TASKS, timeout=60
    )

    output = "\n".join(log.read_text(errors="replace") for log in logs)
    app_log = site_dir / "logs" / "radarr.log"
    output += app_log.read_text(errors="replace") if app_log.exists() else ""
    assert "database is locked" not in output.lower()
    assert outcomes and set(outcomes) == {"saved"}, f"web answers: {sorted(set(outcomes))}"
    assert len(web_labels) >= 10 * WEB_THREADS  # the web really wrote throughout
    assert finished, output[-3000:]
    assert scalar(site_dir, "SELECT COUNT(*) FROM django_q_task WHERE success = 1") == TASKS
    task_tags = scalar(site_dir, "SELECT COUNT(*) FROM movies_tag WHERE label LIKE 'task%'")
    assert task_tags == TASKS * TAGS_PER_TASK
    stored_web = {
        row[0]
        for row in sqlite3.connect(site_dir / "radarr.sqlite3").execute(
            "SELECT label FROM movies_tag WHERE label LIKE 'web%'"
        )
    }
    assert stored_web == set(web_labels)
    done = scalar(site_dir, "SELECT done FROM radarr_site_taskprogress WHERE name = 'concurrency'")
    assert done == TASKS * TAGS_PER_TASK
    assert not re.search(r"Traceback", output), output[-3000:]
