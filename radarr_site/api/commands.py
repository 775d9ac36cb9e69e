"""Commands started through POST /api/v3/command: what each name runs, and the runner.

`submit` checks the posted body, returns the identical command already waiting or running
(Radarr does the same, so a tool that posts MoviesSearch twice does not search twice) or
records a new ApiCommand and queues `run_command` as a django-q2 task once the request's
transaction commits. `run_command` claims the command (queued → started, one conditional
UPDATE, so two workers never run it twice), runs its handler and records completed with a
summary, or failed with the error's sentence (the traceback goes to the log only).

Each handler reaches the other apps through their services modules and returns one
sentence for the command's message; raising CommandFailed (or any error) fails it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from radarr_site.models import ApiCommand

log = logging.getLogger(__name__)

# A started command silent for this long died with its worker (django-q kills a task after
# Q_CLUSTER["timeout"], 30 minutes): it is shown failed, and no longer deduplicates.
STALE_AFTER = timedelta(hours=1)
STALE_MESSAGE = "Stopped without finishing (no word from its worker for over an hour)"
CANCELLED_MESSAGE = "Cancelled before it started"
KEEP_FINISHED = timedelta(days=7)
MESSAGE_LENGTH = ApiCommand._meta.get_field("message").max_length
OPEN = (ApiCommand.QUEUED, ApiCommand.STARTED)


class CommandInvalid(Exception):
    """The posted body is refused: `field` names what is wrong (Radarr's propertyName)."""

    def __init__(self, field: str, message: str, attempted: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.attempted = attempted


class CommandFailed(Exception):
    """A handler's failure, its message already a sentence for the command's message."""


class CannotCancel(Exception):
    """Only a command still waiting for a worker can be cancelled."""


@dataclass(frozen=True)
class CommandKind:
    """One command name: its handler and the flags Radarr's body carries for it."""

    name: str
    label: str  # Radarr's commandName, e.g. "Movies Search"
    handler: Callable[[dict[str, Any]], str]
    takes_movie_ids: bool = False  # movieIds accepted (and required when ids_required)
    ids_required: bool = False
    long_running: bool = False
    exclusive: bool = False


# --- Handlers: each takes the stored body and returns the completion sentence ---


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _movies(ids: list[int]) -> list[Any]:
    from movies.services import Movie

    found = {m.pk: m for m in Movie.objects.select_related("quality_profile").filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]  # deleted since posting: skipped


def _each_movie(
    ids: list[int], verb: str, run: Callable[[Any], str], note: Callable[[], str] | None = None
) -> str:
    """Run `run` for each movie; one movie's failure does not stop the others, but any
    failure fails the command, its message saying what happened to every movie. `note`,
    asked after the runs, adds to the count (first, so a long list cannot cut it off)."""
    movies = _movies(ids)
    said: list[str] = []
    failed = 0
    for movie in movies:
        try:
            said.append(run(movie))
        except Exception as error:
            log.exception("Command: %s %s failed", verb, movie)
            failed += 1
            said.append(f"{movie}: {_sentence(error)}")
    extra = note() if note else ""
    text = f"{verb} {_plural(len(movies), 'movie')}{extra}: "
    text += "; ".join(said or ["none exists now"])
    if failed:
        raise CommandFailed(text)
    return text


def movies_search(body: dict[str, Any]) -> str:
    """Automatic search of each movie (grabbing the best accepted release), as asked by a
    person: an unmonitored movie is searched too (Radarr does so for a manual search)."""
    from indexers import services as indexer_services

    def search(movie: Any) -> str:
        outcome = indexer_services.automatic_search(movie, source="user")
        grabbed = getattr(outcome.grabbed, "source_title", "")
        return f"grabbed {grabbed}" if grabbed else f"{movie}: {outcome.message}"

    return _each_movie(body["movieIds"], "Searched", search)


def refresh_movie(body: dict[str, Any]) -> str:
    """Refresh the given movies from TMDB and rescan their folders (Radarr's Refresh &
    Scan), or without ids the scheduled metadata batch and then every reachable folder.
    A folder is rescanned even when its movie's refresh failed, as Radarr does."""
    from movies import services as movie_services

    ids = body.get("movieIds")
    if ids:
        tally = movie_services.RescanTally()

        def refresh_and_scan(movie: Any) -> str:
            try:
                movie_services.refresh_movie(movie)
            finally:
                tally.add(movie_services.rescan_movie_folder(movie))
            return f"{movie}"

        return _each_movie(ids, "Refreshed", refresh_and_scan, lambda: _scan_note(tally))
    try:
        counts = movie_services.refresh_metadata(raise_when_stopped=True)
    except Exception as error:
        note = _scan_note(movie_services.rescan_library())
        raise CommandFailed(_sentence(error) + note) from error
    text = f"Refreshed {_plural(int(counts['refreshed']), 'movie')}"
    if counts["failed"] or counts["missing"]:
        text += f" ({counts['failed']} failed, {counts['missing']} no longer on TMDB)"
    return text + _scan_note(movie_services.rescan_library())


def _scan_note(tally: Any) -> str:
    """'; found 1 new file, 0 missing', or nothing when no folder was there to scan."""
    return f"; {tally.summary()}" if tally.scanned or tally.not_scanned else ""


def rss_sync(body: dict[str, Any]) -> str:
    """One RSS sync of every RSS-enabled indexer; failed when every indexer failed."""
    from indexers import services as indexer_services

    reports = indexer_services.rss_sync()
    if not reports:
        return "No indexer was asked (none has RSS enabled, or RSS sync is switched off)"
    errors = [f"{r.indexer}: {r.error}" for r in reports if r.error]
    text = (
        f"RSS sync of {_plural(len(reports), 'indexer')}: "
        f"{sum(r.new_items for r in reports)} new, {sum(r.matched for r in reports)} matched, "
        f"{sum(r.grabbed for r in reports)} grabbed"
    )
    if errors and len(errors) == len(reports):
        raise CommandFailed(f"{text}; every indexer failed: " + "; ".join(errors))
    return text + (f"; failed: {'; '.join(errors)}" if errors else "")


def _wanted(kind: str) -> Callable[[dict[str, Any]], str]:
    def search(body: dict[str, Any]) -> str:
        from indexers import services as indexer_services

        summary = indexer_services.search_wanted(kind)
        if summary["refused"]:
            raise CommandFailed(summary["stopped"] or "A wanted search is already running")
        text = (
            f"Searched {summary['searched']} of {summary['total']} {kind} movie(s), "
            f"grabbed {summary['grabbed']}"
        )
        if summary["errors"]:
            text += f", {summary['errors']} failed"
        if summary["stopped"]:
            text += f". Stopped: {summary['stopped']}"
        if summary["continued"]:
            text += ". The rest continues in another task"
        return text

    search.__doc__ = f"Automatic search of every monitored {kind} movie (Wanted → {kind})."
    return search


def poll_downloads(body: dict[str, Any]) -> str:
    """One poll of every enabled download client (finished downloads are imported)."""
    from downloads import services as download_services

    result = download_services.poll_queue()
    text = (
        f"Checked {_plural(result.clients, 'download client')}: "
        f"{_plural(result.items, 'item')}, {len(result.completed)} completed, "
        f"{len(result.failed)} failed"
    )
    if result.failed_clients:
        failing = ", ".join(result.failed_clients)
        if len(result.failed_clients) == result.clients:
            raise CommandFailed(f"{text}; no client answered ({failing})")
        text += f"; not answering: {failing}"
    return text


KINDS: dict[str, CommandKind] = {
    kind.name.lower(): kind
    for kind in (
        CommandKind(
            "MoviesSearch", "Movies Search", movies_search, takes_movie_ids=True, ids_required=True
        ),
        CommandKind(
            "RefreshMovie", "Refresh Movie", refresh_movie, takes_movie_ids=True, long_running=True
        ),
        CommandKind("RssSync", "Rss Sync", rss_sync, long_running=True),
        CommandKind("MissingMoviesSearch", "Missing Movies Search", _wanted("missing")),
        CommandKind("CutoffUnmetMoviesSearch", "Cutoff Unmet Movies Search", _wanted("cutoff")),
        CommandKind(
            "DownloadedMoviesScan", "Downloaded Movies Scan", poll_downloads, exclusive=True
        ),
        CommandKind("RefreshMonitoredDownloads", "Refresh Monitored Downloads", poll_downloads),
    )
}


def kind_of(name: str) -> CommandKind | None:
    """The command kind for `name`, matched without regard to case (as Radarr does)."""
    return KINDS.get(name.lower()) if isinstance(name, str) else None


# --- Submitting, running, cancelling ---


def _movie_ids(kind: CommandKind, body: dict[str, Any]) -> list[int] | None:
    """The posted movieIds, checked: a list of ids of movies in the library."""
    value = body.get("movieIds")
    if value is None or (value == [] and not kind.ids_required):
        if kind.ids_required:
            raise CommandInvalid("movieIds", "movieIds must list at least one movie id.")
        return None
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise CommandInvalid("movieIds", "movieIds must be a list of movie ids.", value)
    from movies.services import Movie

    ids = list(dict.fromkeys(value))  # posted order, each once
    known = set(Movie.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [pk for pk in ids if pk not in known]
    if unknown:
        listed = ", ".join(str(pk) for pk in unknown)
        raise CommandInvalid("movieIds", f"No movie with id {listed} exists.", value)
    return ids


def _arguments(body: dict[str, Any]) -> dict[str, Any]:
    """What makes two commands of one name the same command (Radarr compares the body's
    own properties, not the flags every command carries)."""
    ids = body.get("movieIds")
    return {"movieIds": sorted(ids)} if ids else {}


def submit(name: str, body: dict[str, Any], *, now: datetime | None = None) -> ApiCommand:
    """Check and record a command, queued to run after the current transaction commits;
    an identical command still queued or running is returned instead of a new one.
    Raises CommandInvalid naming the field at fault (nothing is recorded then)."""
    kind = kind_of(name)
    if kind is None:
        raise CommandInvalid("name", f"Unknown command name {name!r}.", name)
    body = {**body, "name": kind.name}
    if kind.takes_movie_ids:
        ids = _movie_ids(kind, body)
        body.pop("movieIds", None)
        if ids is not None:
            body["movieIds"] = ids
    now = now or timezone.now()
    with transaction.atomic():
        waiting = ApiCommand.objects.select_for_update().filter(
            name=kind.name, status__in=OPEN, queued_at__gte=now - STALE_AFTER
        )
        for existing in waiting:
            if _arguments(existing.body) == _arguments(body):
                return existing
        command = ApiCommand.objects.create(name=kind.name, body=body, queued_at=now)
        transaction.on_commit(lambda: _enqueue(command.pk, kind.label))
    return command


def _enqueue(command_id: int, label: str) -> None:
    from django_q.tasks import async_task

    try:
        async_task(
            "radarr_site.api.commands.run_command",
            command_id,
            group="API command",
            task_name=f"API command {command_id} ({label})",
        )
    except Exception as error:
        # A broker that cannot take the task must not leave the command queued for ever.
        log.exception("Could not queue API command %s", command_id)
        _finish(command_id, ApiCommand.FAILED, f"Could not queue the command: {_sentence(error)}")


def _sentence(error: BaseException) -> str:
    """The error as one line for a message: its own text, or its type when it has none."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else f"Unexpected error ({type(error).__name__})"


def _finish(command_id: int, status: str, message: str) -> None:
    ApiCommand.objects.filter(pk=command_id, status__in=OPEN).update(
        status=status, message=message[:MESSAGE_LENGTH], ended_at=timezone.now()
    )


def run_command(command_id: int) -> str:
    """The django-q2 task: run one queued command and record how it ended. Returns the
    message (for System → Tasks). A command no longer queued (cancelled, already taken
    by another worker) is left alone."""
    claimed = ApiCommand.objects.filter(pk=command_id, status=ApiCommand.QUEUED).update(
        status=ApiCommand.STARTED, started_at=timezone.now()
    )
    command = ApiCommand.objects.filter(pk=command_id).first()
    if not claimed or command is None:
        return f"Command {command_id} is not waiting to run; left alone"
    kind = kind_of(command.name)
    try:
        if kind is None:  # a name dropped since it was queued
            raise CommandFailed(f"Unknown command name {command.name!r}.")
        message = kind.handler(command.body)
    except Exception as error:
        if not isinstance(error, CommandFailed):
            log.exception("API command %s (%s) failed", command_id, command.name)
        message = _sentence(error)
        _finish(command_id, ApiCommand.FAILED, message)
    else:
        _finish(command_id, ApiCommand.COMPLETED, message)
    return message


def cancel(command: ApiCommand) -> None:
    """Cancel a command still waiting for a worker (recorded cancelled, as Radarr shows it);
    CannotCancel when it has started or ended."""
    cancelled = ApiCommand.objects.filter(pk=command.pk, status=ApiCommand.QUEUED).update(
        status=ApiCommand.CANCELLED, message=CANCELLED_MESSAGE, ended_at=timezone.now()
    )
    if not cancelled:
        raise CannotCancel(f"Command {command.pk} has already started; it cannot be cancelled.")


def is_stale(command: ApiCommand, now: datetime | None = None) -> bool:
    """A started command whose worker died: started over STALE_AFTER ago, never ended."""
    return (
        command.status == ApiCommand.STARTED
        and command.started_at is not None
        and command.started_at < (now or timezone.now()) - STALE_AFTER
    )
