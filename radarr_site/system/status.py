"""System → Status: what runs where (versions, database, data folder, disk space, uptime)."""

from __future__ import annotations

import os
import platform
import time
from datetime import timedelta

import django
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from movies.models import Movie, RootFolder
from radarr_site import __version__
from radarr_site.accounts.decorators import admin_required
from radarr_site.health import sqlite_journal_mode

_IMPORTED_AT = time.time()


def process_started_at() -> float:
    """This process's start time (epoch seconds) from /proc on Linux, else module import time."""
    try:
        with open("/proc/self/stat") as stat:
            # The command name (field 2) may hold spaces; fields after its ")" are fixed.
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])
        with open("/proc/stat") as proc_stat:
            boot = next(int(line.split()[1]) for line in proc_stat if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return _IMPORTED_AT


def database_facts() -> dict:
    """Engine name, plus the file and journal mode for SQLite (reads the database)."""
    facts = {"vendor": connection.vendor, "name": str(connection.settings_dict.get("NAME", ""))}
    if connection.vendor == "sqlite":
        facts["journal_mode"] = sqlite_journal_mode()
    else:
        facts["host"] = connection.settings_dict.get("HOST") or "local socket"
    return facts


@admin_required
def status(request: HttpRequest) -> HttpResponse:
    uptime = timedelta(seconds=int(time.time() - process_started_at()))
    context = {
        "version": __version__,
        "python_version": platform.python_version(),
        "django_version": django.get_version(),
        "database": database_facts(),
        "data_dir": settings.DATA_DIR,
        "log_file": settings.LOG_FILE,
        "root_folders": RootFolder.objects.all(),
        "uptime": uptime,
        "movie_count": Movie.objects.count(),
    }
    return render(request, "system/status.html", context)
