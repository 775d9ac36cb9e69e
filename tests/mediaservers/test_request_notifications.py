"""A household request's change reaches the people: RequestAvailable / RequestFailed
deliveries for the webhooks that want them, sent to a real receiver; never to a media
server; the Connect form's switches (on for a new webhook, absent for a media server)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mediaservers import sending
from mediaservers.models import Connection, Delivery
from movies import services
from movies.models.requests import MovieRequest, RequestStatus
from radarr_site import events
from tests.mediaservers.settings.posted import hook_data, media_data
from tests.movies.factories import make_movie
from tests.servers.webhook import webhook_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with webhook_receiver() as running:
        yield running


@pytest.fixture
def hook(receiver):
    return Connection.objects.create(kind="webhook", name="Family chat", base_url=receiver.url)


@pytest.fixture
def heat(seeded_qualities, root_folder):
    return make_movie(
        root_folder,
        title="Heat",
        year=1995,
        tmdb_id=949,
        imdb_id="tt0113277",
        path=f"{root_folder.path}/Heat (1995)",
    )


def _approved(user, movie):
    return MovieRequest.objects.create(
        tmdb_id=movie.tmdb_id,
        title=movie.title,
        year=movie.year,
        requested_by=user,
        status=RequestStatus.APPROVED,
        movie=movie,
        note="for Friday",
    )


def _import(movie):
    events.file_imported.send(sender=None, movie=movie, movie_file=None, download=None)


def test_an_available_request_is_sent_to_the_webhook(hook, receiver, heat, member_user):
    req = _approved(member_user, heat)
    _import(heat)
    assert sending.send_ready()["sent"] == 1
    receiver.wait_for(1)
    body = receiver.requests[0].json
    assert body["eventType"] == "RequestAvailable"
    assert body["request"] == {
        "id": req.pk,
        "requestedBy": "bob",
        "requestedAt": req.requested_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "note": "for Friday",
        "status": "available",
        "failureReason": None,
    }
    assert body["movie"]["id"] == heat.pk
    assert (body["movie"]["tmdbId"], body["movie"]["imdbId"]) == (949, "tt0113277")
    assert body["movie"]["folderPath"] == heat.path
    assert "instanceName" in body and "applicationUrl" in body


def test_an_available_request_names_the_file_that_arrived(hook, receiver, heat, member_user):
    heat.files.create(relative_path="Heat (1995) Bluray-1080p.mkv", size=1, quality_id=7)
    _approved(member_user, heat)
    _import(heat)
    sending.send_ready()
    receiver.wait_for(1)
    body = receiver.requests[0].json
    assert body["movie"]["filePath"] == f"{heat.path}/Heat (1995) Bluray-1080p.mkv"


def test_a_failed_request_is_sent_with_its_reason_and_the_requested_movie(
    hook, receiver, fake_tmdb, seeded_qualities, member_user, admin_user
):
    # No root folder: the add fails before the movie exists.
    req = MovieRequest.objects.create(
        tmdb_id=603, title="The Matrix", year=1999, requested_by=member_user
    )
    services.approve_request(req, admin_user)
    delivery = Delivery.objects.get(connection=hook)
    assert delivery.event == "RequestFailed"
    sending.send_ready()
    body = receiver.requests[0].json
    assert body["eventType"] == "RequestFailed"
    assert body["request"]["status"] == "failed"
    assert "root folder" in body["request"]["failureReason"]
    assert body["movie"]["id"] is None
    assert (body["movie"]["tmdbId"], body["movie"]["title"]) == (603, "The Matrix")


def test_a_webhook_with_the_switch_off_gets_nothing(hook, heat, member_user):
    hook.on_request_available = False
    hook.save()
    _approved(member_user, heat)
    _import(heat)
    assert not Delivery.objects.filter(event="RequestAvailable").exists()


def test_a_failed_switch_off_still_gets_available(hook, heat, member_user):
    hook.on_request_failed = False
    hook.save()
    _approved(member_user, heat)
    _import(heat)
    assert Delivery.objects.filter(connection=hook, event="RequestAvailable").count() == 1


def test_a_media_server_is_never_told_about_requests(heat, member_user):
    plex = Connection.objects.create(
        kind="plex",
        name="Plex",
        base_url="http://p",
        api_key="t",
        on_import=False,
        on_request_available=True,
    )
    _approved(member_user, heat)
    _import(heat)
    assert not plex.deliveries.exists()


def test_a_disabled_webhook_gets_nothing(hook, heat, member_user):
    hook.enabled = False
    hook.save()
    _approved(member_user, heat)
    _import(heat)
    assert not Delivery.objects.exists()


def test_a_declined_request_sends_nothing(hook, member_user, admin_user):
    req = MovieRequest.objects.create(tmdb_id=603, title="The Matrix", requested_by=member_user)
    services.decline_request(req, admin_user, "No")
    assert not Delivery.objects.exists()


def test_a_new_webhook_form_has_the_request_switches_on(admin_client):
    form = admin_client.get(reverse("settings:connection_add"), {"kind": "webhook"}).context["form"]
    assert form.fields["on_request_available"].initial is True
    assert form.fields["on_request_failed"].initial is True
    assert form.fields["on_request_available"].label == "On Request Available"


def test_a_webhook_saves_its_request_switches(admin_client):
    data = hook_data(on_request_available="on")
    admin_client.post(reverse("settings:connection_add"), {"kind": "webhook", **data})
    row = Connection.objects.get()
    assert row.on_request_available and not row.on_request_failed


def test_a_media_server_form_has_no_request_switches_and_saves_them_off(admin_client):
    add = reverse("settings:connection_add")
    form = admin_client.get(add, {"kind": "plex"}).context["form"]
    assert not {"on_request_available", "on_request_failed"} & set(form.fields)
    admin_client.post(add, {"kind": "plex", **media_data(api_key="k3y")})
    row = Connection.objects.get()
    assert not row.on_request_available and not row.on_request_failed
