"""System → Logs: the newest entries of the log file, read backwards from its end."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from radarr_site.accounts.decorators import admin_required

LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
# Matches the "line" formatter in settings.LOGGING: "<date> <time> LEVEL logger: message".
ENTRY = re.compile(r"^(\S+ \S+) (DEBUG|INFO|WARNING|ERROR|CRITICAL) ([^:]+): ?(.*)$")
CHUNK = 64 * 1024
MAX_BYTES = 4 * 1024 * 1024  # never read more than this from the end, however few lines match


@dataclass
class LogEntry:
    """One log record; `extra` holds its continuation lines (a traceback)."""

    time: str
    level: str
    logger: str
    message: str
    extra: list[str] = field(default_factory=list)


def read_tail_lines(path: Path, max_bytes: int = MAX_BYTES) -> list[str]:
    """The file's last lines, at most `max_bytes` of it, read in chunks from the end (disk I/O)."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        start = max(0, end - max_bytes)
        chunks: list[bytes] = []
        position = end
        while position > start:
            size = min(CHUNK, position - start)
            position -= size
            handle.seek(position)
            chunks.append(handle.read(size))
    data = b"".join(reversed(chunks))
    lines = data.decode("utf-8", errors="replace").splitlines()
    if start > 0 and lines:
        lines = lines[1:]  # the first line is cut in the middle
    return lines


def parse_entries(lines: list[str]) -> list[LogEntry]:
    """Group lines into entries, oldest first; lines before the first entry are dropped."""
    entries: list[LogEntry] = []
    for line in lines:
        match = ENTRY.match(line)
        if match:
            entries.append(LogEntry(*match.groups()))
        elif entries:
            entries[-1].extra.append(line)
    return entries


def newest_entries(path: Path, limit: int, min_level: str = "DEBUG") -> list[LogEntry]:
    """Up to `limit` entries at or above `min_level`, newest first (reads the file's end)."""
    floor = LEVELS.index(min_level) if min_level in LEVELS else 0
    entries = parse_entries(read_tail_lines(path))
    wanted = [e for e in reversed(entries) if LEVELS.index(e.level) >= floor]
    return wanted[:limit]


@admin_required
def logs(request: HttpRequest) -> HttpResponse:
    path = Path(settings.LOG_FILE)
    level = request.GET.get("level", "INFO").upper()
    if level not in LEVELS:
        level = "INFO"
    try:
        limit = max(10, min(int(request.GET.get("limit", 200)), 2000))
    except ValueError:
        limit = 200
    missing = not path.is_file()
    entries = [] if missing else newest_entries(path, limit, level)
    context = {
        "entries": entries,
        "missing": missing,
        "path": path,
        "level": level,
        "levels": LEVELS,
        "limit": limit,
    }
    return render(request, "system/logs.html", context)


@admin_required
def download(request: HttpRequest) -> FileResponse:
    path = Path(settings.LOG_FILE)
    if not path.is_file():
        raise Http404("There is no log file yet.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)
