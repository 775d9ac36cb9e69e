"""Asking every eligible indexer at once: a bounded thread pool, one guarded call each.

The worker threads only run the clients' `search` (network and parsing, no database):
the rows, their clients and the provider statuses are read before, in the calling
thread, and each indexer's success or failure is recorded after, in the calling thread
too, so no thread opens a database connection of its own. Each client's own timeouts
bound its call; a straggler is no longer waited for after TOTAL_WAIT_S and is reported
as not having answered in time, so one slow or broken indexer neither fails nor delays
the others. That cut-off is ours, not the indexer's failure: nothing is recorded on its
status for it (its own client timeouts are what say an indexer is failing).

Before its search, an indexer whose stored capabilities are missing or stale has them
fetched in its worker thread (indexers.search.budget); the calling thread stores them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.utils import timezone

from indexers.checks import store_capabilities
from indexers.clients import KINDS
from indexers.clients.base import IndexerClient, SearchCriteria
from indexers.models import Indexer
from indexers.release import Release
from indexers.search.budget import (
    Asked,
    fetch_capabilities,
    limit_requests,
    needs_capabilities,
    search_worst_s,
)
from radarr_site.http.errors import IntegrationError
from radarr_site.models import ProviderStatus
from radarr_site.providers import is_own_rate_limit, record_failure, record_success

log = logging.getLogger(__name__)

MAX_WORKERS = 8
TOTAL_WAIT_S = 45.0  # no search waits longer than this for the slowest indexer
INTERACTIVE, AUTOMATIC = "interactive", "automatic"
_SWITCH = {INTERACTIVE: "enable_interactive_search", AUTOMATIC: "enable_automatic_search"}


@dataclass(frozen=True)
class IndexerOutcome:
    """How one indexer answered a search: its release count, or why it gave none."""

    indexer_id: int
    name: str
    count: int = 0
    error: str = ""  # the failure as a sentence, "" when it answered
    elapsed_ms: int = 0
    held: bool = False  # held off after earlier failures: not asked
    note: str = ""  # something to know about an answer, e.g. a search cut short

    @property
    def answered(self) -> bool:
        return not self.error and not self.held


def eligible_indexers(purpose: str) -> list[Indexer]:
    """Indexers whose switch for this purpose ("interactive" / "automatic") is on and
    whose kind is known, best priority first."""
    rows = Indexer.objects.filter(**{_SWITCH[purpose]: True}).order_by("priority", "name")
    return [row for row in rows if row.kind in KINDS]


def _held_until(indexers: Sequence[Indexer]) -> dict[int, Any]:
    """Each held-off indexer's `disabled_until`, from one query."""
    keys = {row.provider_key: row.pk for row in indexers}
    held = {}
    for status in ProviderStatus.objects.filter(key__in=keys):
        if status.state == ProviderStatus.OPEN:
            held[keys[status.key]] = status.disabled_until
    return held


def _ask(
    client: IndexerClient, criteria: SearchCriteria, fetch_caps: bool, deadline: float
) -> Asked:
    """Runs in a worker thread (no database): the capabilities first when asked to, then
    the client's search within `deadline`; what it found and how long it took. An error
    carries the time taken and any capabilities fetched before it."""
    started = time.monotonic()
    asked = Asked(releases=[], seconds=0.0)
    try:
        if fetch_caps:
            asked.capabilities = fetch_capabilities(client)
        limit_requests(client, deadline)
        asked.releases = client.search(criteria)
        asked.cut_short = client.cut_short
    except Exception as error:
        error.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
        error.capabilities = asked.capabilities  # type: ignore[attr-defined]
        raise
    finally:
        # Clients never use the ORM; should one ever do, this thread's connection must
        # not outlive the search (threads are not Django's request cycle).
        connections.close_all()
    asked.seconds = time.monotonic() - started
    return asked


def _failure_text(error: BaseException) -> str:
    if isinstance(error, IntegrationError):
        return str(error) or type(error).__name__
    return f"Unexpected error: {type(error).__name__}: {error}"


