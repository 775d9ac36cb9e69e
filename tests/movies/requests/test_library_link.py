"""A movie entering the library by another road than an approval (Add movie, the API, a
library import) takes over the open requests for it, and a file recorded for it makes them
available."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from movies import services
from movies.models import Movie, MovieFile
from movies.models.requests import MovieRequest, RequestStatus
from radarr_site import events
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


def _request(user, tmdb_id=603, status=RequestStatus.PENDING, **fields):
    return MovieRequest.objects.create(
        tmdb_id=tmdb_id, title="The Matrix", requested_by=user, status=status, **fields
    )


def test_adding_the_movie_approves_its_pending_request_by_nobody(
    library, member_user, admin_user, searches
):
    req = _request(member_user)
    movie = services.add_movie(
        603, root_folder=library, quality_profile=services.QualityProfile.objects.first()
    )
    req.refresh_from_db()
    assert (req.status, req.movie, req.decided_by) == (RequestStatus.APPROVED, movie, None)
    assert req.decided_at is not None
    assert (req.quality_profile, req.root_folder) == (movie.quality_profile, library)


def test_a_movie_saved_directly_links_the_open_request(root_folder, seeded_qualities, member_user):
    req = _request(member_user)
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix")
    req.refresh_from_db()
    assert (req.status, req.movie) == (RequestStatus.APPROVED, movie)


def test_an_approved_request_without_its_movie_yet_is_linked(
    root_folder, seeded_qualities, member_user, admin_user
):
    req = _request(member_user, status=RequestStatus.APPROVED, decided_by=admin_user)
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix")
    req.refresh_from_db()
    assert (req.status, req.movie, req.decided_by) == (RequestStatus.APPROVED, movie, admin_user)


def test_declined_requests_and_other_movies_requests_are_left_alone(
    root_folder, seeded_qualities, member_user
):
    declined = _request(member_user, status=RequestStatus.DECLINED)
    other = _request(member_user, tmdb_id=13)
    make_movie(root_folder, tmdb_id=603, title="The Matrix")
    assert MovieRequest.objects.get(pk=declined.pk).status == RequestStatus.DECLINED
    assert (MovieRequest.objects.get(pk=other.pk).status, other.movie) == (
        RequestStatus.PENDING,
        None,
    )


def test_adding_the_movie_approves_and_links_a_failed_request(
    root_folder, seeded_qualities, member_user
):
    failed = _request(member_user, status=RequestStatus.FAILED, failure_reason="TMDB was down.")
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix")
    failed.refresh_from_db()
    assert (failed.status, failed.movie, failed.decided_by) == (
        RequestStatus.APPROVED,
        movie,
        None,
    )
    assert failed.failure_reason == ""


def test_only_the_newest_failed_request_is_approved_when_several_failed(
    root_folder, seeded_qualities, member_user, admin_user
):
    older = _request(member_user, status=RequestStatus.FAILED)
    newer = _request(admin_user, status=RequestStatus.FAILED)
    make_movie(root_folder, tmdb_id=603, title="The Matrix")
    assert MovieRequest.objects.get(pk=older.pk).status == RequestStatus.FAILED
    assert MovieRequest.objects.get(pk=newer.pk).status == RequestStatus.APPROVED


def test_a_failed_request_stays_failed_when_a_pending_one_takes_the_movie(
    root_folder, seeded_qualities, member_user, admin_user
):
    failed = _request(member_user, status=RequestStatus.FAILED)
    pending = _request(admin_user)
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix")
    assert MovieRequest.objects.get(pk=failed.pk).status == RequestStatus.FAILED
    assert MovieRequest.objects.get(pk=pending.pk).movie == movie


def test_a_movie_added_unmonitored_reads_not_monitored_on_its_request(
    root_folder, seeded_qualities, member_user, member_client
):
    req = _request(member_user)
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix", monitored=False)
    req.refresh_from_db()
    assert services.request_states([req], viewer=member_user)[req.pk].label == (
        "In the library, not monitored"
    )
    assert Movie.objects.get(pk=movie.pk).monitored is False  # the admin's choice kept
    content = member_client.get("/requests/").content.decode()
    assert "In the library, not monitored" in content
    assert 'hx-trigger="every 5s"' not in content  # nothing moves: no polling


def test_a_downloads_import_leaves_the_request_to_the_file_imported_event(
    root_folder, seeded_qualities, member_user, tmp_path
):
    from movies.file_import import COPY

    req = _request(member_user)
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix", year=1999)
    source = tmp_path / "The.Matrix.1999.1080p.BluRay-GRP.mkv"
    source.write_bytes(b"v" * 64)
    row = services.import_movie_file(
        movie, str(source), mode=COPY, parsed=services.parse_path(str(source))
    )
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.APPROVED
    events.file_imported.send(sender=None, movie=movie, movie_file=row, download=None)
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.AVAILABLE


def test_a_file_recorded_for_the_movie_makes_the_linked_request_available(
    root_folder, seeded_qualities, member_user
):
    told: list[str] = []

    def record(sender, request, status, **kwargs):
        told.append(status)

    events.request_changed.connect(record, dispatch_uid="test-library-link")
    try:
        req = _request(member_user)
        movie = make_movie(root_folder, tmdb_id=603, title="The Matrix")
        MovieFile.objects.create(movie=movie, relative_path="The Matrix.mkv", size=10)
    finally:
        events.request_changed.disconnect(dispatch_uid="test-library-link")
    req.refresh_from_db()
    assert req.status == RequestStatus.AVAILABLE and req.available_at is not None
    assert req.seen_by_requester is False
    assert told == ["available"]


def test_a_failure_linking_requests_never_stops_the_movie_being_added(
    root_folder, seeded_qualities, member_user, monkeypatch
):
    from movies.requesting import availability

    _request(member_user)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(availability, "timezone", SimpleNamespace(now=broken))
    movie = make_movie(root_folder, tmdb_id=603, title="The Matrix")
    assert movie.pk is not None
    assert MovieRequest.objects.get(tmdb_id=603).status == RequestStatus.PENDING


def test_the_page_says_a_request_was_approved_by_the_movie_being_added(
    member_client, root_folder, seeded_qualities, member_user
):
    _request(member_user)
    make_movie(root_folder, tmdb_id=603, title="The Matrix")
    content = member_client.get("/requests/").content.decode()
    assert "added to the library" in content
