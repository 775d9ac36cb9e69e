"""Searching every wanted movie (Wanted → Missing / Cutoff unmet), one at a time.

Movies are searched one by one with a pause between them so the indexers are not
hammered; the run stops early when every indexer is held off (going on would only
fail). Progress is kept under PROGRESS_KEY for the Wanted page to poll, and that record
doubles as the lock: a second run is refused while one is running (a run that stopped
updating for STALE_AFTER is taken as dead), whichever process asks.

A big library takes longer than django-q's task timeout, so each task run has a time
budget (RUN_BUDGET_S): when it runs out, the movies left are queued as a new task that
carries the counts so far and keeps the claim and the progress record (RUNNING).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from indexers.search.service import automatic_search
from radarr_site import progress
from radarr_site.models import TaskProgress

log = logging.getLogger(__name__)

PROGRESS_KEY = "wanted-search"
PAUSE_S = 2.0  # between two movies; tests set it to 0
STALE_AFTER = timedelta(minutes=10)  # a running record not updated for this long is dead
RUN_BUDGET_S = 20 * 60.0  # one task run's share; django-q kills a task after 1800 s
KINDS = ("missing", "cutoff")


def wanted_search_running() -> bool:
    """Is a wanted search running (or queued and waiting for a worker)?"""
    record = progress.get(PROGRESS_KEY)
    return (
        record is not None
        and record.state == TaskProgress.RUNNING
        and record.updated_at > timezone.now() - STALE_AFTER
    )


def _claim(message: str) -> bool:
    """Mark the wanted search as running unless one already is (one conditional UPDATE,
    so two processes racing for it cannot both win)."""
    now = timezone.now()
    TaskProgress.objects.get_or_create(
        name=PROGRESS_KEY, defaults={"state": TaskProgress.DONE, "finished_at": now}
    )
    claimed = (
        TaskProgress.objects.filter(name=PROGRESS_KEY)
        .exclude(state=TaskProgress.RUNNING, updated_at__gt=now - STALE_AFTER)
        .update(
            state=TaskProgress.RUNNING,
            done=0,
            total=0,
            message=message[:500],
            started_at=now,
            finished_at=None,
            updated_at=now,
        )
    )
    return bool(claimed)


def queue_wanted_search(kind: str = "missing", movie_ids: Iterable[int] | None = None) -> bool:
    """Queue the task "indexers.tasks.search_wanted"; False (nothing queued) when a wanted
    search is already running. The progress shows "Waiting for a worker" meanwhile."""
    _check_kind(kind)
    if not _claim("Waiting for a worker"):
        return False
    from django_q.tasks import async_task

    ids = sorted(set(movie_ids)) if movie_ids is not None else None
    try:
        async_task(
            "indexers.tasks.search_wanted",
            kind,
            ids,
            True,
            group="Wanted search",
            task_name=f"Wanted search ({kind})",
        )
    except Exception as error:
        progress.finish(PROGRESS_KEY, f"Could not queue the search: {error}", failed=True)
        raise
    return True


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown wanted list {kind!r}; expected one of {', '.join(KINDS)}")


def _wanted_ids(kind: str, movie_ids: Iterable[int] | None) -> list[int]:
    from movies import services as movie_services

    movies = movie_services.wanted_movies(kind).filter(monitored=True)
    if movie_ids is not None:
        movies = movies.filter(pk__in=list(movie_ids))
    return list(movies.values_list("pk", flat=True))


def search_wanted(
    kind: str = "missing",
    *,
    movie_ids: Iterable[int] | None = None,
    claimed: bool = False,
    carried: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Automatic search for each monitored wanted movie of `kind` ("missing" / "cutoff"),
    or only those of `movie_ids` among them. Returns a summary: kind, total, searched,
    grabbed, errors, stopped (why it stopped early, "" when it did not), refused, and
    continued (the movies left were queued as a new task when the run's budget ran out).

    `claimed` says the caller (queue_wanted_search, or the run before) already holds the
    run; `carried` is the summary a run that ran out of time hands to its continuation.
    """
    _check_kind(kind)
    summary: dict[str, Any] = {
        "kind": kind,
        "total": 0,
        "searched": 0,
        "grabbed": 0,
        "errors": 0,
        "stopped": "",
        "refused": False,
        "continued": False,
    }
    if not claimed and not _claim("Starting"):
        summary["refused"] = True
        summary["stopped"] = "A wanted search is already running"
        return summary
    deadline = time.monotonic() + RUN_BUDGET_S
    try:
        ids = _wanted_ids(kind, movie_ids)
        if carried:
            # A continuation: the progress record and the totals go on from the last run.
            summary.update(
                {key: carried[key] for key in ("total", "searched", "grabbed", "errors")}
            )
        else:
            summary["total"] = len(ids)
            progress.start(PROGRESS_KEY, len(ids), f"Searching {len(ids)} {kind} movie(s)")
        left = _search_each(ids, summary, deadline)
        if left:
            _continue(kind, left, summary)
            return summary
    except BaseException as error:
        progress.finish(PROGRESS_KEY, f"Wanted search failed: {error}", failed=True)
        raise
    progress.finish(PROGRESS_KEY, _summary_text(summary))
    log.info("Wanted search: %s", _summary_text(summary))
    return summary


