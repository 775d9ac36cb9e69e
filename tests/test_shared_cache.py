"""The cache is shared by every process: what a task worker caches, the web process reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parent.parent

WRITER = (
    "import django; django.setup(); from django.core.cache import cache; "
    "cache.set('tmdb:image-base:shared-test', 'http://img.example/t/p/', 60)"
)


def test_a_value_cached_by_another_process_is_read_here():
    cache.delete("tmdb:image-base:shared-test")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATA_DIR": str(settings.DATA_DIR),
    }
    subprocess.run([sys.executable, "-c", WRITER], cwd=ROOT, env=env, check=True, timeout=120)

    assert cache.get("tmdb:image-base:shared-test") == "http://img.example/t/p/"
