"""The rate limit is one bucket for every process: two processes together stay under it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.http.conftest import Reply

ROOT = Path(__file__).resolve().parents[2]
RATE = 5
EACH = 10

# Each process waits for a shared start time so that both hit the bucket at once.
CALLER = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from radarr_site.http import HttpClient

    url, start_at, count, rate = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(
        sys.argv[4]
    )
    client = HttpClient("shared", url, rate_per_second=rate, retries=0)
    time.sleep(max(0.0, start_at - time.time()))
    for number in range(count):
        client.request("GET", f"/call/{number}")
    """
)


def run_callers(url: str, data_dir: Path, processes: int) -> list[subprocess.CompletedProcess]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "radarr_site.settings",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir}/radarr.sqlite3",
    }
    env.pop("TEST_DATABASE_URL", None)
    start_at = str(time.time() + 2.5)
    running = [
        subprocess.Popen(
            [sys.executable, "-c", CALLER, url, start_at, str(EACH), str(RATE)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    results = []
    for process in running:
        out, err = process.communicate(timeout=60)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def busiest_second(times: list[float]) -> int:
    """The most requests seen in any one-second window starting at a request."""
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


@pytest.mark.slow
def test_two_processes_share_one_rate_limit_bucket(service, tmp_path):
    for number in range(EACH):
        service.reply(f"/call/{number}", Reply())

    results = run_callers(service.url, tmp_path, processes=2)

    for result in results:
        assert result.returncode == 0, result.stderr
    times = [seen.at for seen in service.seen]
    assert len(times) == 2 * EACH
    # 20 calls at 5 per second: the first 5 at once, then 5 more each second.
    assert max(times) - min(times) >= (2 * EACH / RATE) - 1 - 0.2
    # The bucket stamps a call when it leaves the caller; on a busy machine it can reach the
    # server a little later, bunching up with the next second's calls. Two processes each
    # with their own bucket would put 2 * RATE calls in the first second.
    assert busiest_second(times) <= RATE + 2