def _continue(kind: str, left: list[int], summary: dict[str, Any]) -> None:
    """Queue the movies left as a new task run; the claim and the progress stay RUNNING."""
    from django_q.tasks import async_task

    summary["continued"] = True
    carried = {key: summary[key] for key in ("total", "searched", "grabbed", "errors")}
    log.info("Wanted search: time budget used up; %d movie(s) left for a new run", len(left))
    progress.advance(PROGRESS_KEY, step=0, message=f"Continuing with {len(left)} movie(s) left")
    async_task(
        "indexers.tasks.search_wanted",
        kind,
        left,
        True,
        carried,
        group="Wanted search",
        task_name=f"Wanted search ({kind}, continued)",
    )


def _search_each(ids: list[int], summary: dict[str, Any], deadline: float) -> list[int]:
    """Search the movies in turn until done or `deadline` passes (at least one movie per
    run, so a run always moves on); returns the ids left unsearched."""
    from movies.models import Movie

    for position, movie_id in enumerate(ids):
        if position and time.monotonic() >= deadline:
            return ids[position:]
        if position and PAUSE_S:
            time.sleep(PAUSE_S)
        movie = Movie.objects.select_related("quality_profile").filter(pk=movie_id).first()
        if movie is None:  # deleted since the list was read
            progress.advance(PROGRESS_KEY)
            continue
        try:
            outcome = automatic_search(movie, source="automatic")
        except Exception:
            log.exception("Wanted search: searching %s failed", movie)
            summary["errors"] += 1
            progress.advance(PROGRESS_KEY, message=f"{movie}: the search failed (see the log)")
            continue
        summary["searched"] += 1
        summary["grabbed"] += outcome.grabbed is not None
        progress.advance(PROGRESS_KEY, message=f"{movie}: {outcome.message}")
        outcomes = outcome.result.outcomes if outcome.result else []
        if outcome.result is not None and not outcomes:
            summary["stopped"] = "No indexer is enabled for automatic search"
            return []
        if outcomes and all(o.held for o in outcomes):
            summary["stopped"] = "Every indexer is held off after failures"
            return []
    return []


def _summary_text(summary: dict[str, Any]) -> str:
    text = (
        f"Searched {summary['searched']} of {summary['total']} {summary['kind']} movie(s), "
        f"grabbed {summary['grabbed']}"
    )
    if summary["errors"]:
        text += f", {summary['errors']} failed"
    if summary["stopped"]:
        text += f". Stopped: {summary['stopped']}"
    return text
