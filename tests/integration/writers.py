"""Task functions for the concurrency test: many short write transactions in a loop.

Run by real django-q2 workers (imported by dotted path), so they live in a plain module.
"""

from __future__ import annotations

import time

from django.db import transaction

from movies.models import Tag
from radarr_site import progress


def write_tags(prefix: str, count: int, pause: float) -> int:
    """Create `count` tags, each in its own short transaction that reads before it writes."""
    for number in range(count):
        label = f"{prefix}-{number:04d}"
        # Read then write in one transaction: the pattern that fails with "database is
        # locked" on SQLite when a deferred transaction upgrades its lock.
        with transaction.atomic():
            if not Tag.objects.filter(label=label).exists():
                Tag.objects.create(label=label)
        progress.advance("concurrency")
        time.sleep(pause)
    return count
