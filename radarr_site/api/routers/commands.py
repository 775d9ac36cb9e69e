"""API v3: command — start MoviesSearch, RefreshMovie, RssSync, … and poll their status.

Overseerr posts {name: "MoviesSearch", movieIds: [id]} after adding a movie; pyarr's
post_command(name, **body) posts any name. The work runs in radarr_site.api.commands.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from radarr_site.api import commands
from radarr_site.api.core import invalid, not_found
from radarr_site.models import ApiCommand

router = Router(tags=["commands"])

RECENT_FINISHED = 20  # GET /command lists the open commands and this many finished ones
_RESULTS = {
    ApiCommand.COMPLETED: "successful",
    ApiCommand.FAILED: "unsuccessful",
    ApiCommand.CANCELLED: "unsuccessful",
}


class CommandIn(Schema):
    """What a tool posts: the command's name and its own properties (movieIds, …)."""

    model_config = ConfigDict(extra="allow")

    name: str
    movieIds: Any = None  # checked by the runner, so a bad value is named "movieIds"


class CommandResource(Schema):
    """Radarr's CommandResource."""

    id: int
    name: str
    commandName: str
    message: str | None = None
    body: dict[str, Any]
    priority: str = "normal"
    status: str
    result: str
    queued: str
    started: str | None = None
    ended: str | None = None
    duration: str | None = None
    trigger: str = "manual"
    stateChangeTime: str
    sendUpdatesToClient: bool
    updateScheduledTask: bool
    lastExecutionTime: str | None = None


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def timespan(delta: timedelta) -> str:
    """A duration as .NET writes a TimeSpan: "00:00:01.2340000" ("1.02:03:04.0000000")."""
    ticks = max(int(delta.total_seconds() * 10_000_000), 0)  # .NET counts 100 ns ticks
    seconds, fraction = divmod(ticks, 10_000_000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    text = f"{hour:02d}:{minute:02d}:{second:02d}.{fraction:07d}"
    return f"{days}.{text}" if days else text


def resource(command: ApiCommand, now: datetime | None = None) -> dict[str, Any]:
    """The command as Radarr shows it; a started command whose worker died shows failed."""
    kind = commands.kind_of(command.name)
    status, message, ended = command.status, command.message, command.ended_at
    if commands.is_stale(command, now):
        status, message = ApiCommand.FAILED, commands.STALE_MESSAGE
    ids = command.body.get("movieIds")
    # Radarr only moves a scheduled task's last run for a command over everything.
    update_task = not ids
    body = {
        **command.body,
        "sendUpdatesToClient": True,
        "updateScheduledTask": update_task,
        "completionMessage": "Completed",
        "requiresDiskAccess": False,
        "isExclusive": bool(kind and kind.exclusive),
        "isTypeExclusive": False,
        "isLongRunning": bool(kind and kind.long_running),
        "name": command.name,
        "trigger": "manual",
        "suppressMessages": False,
    }
    started = command.started_at
    changed = ended or started or command.queued_at
    return {
        "id": command.pk,
        "name": command.name,
        "commandName": kind.label if kind else command.name,
        "message": message or None,
        "body": body,
        "priority": "normal",
        "status": status,
        "result": _RESULTS.get(status, "unknown"),
        "queued": _iso(command.queued_at),
        "started": _iso(started),
        "ended": _iso(ended),
        "duration": timespan(ended - started) if ended and started else None,
        "trigger": "manual",
        "stateChangeTime": _iso(changed),
        "sendUpdatesToClient": True,
        "updateScheduledTask": update_task,
        "lastExecutionTime": None,
    }


def _get(command_id: int) -> ApiCommand:
    command = ApiCommand.objects.filter(pk=command_id).first()
    if command is None:
        raise not_found(f"Command {command_id} does not exist.")
    return command


@router.post("/command", response={201: CommandResource})
def start_command(request: HttpRequest, payload: CommandIn) -> Status:
    body = payload.model_dump(exclude_none=True)
    name = body.pop("name")
    try:
        command = commands.submit(name, body)
    except commands.CommandInvalid as error:
        raise invalid({error.field: error.message}, {error.field: error.attempted}) from error
    return Status(201, resource(command))


@router.get("/command", response=list[CommandResource])
def list_commands(request: HttpRequest) -> list[dict[str, Any]]:
    now = timezone.now()
    running = list(ApiCommand.objects.filter(status__in=commands.OPEN).order_by("queued_at"))
    finished = ApiCommand.objects.exclude(status__in=commands.OPEN).order_by("-ended_at", "-pk")
    return [resource(c, now) for c in running + list(finished[:RECENT_FINISHED])]


@router.get("/command/{int:command_id}", response=CommandResource)
def get_command(request: HttpRequest, command_id: int) -> dict[str, Any]:
    return resource(_get(command_id))


@router.delete("/command/{int:command_id}", response=dict)
def cancel_command(request: HttpRequest, command_id: int) -> dict[str, Any]:
    try:
        commands.cancel(_get(command_id))
    except commands.CannotCancel as error:
        raise invalid({"id": str(error)}, {"id": command_id}) from error
    return {}
