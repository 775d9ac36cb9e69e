"""Asking for a movie: what is stored, and each refusal (library, open request, quota, TMDB)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from movies import services
from movies.models import Movie
from movies.models.requests import MovieRequest, RequesterProfile, RequestSettings, RequestStatus
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


def _old_request(user, tmdb_id, when, status=RequestStatus.AVAILABLE, **fields):
    return MovieRequest.objects.create(
        tmdb_id=tmdb_id,
        title=f"Movie {tmdb_id}",
        requested_by=user,
        requested_at=when,
        status=status,
        **fields,
    )


def test_request_stores_title_year_poster_and_note_from_tmdb(library, member_user):
    req = services.request_movie(member_user, 603, note="  for movie night ")
    req.refresh_from_db()
    assert (req.title, req.year, req.poster_path) == ("The Matrix", 1999, "/poster-603.jpg")
    assert req.note == "for movie night"
    assert req.status == RequestStatus.PENDING
    assert req.requested_by == member_user


def test_a_members_request_adds_nothing_to_the_library(library, member_user, searches):
    services.request_movie(member_user, 603)
    assert not Movie.objects.exists()
    assert searches == []


def test_refuses_a_movie_already_in_the_library_with_a_link_to_it(library, member_user):
    movie = make_movie(library, title="The Matrix", tmdb_id=603)
    with pytest.raises(services.AlreadyInLibrary) as refused:
        services.request_movie(member_user, 603)
    assert refused.value.url == f"/movies/{movie.pk}/"
    assert "already in the library" in refused.value.message
    assert not MovieRequest.objects.exists()


def test_refuses_a_movie_another_member_requested_without_naming_or_linking_them(
    library, member_user, admin_user
):
    _old_request(admin_user, 603, timezone.now(), status=RequestStatus.PENDING)
    with pytest.raises(services.AlreadyRequested) as refused:
        services.request_movie(member_user, 603)
    assert refused.value.message.startswith("Someone in the household has already requested")
    assert "alice" not in refused.value.message
    assert refused.value.url == ""
    assert MovieRequest.objects.count() == 1


def test_a_member_refused_for_an_approved_request_is_linked_to_the_movie(
    library, member_user, admin_user
):
    movie = make_movie(library, title="The Matrix", tmdb_id=604)
    _old_request(admin_user, 603, timezone.now(), status=RequestStatus.APPROVED, movie=movie)
    with pytest.raises(services.AlreadyRequested) as refused:
        services.request_movie(member_user, 603)
    assert refused.value.url == f"/movies/{movie.pk}/"


def test_an_admin_refused_for_a_duplicate_is_told_who_and_linked_to_the_request(
    library, member_user, admin_user
):
    first = _old_request(member_user, 603, timezone.now(), status=RequestStatus.PENDING)
    with pytest.raises(services.AlreadyRequested) as refused:
        services.request_movie(admin_user, 603)
    assert "bob" in refused.value.message
    assert refused.value.url == f"/requests/{first.pk}/"


def test_the_requester_refused_for_their_own_duplicate_is_linked_to_it(library, member_user):
    first = _old_request(member_user, 603, timezone.now(), status=RequestStatus.PENDING)
    with pytest.raises(services.AlreadyRequested) as refused:
        services.request_movie(member_user, 603)
    assert "requested by you" in refused.value.message
    assert refused.value.url == f"/requests/{first.pk}/"


def test_a_declined_movie_may_be_requested_again(library, member_user):
    _old_request(member_user, 603, timezone.now(), status=RequestStatus.DECLINED)
    req = services.request_movie(member_user, 603)
    assert req.status == RequestStatus.PENDING
    assert MovieRequest.objects.filter(tmdb_id=603).count() == 2


def test_the_database_refuses_a_second_open_request_for_a_movie(library, member_user):
    # The race request_movie's check cannot see: the partial unique constraint backs it.
    _old_request(member_user, 603, timezone.now(), status=RequestStatus.PENDING)
    with pytest.raises(IntegrityError):
        _old_request(member_user, 603, timezone.now(), status=RequestStatus.APPROVED)


def test_a_request_that_loses_the_race_is_refused_as_already_requested(
    library, member_user, admin_user, monkeypatch
):
    from movies.requesting import lifecycle

    # The check runs before the other request is stored; the insert then collides.
    monkeypatch.setattr(lifecycle, "_refuse_duplicates", lambda tmdb_id, user: None)
    other = _old_request(admin_user, 603, timezone.now(), status=RequestStatus.PENDING)
    with pytest.raises(services.AlreadyRequested) as refused:
        services.request_movie(member_user, 603)
    assert refused.value.request.pk == other.pk


def test_a_movie_added_while_tmdb_is_asked_refuses_the_request_as_in_the_library(
    library, member_user, monkeypatch
):
    asked = services.lookup_movie

    def added_meanwhile(tmdb_id):
        details = asked(tmdb_id)
        make_movie(library, title="The Matrix", tmdb_id=603)  # Add movie, the API, ...
        return details

    monkeypatch.setattr(services, "lookup_movie", added_meanwhile)
    with pytest.raises(services.AlreadyInLibrary):
        services.request_movie(member_user, 603)
    assert not MovieRequest.objects.exists()


def test_refuses_a_request_over_quota_naming_the_next_allowed_date(library, member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 2, "quota_days": 7})
    now = timezone.now()
    oldest = now - timedelta(days=5)
    _old_request(member_user, 11, oldest)
    _old_request(member_user, 13, now - timedelta(days=1))
    with pytest.raises(services.OverQuota) as refused:
        services.request_movie(member_user, 603)
    next_allowed = oldest + timedelta(days=7)
    assert refused.value.next_allowed == next_allowed
    local = timezone.localtime(next_allowed)
    assert f"your next request is allowed on {local.day} {local:%B %Y}" in refused.value.message
    assert "2 requests per 7 days" in refused.value.message
    assert not MovieRequest.objects.filter(tmdb_id=603).exists()


def test_declined_requests_do_not_count_against_the_quota(library, member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 1, "quota_days": 7})
    _old_request(member_user, 11, timezone.now(), status=RequestStatus.DECLINED)
    assert services.request_movie(member_user, 603).status == RequestStatus.PENDING


def test_requests_older_than_the_period_do_not_count(library, member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 1, "quota_days": 7})
    _old_request(member_user, 11, timezone.now() - timedelta(days=8))
    assert services.request_movie(member_user, 603).status == RequestStatus.PENDING


def test_failed_requests_do_not_count_against_the_quota(library, member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 1, "quota_days": 7})
    _old_request(member_user, 11, timezone.now(), status=RequestStatus.FAILED)
    assert services.quota_for(member_user).remaining == 1
    assert services.request_movie(member_user, 603).status == RequestStatus.PENDING


def test_a_users_own_quota_overrides_the_household_default(library, member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 10, "quota_days": 7})
    RequesterProfile.objects.create(user=member_user, quota_limit=1)
    _old_request(member_user, 11, timezone.now())
    with pytest.raises(services.OverQuota):
        services.request_movie(member_user, 603)


def test_quota_for_reports_used_remaining_and_no_date_while_some_remain(member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 3, "quota_days": 7})
    _old_request(member_user, 11, timezone.now())
    quota = services.quota_for(member_user)
    assert (quota.limit, quota.days, quota.used, quota.remaining) == (3, 7, 1, 2)
    assert quota.next_allowed is None


def test_quota_limit_zero_means_no_limit(member_user):
    _old_request(member_user, 11, timezone.now())
    quota = services.quota_for(member_user)
    assert quota.limit == 0 and quota.remaining is None


def test_the_next_allowed_date_is_when_enough_requests_leave_the_window(member_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 2, "quota_days": 10})
    now = datetime(2026, 11, 30, 12, tzinfo=timezone.get_current_timezone())
    for tmdb_id, age in ((11, 9), (13, 6), (105, 2)):
        _old_request(member_user, tmdb_id, now - timedelta(days=age))
    # Three used of two: the second oldest must leave before one is free again.
    assert services.quota_for(member_user, now=now).next_allowed == now + timedelta(days=4)


def test_admins_have_no_quota(library, admin_user):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 1, "quota_days": 7})
    _old_request(admin_user, 11, timezone.now())
    req = services.request_movie(admin_user, 603)
    assert req.status == RequestStatus.APPROVED
    assert services.quota_for(admin_user).remaining is None


def test_auto_approvers_are_still_held_to_the_quota(library, auto_approver):
    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 1, "quota_days": 7})
    _old_request(auto_approver, 11, timezone.now())
    with pytest.raises(services.OverQuota):
        services.request_movie(auto_approver, 603)


def test_a_tmdb_failure_refuses_the_request_and_stores_nothing(library, member_user, fake_tmdb):
    fake_tmdb.fail_next(status=401, count=5)
    with pytest.raises(services.RequestRefused) as refused:
        services.request_movie(member_user, 603)
    assert refused.value.message
    assert refused.value.url == ""
    assert not MovieRequest.objects.exists()


def test_an_auto_approver_is_approved_at_once_and_the_movie_searched(
    library, auto_approver, searches
):
    req = services.request_movie(auto_approver, 603)
    assert req.status == RequestStatus.APPROVED
    assert req.decided_by == auto_approver
    movie = Movie.objects.get(tmdb_id=603)
    assert req.movie == movie and movie.added_by == auto_approver
    assert searches == [(movie.pk, "request")]


def test_an_admins_request_is_approved_at_once(library, admin_user):
    req = services.request_movie(admin_user, 603)
    assert req.status == RequestStatus.APPROVED
    assert Movie.objects.filter(tmdb_id=603).exists()


@pytest.mark.parametrize("tmdb_id", [0, -3, "abc", None])
def test_refuses_a_request_without_a_valid_tmdb_id(library, member_user, fake_tmdb, tmdb_id):
    with pytest.raises(services.RequestRefused) as refused:
        services.request_movie(member_user, tmdb_id)
    assert "Choose a movie" in refused.value.message
    assert fake_tmdb.requests == [] and not MovieRequest.objects.exists()
