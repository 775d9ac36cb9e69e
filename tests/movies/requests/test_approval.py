"""Approving and declining: what is added with what, the search, failures, double decisions."""

from __future__ import annotations

import pytest

from movies import services
from movies.models import Movie, QualityProfile, RootFolder
from movies.models.requests import MovieRequest, RequesterProfile, RequestStatus
from radarr_site import events
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


def _pending(user, tmdb_id=603, title="The Matrix", status=RequestStatus.PENDING):
    return MovieRequest.objects.create(
        tmdb_id=tmdb_id, title=title, requested_by=user, status=status
    )


@pytest.fixture
def changes():
    """The request_changed signals sent, as (request pk, status)."""
    seen: list[tuple[int, str]] = []

    def record(sender, request, status, **kwargs):
        seen.append((request.pk, status))

    events.request_changed.connect(record, dispatch_uid="test-request-changed")
    yield seen
    events.request_changed.disconnect(dispatch_uid="test-request-changed")


def test_approval_adds_the_movie_for_the_requester_and_queues_a_search(
    library, member_user, admin_user, searches
):
    req = services.approve_request(_pending(member_user), admin_user)
    movie = Movie.objects.get(tmdb_id=603)
    assert movie.monitored and movie.added_by == member_user
    assert searches == [(movie.pk, "request")]
    req.refresh_from_db()
    assert (req.status, req.movie, req.decided_by) == (RequestStatus.APPROVED, movie, admin_user)
    assert req.decided_at is not None


def test_approval_uses_the_first_profile_and_root_folder_by_default(
    library, member_user, admin_user, tmp_path
):
    other = tmp_path / "other"
    other.mkdir()
    RootFolder.objects.create(path=str(other))
    services.approve_request(_pending(member_user), admin_user)
    movie = Movie.objects.get(tmdb_id=603)
    assert movie.root_folder == RootFolder.objects.order_by("pk").first()
    assert movie.quality_profile == QualityProfile.objects.order_by("pk").first()


def test_approval_uses_the_requesters_own_defaults(library, member_user, admin_user, tmp_path):
    other = tmp_path / "kids"
    other.mkdir()
    kids = RootFolder.objects.create(path=str(other))
    profile = QualityProfile.objects.order_by("-pk").first()
    RequesterProfile.objects.create(user=member_user, quality_profile=profile, root_folder=kids)
    assert services.request_defaults(member_user) == (profile, kids)
    req = services.approve_request(_pending(member_user), admin_user)
    movie = Movie.objects.get(tmdb_id=603)
    assert (movie.quality_profile, movie.root_folder) == (profile, kids)
    assert (req.quality_profile, req.root_folder) == (profile, kids)


def test_approval_with_choices_overrides_the_defaults(library, member_user, admin_user):
    profile = QualityProfile.objects.order_by("-pk").first()
    services.approve_request(_pending(member_user), admin_user, quality_profile=profile)
    assert Movie.objects.get(tmdb_id=603).quality_profile == profile


def test_approval_without_search_queues_none(library, member_user, admin_user, searches):
    services.approve_request(_pending(member_user), admin_user, search=False)
    assert searches == []


def test_a_failed_add_leaves_the_request_failed_with_the_reason_and_tells_the_requester(
    library, member_user, admin_user, fake_tmdb, searches, changes
):
    fake_tmdb.fail_next(status=401, count=5)
    req = services.approve_request(_pending(member_user), admin_user)
    req.refresh_from_db()
    assert req.status == RequestStatus.FAILED
    assert req.failure_reason
    assert req.seen_by_requester is False
    assert changes == [(req.pk, "failed")]
    assert not Movie.objects.exists() and searches == []


def test_approval_without_a_root_folder_fails_the_request(
    fake_tmdb, quality_profile, member_user, admin_user, changes
):
    req = services.approve_request(_pending(member_user), admin_user)
    assert req.status == RequestStatus.FAILED
    assert "root folder" in req.failure_reason
    assert changes == [(req.pk, "failed")]


def test_a_failed_request_can_be_approved_again(library, member_user, admin_user):
    failed = _pending(member_user, status=RequestStatus.FAILED)
    failed.failure_reason = "TMDB was down"
    failed.save()
    req = services.approve_request(failed, admin_user)
    assert req.status == RequestStatus.APPROVED and req.failure_reason == ""
    assert MovieRequest.objects.get(pk=req.pk).movie is not None


