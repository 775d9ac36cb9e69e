"""One indexer's part of a search, in its worker thread: its capabilities fetched first
when the stored ones are missing or stale, and its requests kept within the search's wait.

Capabilities are stored only by a Test or a Refresh, so most indexers would otherwise be
searched with the defaults (which assume imdbid). An indexer whose capabilities are older
than CAPS_MAX_AGE has them fetched in its worker thread right before its search; failing
to get them never fails the search (the defaults are used). They are stored afterwards by
the calling thread (worker threads never use the ORM).

A Newznab-family search makes one request per query per page, one after another: a few
alternative titles x MAX_PAGES x the read timeout can run far past the search's wait.
Each request is started only while the time left still covers one request's worst case
(connect + read timeout); the first always goes. A search cut short returns what its
earlier requests found and says so.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from indexers.clients.base import Capabilities, IndexerClient, SearchCriteria
from indexers.clients.newznab.client import MAX_PAGES, NewznabFamily
from indexers.release import Release

log = logging.getLogger(__name__)

CAPS_MAX_AGE = timedelta(days=7)


@dataclass
class Asked:
    """What one worker thread brings back: releases, time taken, capabilities it fetched
    (None when it did not fetch or could not), and whether its requests were cut short."""

    releases: list[Release]
    seconds: float
    capabilities: Capabilities | None = None
    cut_short: bool = False


def needs_capabilities(row: Any, now: datetime) -> bool:
    """Has the indexer no stored capabilities, or ones older than CAPS_MAX_AGE?"""
    return (
        not row.capabilities
        or row.capabilities_at is None
        or (now - row.capabilities_at > CAPS_MAX_AGE)
    )


def fetch_capabilities(client: IndexerClient) -> Capabilities | None:
    """The indexer's capabilities, now in its client's config; None (defaults kept) when
    they could not be fetched."""
    try:
        caps = client.capabilities()
    except Exception as error:  # the search goes on with the defaults
        log.warning("%s: could not fetch its capabilities: %s", client.config.name, error)
        return None
    client.config = dataclasses.replace(client.config, capabilities=caps)
    return caps


def request_worst_s(client: IndexerClient) -> float:
    """How long one request of the client may take at worst: connect + read timeout."""
    timeout = getattr(client, "timeout", (5.0, 30.0))
    return float(sum(timeout)) if isinstance(timeout, tuple) else float(timeout)


def search_worst_s(client: IndexerClient, criteria: SearchCriteria) -> float:
    """Sequential requests x pages x one request's worst case, for a Newznab-family
    client (others make one request: its worst case)."""
    if not isinstance(client, NewznabFamily):
        return request_worst_s(client)
    queries = max(1, len(criteria.build_query(client.caps())))
    return queries * MAX_PAGES * request_worst_s(client)


def limit_requests(client: IndexerClient, deadline: float) -> None:
    """Give the client the search's deadline (time.monotonic()): a kind that makes
    several requests (the Newznab family) starts none that could outlast it and says so
    through `client.cut_short`."""
    client.deadline = deadline
    client.cut_short = False
