"""The scene-group analysis: HDBits' newest torrents read one page at a time, paced, resumable.

An AnalysisRun is a cursor (category index, page). `step()` reads the ONE page under the
cursor when its pause has passed, stores its torrents as GroupTorrent rows, moves the
cursor and sets `next_page_at` = now + the pause; it never sleeps, so the task that calls
it (scenegroups.tasks) holds a worker for one request only. A worker that dies leaves the
cursor where it was: the next step, whoever runs it, reads that page again, harmlessly
(update_or_create by HDBits id).

Failures: HDBits refusing the credentials (or a wrong address) fails the run, keeping what
was stored; rate limiting or an unavailable HDBits waits (the pause doubled each try, never
less than Retry-After) and reads the same page again, up to MAX_TRIES; a malformed page is
skipped with a note on the run (waiting would not mend it, and one bad page should not
cost the whole week's analysis). Every time is read through `now()`, which tests replace.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from radarr_site import progress, providers
from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    IntegrationError,
    NotFound,
    RateLimited,
)
from scenegroups.models import AnalysisRun, AnalysisSettings, GroupTorrent, group_key

log = logging.getLogger(__name__)

TASK = "Scene-group analysis"  # the schedule's name, so System → Tasks shows the progress
PAGE_SIZE = 100  # HDBits' largest page: fewer items mean the category has no more
LEASE = timedelta(minutes=10)  # a page claimed by a worker that died is read again after this
MAX_TRIES = 6  # rate limited or unavailable: 35 s, 70 s, ... about 18 minutes in all
ORIGIN_INTERNAL = 1
GROUP_KEY_LENGTH = GroupTorrent._meta.get_field("group_key").max_length
RESOLUTIONS = {2160: "2160p", 1080: "1080p", 720: "720p", 576: "SD", 480: "SD"}
_TRY = re.compile(r"^Try (\d+) of \d+ failed")


def now() -> datetime:
    """The analysis' clock (tests replace it to check the pacing without sleeping)."""
    return timezone.now()


@dataclass
class PageOutcome:
    """What one step did: the page it read and what became of it."""

    category: int
    page: int
    stored: int = 0  # torrents stored (new or refreshed)
    without_group: int = 0  # names with no release group: skipped
    unreadable: int = 0  # items without an id or a name: skipped
    state: str = AnalysisRun.State.RUNNING  # the run's state after the step
    note: str = ""  # a failure, a wait or a skipped page


def running_run() -> AnalysisRun | None:
    return AnalysisRun.objects.filter(state=AnalysisRun.State.RUNNING).first()


def analysis_due() -> bool:
    """The weekly gate: analysis switched on and `interval_days` passed since the last run
    started (or none ever did)."""
    settings = AnalysisSettings.load()
    if not settings.enabled:
        return False
    last = AnalysisRun.objects.order_by("-started_at").values_list("started_at", flat=True)
    started = last.first()
    return started is None or started <= now() - timedelta(days=settings.interval_days)