def test_approval_of_a_movie_already_in_the_library_links_it(
    library, member_user, admin_user, searches
):
    movie = make_movie(library, title="The Matrix", tmdb_id=603)
    req = services.approve_request(_pending(member_user), admin_user)
    assert (req.status, req.movie) == (RequestStatus.APPROVED, movie)
    assert Movie.objects.count() == 1
    assert searches == [(movie.pk, "request")]  # monitored, no file yet: look for it now


def test_approval_of_an_unmonitored_library_movie_monitors_and_searches_it(
    library, member_user, admin_user, searches
):
    movie = make_movie(library, title="The Matrix", tmdb_id=603, monitored=False)
    req = services.approve_request(_pending(member_user), admin_user)
    movie.refresh_from_db()
    assert movie.monitored is True
    assert searches == [(movie.pk, "request")]
    assert (req.status, req.movie) == (RequestStatus.APPROVED, movie)


def _add_fails_unexpectedly(monkeypatch):
    from django.db import OperationalError

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "add_movie", locked)


def test_an_unexpected_error_while_adding_fails_the_request_instead_of_leaving_it_approved(
    library, member_user, admin_user, monkeypatch, searches, changes, caplog
):
    _add_fails_unexpectedly(monkeypatch)
    req = services.approve_request(_pending(member_user), admin_user)
    stored = MovieRequest.objects.get(pk=req.pk)
    assert stored.status == RequestStatus.FAILED and stored.movie is None
    assert stored.failure_reason.startswith("Could not add the movie: ")
    assert "OperationalError" in stored.failure_reason
    assert changes == [(req.pk, "failed")] and searches == []
    assert any(r.exc_info and "database is locked" in str(r.exc_info[1]) for r in caplog.records)


def test_a_request_failed_by_an_unexpected_error_can_be_approved_again(
    library, member_user, admin_user, monkeypatch
):
    with monkeypatch.context() as patched:
        _add_fails_unexpectedly(patched)
        req = services.approve_request(_pending(member_user), admin_user)
    req = services.approve_request(MovieRequest.objects.get(pk=req.pk), admin_user)
    assert req.status == RequestStatus.APPROVED
    assert req.movie == Movie.objects.get(tmdb_id=603)


def test_an_error_after_the_movie_is_added_fails_the_request_and_a_retry_links_the_movie(
    library, member_user, admin_user, monkeypatch, searches
):
    from movies.requesting import lifecycle

    real_queue = lifecycle._queue_search

    def broken(movie):
        raise RuntimeError("boom")

    monkeypatch.setattr(lifecycle, "_queue_search", broken)
    req = services.approve_request(_pending(member_user), admin_user)
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.FAILED
    monkeypatch.setattr(lifecycle, "_queue_search", real_queue)
    req = services.approve_request(MovieRequest.objects.get(pk=req.pk), admin_user)
    movie = Movie.objects.get(tmdb_id=603)
    assert (req.status, req.movie) == (RequestStatus.APPROVED, movie)
    assert searches == [(movie.pk, "request")]


def test_bulk_approval_reports_an_unexpected_error_as_a_problem_and_goes_on(
    library, member_user, admin_user, monkeypatch
):
    real_add = services.add_movie

    def add_some(tmdb_id, **kwargs):
        if tmdb_id == 603:
            raise RuntimeError("disk gone")
        return real_add(tmdb_id, **kwargs)

    monkeypatch.setattr(services, "add_movie", add_some)
    bad = _pending(member_user)
    good = _pending(member_user, 13, "Forrest Gump")
    result = services.approve_requests([bad.pk, good.pk], admin_user)
    assert result.done == 1
    assert len(result.problems) == 1 and result.problems[0].startswith("The Matrix: Could not")
    assert MovieRequest.objects.get(pk=bad.pk).status == RequestStatus.FAILED
    assert MovieRequest.objects.get(pk=good.pk).status == RequestStatus.APPROVED


def test_bulk_approval_goes_on_when_even_failing_a_request_fails(
    library, member_user, admin_user, monkeypatch
):
    from movies.requesting import lifecycle

    _add_fails_unexpectedly(monkeypatch)

    def cannot(req, reason):
        raise RuntimeError("database gone")

    monkeypatch.setattr(lifecycle, "fail_request", cannot)
    first = _pending(member_user)
    second = _pending(member_user, 13, "Forrest Gump")
    result = services.approve_requests([first.pk, second.pk], admin_user)
    assert result.done == 0
    assert [p.split(":")[0] for p in result.problems] == ["The Matrix", "Forrest Gump"]


