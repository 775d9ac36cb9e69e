"""Rate limits shared by every process: one SQLite bucket file in DATA_DIR, guarded by a file lock.

A per-process limiter would let the web process and each task worker spend the whole
allowance on their own; the bucket lives on disk so they all draw from the same one.
"""

from __future__ import annotations

import re

from django.conf import settings
from pyrate_limiter import SQLiteBucket
from requests_ratelimiter import LimiterAdapter


def bucket_table(name: str) -> str:
    return "bucket_" + re.sub(r"[^a-zA-Z0-9_]", "_", name)


def limited_adapter(
    name: str, per_second: float, max_wait: float, *, per_minute: int = 0, **adapter_kwargs
) -> LimiterAdapter:
    """An HTTPAdapter that waits for a token from the shared bucket named `name` before each call.

    `per_second` may be fractional (0.2 = one call every five seconds, evenly spaced).
    `per_minute` is a budget per rolling minute instead: that many calls may go at once
    (an indexer's "30 requests a minute" lets a search's few queries run without waiting).
    A call that would have to wait longer than `max_wait` seconds fails with a timeout
    instead of hanging.
    """
    # requests-ratelimiter turns `burst` into the window: per_second * burst calls per burst
    # seconds, so a fractional rate becomes one call per 1/per_second seconds, no bursts.
    burst = 1.0 if not per_second or per_second >= 1 else 1.0 / per_second
    return LimiterAdapter(
        per_second=per_second,
        per_minute=per_minute,
        burst=burst,
        bucket_class=SQLiteBucket,
        bucket_kwargs={
            "path": str(settings.RATE_LIMIT_DB),
            "table": bucket_table(name),
            "use_file_lock": True,
        },
        bucket_name=name,
        per_host=False,
        max_delay=max_wait,
        limit_statuses=(429,),
        **adapter_kwargs,
    )