def start_analysis() -> AnalysisRun | None:
    """Begin a run with the current settings, its first page due at once (or a pause after
    the last run finished, when that is later); None (nothing started) while another run
    is running."""
    settings = AnalysisSettings.load()
    with transaction.atomic():
        # A no-op UPDATE of the settings row holds its row lock (PostgreSQL) or the
        # database's write lock (SQLite) until commit, so two workers' check-then-create
        # happen one after the other and never both start a run.
        AnalysisSettings.objects.filter(pk=settings.pk).update(enabled=F("enabled"))
        if AnalysisRun.objects.filter(state=AnalysisRun.State.RUNNING).exists():
            return None
        started = now()
        # The pause holds across runs too: a run started right after the last one finished
        # (run now) waits out the pause before its first page.
        last = (
            AnalysisRun.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        first_page = max(started, last + _pause()) if last else started
        run = AnalysisRun.objects.create(
            state=AnalysisRun.State.RUNNING,
            started_at=started,
            updated_at=started,
            categories=[int(c) for c in settings.categories],
            pages_per_category=settings.pages_per_category,
            next_page_at=first_page,
        )
    progress.start(TASK, run.pages_total, "Starting the scene-group analysis")
    return run


def cancel_analysis() -> bool:
    """Stop the running run (what it stored stays); False when none was running."""
    stamp = now()
    cancelled = AnalysisRun.objects.filter(state=AnalysisRun.State.RUNNING).update(
        state=AnalysisRun.State.CANCELLED, finished_at=stamp, updated_at=stamp, next_page_at=None
    )
    if cancelled:
        progress.finish(TASK, "Cancelled", failed=True)
    return bool(cancelled)


def step() -> PageOutcome | None:
    """Read the running run's next page if its pause has passed; None when there is no
    running run, it is too early, or another worker holds the page."""
    run = running_run()
    if run is None:
        return None
    started = now()
    if not _claim(run, started):
        return None
    if run.category_index >= len(run.categories):
        return _finish(run, PageOutcome(0, 0))
    category, page = run.categories[run.category_index], run.page
    outcome = PageOutcome(category, page)
    _keep_progress(run)
    from indexers import services as indexer_services

    client = indexer_services.hdbits_client()
    if client is None:
        return _fail(run, outcome, "No HDBits indexer is set up (Settings → Indexers).")
    try:
        with providers.tracked(client.config.provider_key, client.config.name or "HDBits"):
            items = client.browse(category, page)
    except (AuthError, NotFound) as error:
        return _fail(run, outcome, str(error))
    except BadResponse as error:
        note = f"Category {category} page {page + 1} skipped: {error}"
        log.warning("Scene-group analysis: %s", note)
        outcome.note = note
        return _advance(run, outcome, last_of_category=False)
    except IntegrationError as error:  # rate limited, unavailable
        return _wait(run, outcome, error)
    except Exception as error:
        # A bug or a database refusing a row must not leave the page to the lease forever
        # (retried every LEASE without counting): it counts as a failed try like the rest.
        log.exception("Scene-group analysis: reading a page failed")
        return _wait(run, outcome, error)
    try:
        _store(items, category, outcome, started)
    except Exception as error:
        log.exception("Scene-group analysis: storing a page failed")
        return _wait(run, outcome, error)
    return _advance(run, outcome, last_of_category=len(items) < PAGE_SIZE)


# -- the cursor -----------------------------------------------------------------------------


def _claim(run: AnalysisRun, at: datetime) -> bool:
    """Take the page under the cursor if due: its next_page_at moves LEASE ahead in one
    conditional UPDATE, so a second worker finds nothing due and a dead one's page comes
    round again after the lease."""
    due = Q(next_page_at__isnull=True) | Q(next_page_at__lte=at)
    return (
        AnalysisRun.objects.filter(
            due,
            pk=run.pk,
            state=AnalysisRun.State.RUNNING,
            category_index=run.category_index,
            page=run.page,
        ).update(next_page_at=at + LEASE, updated_at=at)
        == 1
    )


def _pause() -> timedelta:
    return timedelta(seconds=AnalysisSettings.load().pause_seconds)


def _notes(run: AnalysisRun) -> list[str]:
    """The run's notes without the line of a try that failed (the page got read)."""
    return [line for line in run.error.splitlines() if line and not _TRY.match(line)]


def _tries(run: AnalysisRun) -> int:
    """How many times the page under the cursor failed so far."""
    return run.page_tries


def _advance(run: AnalysisRun, outcome: PageOutcome, *, last_of_category: bool) -> PageOutcome:
    """Move the cursor past the page just handled; the pause applies before the next one
    whether it is the next page or the next category's first."""
    category_index, page = run.category_index, run.page + 1
    # A category that ends early counts its unread pages as done, so the bar reaches the end.
    done = 1
    if last_of_category or page >= run.pages_per_category:
        done = run.pages_per_category - run.page
        category_index, page = category_index + 1, 0
    notes = _notes(run) + ([outcome.note] if outcome.note else [])
    finished = category_index >= len(run.categories)
    stamp = now()
    moved = AnalysisRun.objects.filter(pk=run.pk, state=AnalysisRun.State.RUNNING).update(
        category_index=category_index,
        page=page,
        pages_done=F("pages_done") + done,
        # Counted, not added up: a page read again after a crash must not count twice.
        torrents_seen=GroupTorrent.objects.filter(seen_at__gte=run.started_at).count(),
        next_page_at=None if finished else stamp + _pause(),
        updated_at=stamp,
        page_tries=0,
        without_group=F("without_group") + outcome.without_group,
        error="\n".join(notes)[-4000:],
    )
    run.refresh_from_db()
    if not moved:  # cancelled while the page was read: what it stored stays
        outcome.state = run.state
        return outcome
    progress.advance(TASK, done, _progress_message(run, outcome))
    if finished:
        return _finish(run, outcome)
    return outcome


def _wait(run: AnalysisRun, outcome: PageOutcome, error: Exception) -> PageOutcome:
    tries = _tries(run) + 1
    if tries >= MAX_TRIES:
        what = (
            str(error)
            if isinstance(error, IntegrationError)
            else f"{type(error).__name__}: {error}"
        )
        return _fail(run, outcome, f"Gave up after {tries} tries: {what}")
    retry_after = error.retry_after if isinstance(error, RateLimited) else None
    wait = max(_pause() * 2 ** (tries - 1), timedelta(seconds=retry_after or 0))
    stamp = now()
    again = stamp + wait
    what = str(error) if isinstance(error, IntegrationError) else f"{type(error).__name__}: {error}"
    outcome.note = (
        f"Try {tries} of {MAX_TRIES} failed: {what} "
        f"(reading it again at {timezone.localtime(again):%H:%M:%S})"
    )
    AnalysisRun.objects.filter(pk=run.pk, state=AnalysisRun.State.RUNNING).update(
        next_page_at=again,
        updated_at=stamp,
        page_tries=tries,
        error="\n".join([outcome.note, *_notes(run)]),
    )
    log.warning("Scene-group analysis: %s", outcome.note)
    return outcome


def _fail(run: AnalysisRun, outcome: PageOutcome, message: str) -> PageOutcome:
    stamp = now()
    AnalysisRun.objects.filter(pk=run.pk, state=AnalysisRun.State.RUNNING).update(
        state=AnalysisRun.State.FAILED,
        finished_at=stamp,
        updated_at=stamp,
        next_page_at=None,
        error="\n".join([message, *_notes(run)])[:4000],
    )
    progress.finish(TASK, message, failed=True)
    log.error("Scene-group analysis failed: %s", message)
    outcome.state, outcome.note = AnalysisRun.State.FAILED, message
    return outcome


def _finish(run: AnalysisRun, outcome: PageOutcome) -> PageOutcome:
    """The last page is read: mark the run done and score the groups from what is stored."""
    stamp = now()
    finished = AnalysisRun.objects.filter(pk=run.pk, state=AnalysisRun.State.RUNNING).update(
        state=AnalysisRun.State.DONE, finished_at=stamp, updated_at=stamp, next_page_at=None
    )
    if not finished:  # cancelled meanwhile
        return outcome
    outcome.state = AnalysisRun.State.DONE
    from scenegroups import services

    try:
        groups = services.recompute_scores()
    except Exception as error:
        # The torrents are stored: scoring can be run again without asking HDBits.
        log.exception("Scene-group analysis: scoring failed")
        message = f"Read {run.torrents_seen} torrents; scoring failed: {error}"
        AnalysisRun.objects.filter(pk=run.pk).update(
            error="\n".join([message, *_notes(run)])[:4000]
        )
        progress.finish(TASK, message, failed=True)
        outcome.note = message
        return outcome
    progress.finish(TASK, f"Read {run.torrents_seen} torrents; scored {groups} groups")
    return outcome


def _keep_progress(run: AnalysisRun) -> None:
    """Bring the progress record back after a restart or housekeeping marked it stale."""
    shown = progress.get(TASK)
    if shown is None or shown.state != shown.RUNNING or shown.total != run.pages_total:
        progress.start(TASK, run.pages_total, "Resuming the scene-group analysis")
        if run.pages_done:
            progress.advance(TASK, run.pages_done)


def _progress_message(run: AnalysisRun, outcome: PageOutcome) -> str:
    text = (
        f"Category {outcome.category} page {outcome.page + 1}: {outcome.stored} torrents"
        f" ({run.torrents_seen} in all)"
    )
    if outcome.without_group:
        text += f", {outcome.without_group} without a group"
    return text


# -- storing --------------------------------------------------------------------------------


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _added(item: dict) -> datetime | None:
    stamp = _whole(item.get("utadded"))
    try:
        return datetime.fromtimestamp(stamp, tz=UTC) if stamp else None
    except (OverflowError, OSError, ValueError):
        return None


def _resolution(parsed: Any) -> str:
    return RESOLUTIONS.get(parsed.quality.resolution, "")


def _store(items: list, category: int, outcome: PageOutcome, seen_at: datetime) -> None:
    """Store each readable torrent with a release group (refreshing its seeders, leechers
    and completions when seen before); count the rest."""
    from movies.services import parse_release

    rows = []
    for item in items:
        number = _whole(item.get("id")) if isinstance(item, dict) else None
        name = item.get("name") if number else None
        if not number or not isinstance(name, str) or not name.strip():
            outcome.unreadable += 1
            continue
        parsed = parse_release(name.strip())
        group = (parsed.release_group or "").strip()
        # A group name longer than the key column (a hostile name) would be refused by
        # PostgreSQL and stall the page: such a torrent counts as naming no group.
        if not group or len(group) > GROUP_KEY_LENGTH:
            outcome.without_group += 1
            continue
        rows.append((number, name.strip(), parsed, item))
    with transaction.atomic():
        for number, name, parsed, item in rows:
            GroupTorrent.objects.update_or_create(
                hdbits_id=number,
                defaults={
                    "group_key": group_key(parsed.release_group),
                    "group_name": parsed.release_group.strip(),
                    "name": name[:500],
                    "category": _whole(item.get("type_category")) or category,
                    "resolution": _resolution(parsed),
                    "size": max(_whole(item.get("size")) or 0, 0),
                    "seeders": max(_whole(item.get("seeders")) or 0, 0),
                    "leechers": max(_whole(item.get("leechers")) or 0, 0),
                    "times_completed": max(_whole(item.get("times_completed")) or 0, 0),
                    "internal": _whole(item.get("type_origin")) == ORIGIN_INTERNAL,
                    "added": _added(item),
                    "seen_at": seen_at,
                },
            )
    outcome.stored = len(rows)