def test_a_search_that_cannot_be_queued_leaves_the_movie_added_and_approved(
    library, member_user, admin_user, monkeypatch
):
    from indexers import services as indexer_services

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(indexer_services, "queue_movie_search", broker_down)
    req = services.approve_request(_pending(member_user), admin_user)
    assert req.status == RequestStatus.APPROVED
    assert Movie.objects.filter(tmdb_id=603).exists()


def test_approval_of_a_movie_that_has_its_file_is_available_at_once(
    library, member_user, admin_user, changes
):
    make_movie(library, title="The Matrix", tmdb_id=603, has_file=True)
    req = services.approve_request(_pending(member_user), admin_user)
    req.refresh_from_db()
    assert req.status == RequestStatus.AVAILABLE
    assert req.available_at is not None and req.seen_by_requester is False
    assert changes == [(req.pk, "available")]


def test_a_request_is_approved_only_once(library, member_user, admin_user, searches):
    req = _pending(member_user)
    stale = MovieRequest.objects.get(pk=req.pk)  # a second admin's copy, read before
    services.approve_request(req, admin_user)
    with pytest.raises(services.RequestRefused) as refused:
        services.approve_request(stale, admin_user)
    assert "approved" in refused.value.message
    assert len(searches) == 1


def test_a_declined_request_cannot_be_approved(library, member_user, admin_user):
    req = _pending(member_user, status=RequestStatus.DECLINED)
    with pytest.raises(services.RequestRefused):
        services.approve_request(req, admin_user)
    assert not Movie.objects.exists()


def test_retrying_a_failed_request_while_another_is_open_is_refused(
    library, member_user, admin_user
):
    failed = _pending(member_user, status=RequestStatus.FAILED)
    other = _pending(admin_user)
    with pytest.raises(services.AlreadyRequested) as refused:
        services.approve_request(failed, admin_user)
    assert refused.value.request.pk == other.pk
    assert MovieRequest.objects.get(pk=failed.pk).status == RequestStatus.FAILED


def test_decline_keeps_the_reason_and_tells_the_requester(member_user, admin_user):
    req = services.decline_request(_pending(member_user), admin_user, "  Not for kids ")
    req.refresh_from_db()
    assert (req.status, req.decline_reason) == (RequestStatus.DECLINED, "Not for kids")
    assert req.decided_by == admin_user and req.seen_by_requester is False


def test_only_pending_requests_can_be_declined(member_user, admin_user):
    req = _pending(member_user, status=RequestStatus.APPROVED)
    with pytest.raises(services.RequestRefused):
        services.decline_request(req, admin_user)
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.APPROVED


def test_bulk_approval_counts_done_and_names_each_problem(
    library, member_user, admin_user, searches
):
    good = _pending(member_user)
    declined = _pending(member_user, 13, "Forrest Gump", status=RequestStatus.DECLINED)
    result = services.approve_requests([good.pk, declined.pk], admin_user)
    assert result.done == 1
    assert len(result.problems) == 1 and "Forrest Gump" in result.problems[0]
    assert MovieRequest.objects.get(pk=good.pk).status == RequestStatus.APPROVED


def test_bulk_approval_reports_a_failed_add_as_a_problem(
    library, member_user, admin_user, fake_tmdb
):
    fake_tmdb.fail_next(status=401, count=5)
    result = services.approve_requests([_pending(member_user).pk], admin_user)
    assert result.done == 0
    assert result.problems[0].startswith("The Matrix: ")


def test_bulk_decline_declines_pending_ones_with_the_reason(member_user, admin_user):
    one = _pending(member_user)
    two = _pending(member_user, 13, "Forrest Gump")
    approved = _pending(member_user, 11, "Star Wars", status=RequestStatus.APPROVED)
    result = services.decline_requests([one.pk, two.pk, approved.pk], admin_user, "No room")
    assert result.done == 2 and len(result.problems) == 1
    assert set(
        MovieRequest.objects.filter(status=RequestStatus.DECLINED).values_list(
            "decline_reason", flat=True
        )
    ) == {"No room"}
    assert MovieRequest.objects.get(pk=approved.pk).status == RequestStatus.APPROVED
