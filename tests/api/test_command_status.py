"""API v3 command status: GET and DELETE /command, the runner claiming a command once,
.NET time spans, housekeeping and the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from radarr_site.api import commands
from radarr_site.api.keys import current_api_key
from radarr_site.api.routers.commands import timespan
from radarr_site.housekeeping import trim_api_commands
from radarr_site.models import ApiCommand
from tests.api.calls import api_get, api_post

pytestmark = pytest.mark.django_db


# --- GET and DELETE ---


def make_command(status, minutes_ago=0, name="RssSync"):
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    ended = moment if status in (ApiCommand.COMPLETED, ApiCommand.FAILED) else None
    started = moment if status != ApiCommand.QUEUED else None
    return ApiCommand.objects.create(
        name=name,
        body={"name": name},
        status=status,
        queued_at=moment,
        started_at=started,
        ended_at=ended,
    )


def test_the_list_shows_open_commands_and_the_last_20_finished(client):
    running = make_command(ApiCommand.STARTED)
    finished = [make_command(ApiCommand.COMPLETED, minutes_ago=n) for n in range(25)]

    ids = [c["id"] for c in api_get(client).json()]

    assert ids[0] == running.pk
    assert ids[1:] == [c.pk for c in finished[:20]]


def test_an_unknown_command_id_is_404(client):
    response = api_get(client, "/api/v3/command/999")

    assert response.status_code == 404
    assert response.json()["description"] == "Command 999 does not exist."


def test_a_command_started_over_an_hour_ago_is_shown_failed(client):
    stuck = make_command(ApiCommand.STARTED, minutes_ago=61)

    data = api_get(client, f"/api/v3/command/{stuck.pk}").json()

    assert (data["status"], data["result"]) == ("failed", "unsuccessful")
    assert data["message"] == commands.STALE_MESSAGE


def test_deleting_a_queued_command_cancels_it_and_its_task_does_not_run(client, heat, searches):
    command_id = api_post(client, {"name": "MoviesSearch", "movieIds": [heat.pk]}).json()["id"]

    response = client.delete(f"/api/v3/command/{command_id}", HTTP_X_API_KEY=current_api_key())
    commands.run_command(command_id)

    assert (response.status_code, response.json()) == (200, {})
    cancelled = ApiCommand.objects.get(pk=command_id)
    assert (cancelled.status, cancelled.message) == (
        ApiCommand.CANCELLED,
        "Cancelled before it started",
    )
    shown = client.get(f"/api/v3/command/{command_id}", HTTP_X_API_KEY=current_api_key()).json()
    assert (shown["status"], shown["result"]) == ("cancelled", "unsuccessful")
    assert searches == []


def test_deleting_a_started_command_is_refused_with_400(client):
    started = make_command(ApiCommand.STARTED)

    response = client.delete(f"/api/v3/command/{started.pk}", HTTP_X_API_KEY=current_api_key())

    assert response.status_code == 400
    started.refresh_from_db()
    assert started.status == ApiCommand.STARTED


def test_deleting_an_unknown_command_is_404(client):
    response = client.delete("/api/v3/command/999", HTTP_X_API_KEY=current_api_key())

    assert response.status_code == 404


# --- The runner, the duration format, housekeeping, the admin ---


def test_a_command_is_run_once_even_when_its_task_runs_twice(heat, searches):
    command = ApiCommand.objects.create(name="MoviesSearch", body={"movieIds": [heat.pk]})

    commands.run_command(command.pk)
    commands.run_command(command.pk)

    assert len(searches) == 1


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=1, microseconds=234000), "00:00:01.2340000"),
        (timedelta(hours=2, minutes=3, seconds=4), "02:03:04.0000000"),
        (timedelta(days=1, hours=2), "1.02:00:00.0000000"),
    ],
)
def test_durations_are_written_as_dotnet_timespans(delta, text):
    assert timespan(delta) == text


def test_housekeeping_deletes_commands_older_than_a_week_and_fails_stuck_ones():
    old = make_command(ApiCommand.COMPLETED, minutes_ago=8 * 24 * 60)
    recent = make_command(ApiCommand.COMPLETED, minutes_ago=6 * 24 * 60)
    stuck = make_command(ApiCommand.STARTED, minutes_ago=90)

    counts = trim_api_commands()

    assert counts == {"api_commands": 1, "stale_api_commands": 1}
    assert not ApiCommand.objects.filter(pk=old.pk).exists()
    assert ApiCommand.objects.filter(pk=recent.pk).exists()
    stuck.refresh_from_db()
    assert (stuck.status, stuck.message) == (ApiCommand.FAILED, commands.STALE_MESSAGE)


def test_the_admin_lists_commands_but_cannot_add_them(admin_client):
    make_command(ApiCommand.COMPLETED)

    listing = admin_client.get("/admin/radarr_site/apicommand/")
    adding = admin_client.get("/admin/radarr_site/apicommand/add/")

    assert listing.status_code == 200
    assert b"RssSync" in listing.content
    assert adding.status_code == 403


def test_the_openapi_document_describes_the_command_endpoints(client):
    paths = api_get(client, "/api/v3/openapi.json").json()["paths"]

    assert set(paths["/api/v3/command"]) == {"get", "post"}
    assert set(paths["/api/v3/command/{command_id}"]) == {"get", "delete"}
