"""The requests in the Django admin: the list, the bulk actions, the settings and profiles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import Movie
from movies.models.requests import MovieRequest, RequesterProfile, RequestSettings, RequestStatus

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:movies_movierequest_changelist")


def _pending(user, tmdb_id=603, title="The Matrix", **fields):
    return MovieRequest.objects.create(tmdb_id=tmdb_id, title=title, requested_by=user, **fields)


def _act(client, action, *requests, follow=True):
    data = {"action": action, "_selected_action": [r.pk for r in requests]}
    return client.post(CHANGELIST, data, follow=follow)


def test_the_list_shows_title_requester_and_status(admin_client, member_user):
    _pending(member_user, note="please")
    html = admin_client.get(CHANGELIST).content.decode()
    assert "The Matrix" in html and "bob" in html and "Pending" in html


def test_the_list_filters_by_status(admin_client, member_user):
    _pending(member_user)
    _pending(member_user, 13, "Forrest Gump", status=RequestStatus.DECLINED)
    html = admin_client.get(CHANGELIST, {"status__exact": "declined"}).content.decode()
    assert "Forrest Gump" in html and "The Matrix" not in html


def test_approve_selected_adds_the_movies_and_reports(library, admin_client, member_user, searches):
    req = _pending(member_user)
    response = _act(admin_client, "approve_selected", req)
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.APPROVED
    movie = Movie.objects.get(tmdb_id=603)
    assert searches == [(movie.pk, "request")]
    assert "Approved 1 request." in response.content.decode()


def test_approve_selected_names_what_could_not_be_approved(library, admin_client, member_user):
    req = _pending(member_user, status=RequestStatus.DECLINED)
    response = _act(admin_client, "approve_selected", req)
    assert "only pending or failed requests can be approved" in response.content.decode()
    assert not Movie.objects.exists()


def test_approve_selected_fails_a_request_whose_add_breaks_unexpectedly_and_goes_on(
    library, admin_client, member_user, monkeypatch
):
    from django.db import OperationalError

    from movies import services

    real_add = services.add_movie

    def add_some(tmdb_id, **kwargs):
        if tmdb_id == 603:
            raise OperationalError("database is locked")
        return real_add(tmdb_id, **kwargs)

    monkeypatch.setattr(services, "add_movie", add_some)
    bad = _pending(member_user)
    good = _pending(member_user, 13, "Forrest Gump")
    html = _act(admin_client, "approve_selected", bad, good).content.decode()
    assert MovieRequest.objects.get(pk=bad.pk).status == RequestStatus.FAILED
    assert MovieRequest.objects.get(pk=good.pk).status == RequestStatus.APPROVED
    assert "Approved 1 request." in html and "The Matrix: Could not add the movie" in html


def test_decline_selected_declines_the_pending_ones(admin_client, member_user):
    one = _pending(member_user)
    two = _pending(member_user, 13, "Forrest Gump")
    response = _act(admin_client, "decline_selected", one, two)
    assert set(MovieRequest.objects.values_list("status", flat=True)) == {"declined"}
    assert "Declined 2 requests." in response.content.decode()


def test_a_member_cannot_run_the_actions(member_client, member_user):
    req = _pending(member_user)
    response = _act(member_client, "approve_selected", req, follow=False)
    assert response.status_code in (302, 403)
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.PENDING


def test_requests_cannot_be_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:movies_movierequest_add"))
    assert response.status_code == 403


def test_the_status_cannot_be_edited_by_hand(admin_client, member_user):
    req = _pending(member_user)
    url = reverse("admin:movies_movierequest_change", args=[req.pk])
    admin_client.post(url, {"note": "changed", "decline_reason": "", "status": "available"})
    req.refresh_from_db()
    assert (req.note, req.status) == ("changed", RequestStatus.PENDING)


def test_request_settings_are_editable(admin_client):
    settings_row = RequestSettings.load()
    url = reverse("admin:movies_requestsettings_change", args=[settings_row.pk])
    response = admin_client.post(url, {"quota_limit": 3, "quota_days": 14})
    assert response.status_code == 302
    settings_row.refresh_from_db()
    assert (settings_row.quota_limit, settings_row.quota_days) == (3, 14)


def test_a_requester_profile_is_editable(admin_client, member_user, quality_profile):
    url = reverse("admin:movies_requesterprofile_add")
    response = admin_client.post(
        url,
        {
            "user": member_user.pk,
            "quality_profile": quality_profile.pk,
            "root_folder": "",
            "quota_limit": 2,
            "quota_days": "",
        },
    )
    assert response.status_code == 302
    profile = RequesterProfile.objects.get(user=member_user)
    assert (profile.quality_profile, profile.quota_limit, profile.quota_days) == (
        quality_profile,
        2,
        None,
    )
