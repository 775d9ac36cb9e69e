"""Two worker processes grabbing the same release at the same moment: one Download, one add.

The database constraint decides: each process reserves the Download row before it asks
the client, so the loser fails on the insert and never sends the release.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from urllib.parse import quote

import pytest
from django.db import connection

from downloads.models import Download, DownloadClient, History
from tests.integration.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WORKER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from pytest import MonkeyPatch
    from tests.fakes.download_client import install, make_release
    from downloads.grab import AlreadyGrabbed, grab
    from downloads.models import DownloadClient
    from movies.models import Movie

    install(MonkeyPatch())
    movie, client = Movie.objects.get(), DownloadClient.objects.get()
    go, ready = sys.argv[1], sys.argv[2]
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.005)
    try:
        download = grab(movie, make_release())
    except AlreadyGrabbed:
        print("already")
    else:
        print("grabbed", download.pk)
    """
)


def database_url() -> str:
    """The test database as a URL the worker processes can open."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = f"{quote(s['USER'])}:{quote(s['PASSWORD'])}@" if s.get("USER") else ""
    return f"postgres://{auth}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def movie(seeded_qualities, root_folder):
    from movies.models import Movie, QualityProfile

    return Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        quality_profile=QualityProfile.objects.first(),
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )


def test_two_processes_grabbing_the_same_release_send_it_once(movie, tmp_path):
    add_log = tmp_path / "adds.log"
    DownloadClient.objects.create(
        name="Fake", kind="fake", base_url="http://127.0.0.1:1", options={"add_log": str(add_log)}
    )
    go = tmp_path / "go"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "TEST_DATABASE_URL": database_url(),
        "PYTHONPATH": str(ROOT),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go), str(tmp_path / f"ready{n}")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    deadline = time.monotonic() + 60
    # Both have set Django up and loaded their rows: release them together.
    while not all((tmp_path / f"ready{n}").exists() for n in range(2)):
        assert time.monotonic() < deadline, "the workers did not start"
        assert all(w.poll() is None for w in workers), "a worker exited early"
        time.sleep(0.05)
    go.touch()
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err[-2000:]
        outputs.append(out.split()[0])

    assert sorted(outputs) == ["already", "grabbed"]
    assert Download.objects.count() == 1
    assert History.objects.filter(event=History.Event.GRABBED).count() == 1
    assert add_log.read_text().splitlines() == ["The.Matrix.1999.1080p.BluRay.x264-GRP"]