def query_indexers(
    indexers: Sequence[Indexer], criteria: SearchCriteria, *, purpose: str = AUTOMATIC
) -> tuple[list[Release], list[IndexerOutcome]]:
    """Search every indexer given at once; return every release and one outcome per
    indexer (in the order given). Failures are recorded on each indexer's provider status
    and never raised; `purpose` only names the search in the log."""
    outcomes: dict[int, IndexerOutcome] = {}
    held = _held_until(indexers)
    clients: dict[int, IndexerClient] = {}
    for row in indexers:
        if row.pk in held:
            until = timezone.localtime(held[row.pk])
            outcomes[row.pk] = IndexerOutcome(
                row.pk, row.name, error=f"held off until {until:%H:%M}", held=True
            )
            continue
        try:
            clients[row.pk] = row.client()
        except Exception as error:  # unreadable options: the indexer's own problem
            log.warning("%s: could not build its client: %s", row.name, error)
            outcomes[row.pk] = IndexerOutcome(row.pk, row.name, error=_failure_text(error))

    releases: list[Release] = []
    if clients:
        pool = ThreadPoolExecutor(
            max_workers=min(MAX_WORKERS, len(clients)), thread_name_prefix="search"
        )
        futures: dict[Future, Indexer] = {}
        started = time.monotonic()
        deadline = started + TOTAL_WAIT_S
        now = timezone.now()
        for row in indexers:
            if row.pk in clients:
                client = clients[row.pk]
                worst = search_worst_s(client, criteria)
                if worst > TOTAL_WAIT_S:
                    log.info(
                        "%s: its search could take %g s, more than the %g s a search waits;"
                        " its requests stop when time runs short",
                        row.name,
                        worst,
                        TOTAL_WAIT_S,
                    )
                job = pool.submit(_ask, client, criteria, needs_capabilities(row, now), deadline)
                futures[job] = row
        done, pending = wait(futures, timeout=TOTAL_WAIT_S)
        # Never join a straggler: its thread ends on its own client timeout.
        pool.shutdown(wait=False, cancel_futures=True)
        for future in done:
            row = futures[future]
            outcomes[row.pk] = _record(row, future, releases)
        for future in pending:
            # Our own cut-off, not the indexer's failure: nothing is recorded on its
            # status (its thread ends on its client's own timeout, unrecorded).
            row = futures[future]
            elapsed = int((time.monotonic() - started) * 1000)
            outcomes[row.pk] = IndexerOutcome(
                row.pk,
                row.name,
                error=f"{row.name} did not answer within {TOTAL_WAIT_S:g} s",
                elapsed_ms=elapsed,
            )
    ordered = [outcomes[row.pk] for row in indexers]
    log.info(
        "%s search for %s: %s",
        purpose.capitalize(),
        criteria.title,
        ", ".join(f"{o.name}: {o.error or o.count}" for o in ordered) or "no indexer",
    )
    return releases, ordered


def _record(row: Indexer, future: Future, releases: list[Release]) -> IndexerOutcome:
    """One finished call, recorded on the indexer's provider status (calling thread)."""
    error = future.exception()
    caps = future.result().capabilities if error is None else getattr(error, "capabilities", None)
    if caps is not None:
        store_capabilities(row, caps)
    if error is None:
        asked = future.result()
        record_success(row.provider_key, row.name)
        releases.extend(asked.releases)
        note = (
            f"stopped asking to answer within {TOTAL_WAIT_S:g} s; results may be incomplete"
            if asked.cut_short
            else ""
        )
        return IndexerOutcome(
            row.pk,
            row.name,
            count=len(asked.releases),
            elapsed_ms=int(asked.seconds * 1000),
            note=note,
        )
    elapsed_ms = int(getattr(error, "elapsed", 0) * 1000)
    if not isinstance(error, IntegrationError):
        log.error("%s: search crashed", row.name, exc_info=error)
    if not is_own_rate_limit(error):
        record_failure(row.provider_key, row.name, error)
    return IndexerOutcome(row.pk, row.name, error=_failure_text(error), elapsed_ms=elapsed_ms)
