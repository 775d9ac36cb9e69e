"""What the Requests page reads: visibility, the movie's state, availability, unseen changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from downloads.models import Download, DownloadClient
from movies import services
from movies.models.requests import MovieRequest, RequestStatus
from radarr_site import events
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


def _request(user, movie=None, status=RequestStatus.APPROVED, tmdb_id=None, **fields):
    return MovieRequest.objects.create(
        tmdb_id=tmdb_id or (movie.tmdb_id if movie else 603),
        title=movie.title if movie else "The Matrix",
        requested_by=user,
        status=status,
        movie=movie,
        **fields,
    )


def _download(movie, progress, state=Download.State.DOWNLOADING):
    client, _ = DownloadClient.objects.get_or_create(
        kind="qbittorrent", name="qBit", defaults={"base_url": "http://q"}
    )
    return Download.objects.create(
        movie=movie,
        client=client,
        protocol="torrent",
        download_id=f"h{movie.pk}{progress}",
        source_title=f"{movie.title}.1080p-GRP",
        quality_id=7,
        state=state,
        progress=progress,
    )


def test_members_see_only_their_own_requests(member_user, admin_user):
    mine = _request(member_user, status=RequestStatus.PENDING)
    _request(admin_user, status=RequestStatus.PENDING, tmdb_id=13)
    assert list(services.requests_visible_to(member_user)) == [mine]


def test_admins_see_every_request(member_user, admin_user):
    _request(member_user, status=RequestStatus.PENDING)
    _request(admin_user, status=RequestStatus.PENDING, tmdb_id=13)
    assert services.requests_visible_to(admin_user).count() == 2


def test_states_tell_available_downloading_and_searching(
    seeded_qualities, root_folder, member_user
):
    have = make_movie(root_folder, title="Heat", has_file=True)
    getting = make_movie(root_folder, title="Alien")
    waiting = make_movie(root_folder, title="Up")
    _download(getting, 0.424)
    reqs = [
        _request(member_user, have, status=RequestStatus.AVAILABLE),
        _request(member_user, getting),
        _request(member_user, waiting),
    ]
    states = services.request_states(reqs)
    assert [(states[r.pk].label, states[r.pk].percent) for r in reqs] == [
        ("Available", None),
        ("Downloading", 42),
        ("Searching", None),
    ]
    assert states[reqs[1].pk].movie_url == f"/movies/{getting.pk}/"


def test_a_finished_download_does_not_count_as_downloading(
    seeded_qualities, root_folder, member_user
):
    movie = make_movie(root_folder, title="Alien")
    _download(movie, 1.0, state=Download.State.IMPORTED)
    req = _request(member_user, movie)
    assert services.request_states([req])[req.pk].label == "Searching"


def test_pending_and_declined_requests_have_no_movie_state(member_user):
    pending = _request(member_user, status=RequestStatus.PENDING)
    declined = _request(member_user, status=RequestStatus.DECLINED, tmdb_id=13)
    assert services.request_states([pending, declined]) == {}


def test_states_of_a_whole_page_cost_two_queries(seeded_qualities, root_folder, member_user):
    reqs = []
    for n in range(12):
        movie = make_movie(root_folder, title=f"Movie {n}")
        if n % 3 == 0:
            _download(movie, 0.5)
        reqs.append(_request(member_user, movie))
    with CaptureQueriesContext(connection) as queries:
        states = services.request_states(reqs)
    assert len(states) == 12
    assert len(queries) == 2


def test_an_import_makes_the_movies_approved_requests_available(
    seeded_qualities, root_folder, member_user
):
    movie = make_movie(root_folder, title="Heat")
    req = _request(member_user, movie)
    events.file_imported.send(sender=None, movie=movie, movie_file=None, download=None)
    req.refresh_from_db()
    assert req.status == RequestStatus.AVAILABLE
    assert req.available_at is not None and req.seen_by_requester is False


def test_an_import_leaves_another_movies_requests_alone(seeded_qualities, root_folder, member_user):
    movie = make_movie(root_folder, title="Heat")
    other = _request(member_user, make_movie(root_folder, title="Alien"))
    events.file_imported.send(sender=None, movie=movie, movie_file=None, download=None)
    assert MovieRequest.objects.get(pk=other.pk).status == RequestStatus.APPROVED


def test_unseen_changes_are_the_users_told_changes_until_marked_seen(member_user, admin_user):
    failed = _request(member_user, status=RequestStatus.FAILED, seen_by_requester=False)
    _request(member_user, status=RequestStatus.PENDING, tmdb_id=13, seen_by_requester=False)
    theirs = _request(admin_user, status=RequestStatus.FAILED, tmdb_id=11, seen_by_requester=False)
    assert services.unseen_changes(member_user) == [failed]
    assert services.mark_seen(member_user, [failed.pk, theirs.pk]) == 1
    assert services.unseen_changes(member_user) == []
    assert services.unseen_changes(admin_user) == [theirs]


def test_deleting_an_approved_requests_movie_fails_the_request_and_frees_the_movie(
    library, member_user
):
    movie = make_movie(library, title="The Matrix", tmdb_id=603)
    req = _request(member_user, movie)
    services.delete_movies([movie.pk], delete_files=False)
    req.refresh_from_db()
    assert req.status == RequestStatus.FAILED and req.seen_by_requester is False
    assert "removed from the library" in req.failure_reason
    assert services.request_movie(member_user, 603).status == RequestStatus.PENDING


def test_deleting_a_movie_leaves_its_available_requests_available(library, member_user):
    movie = make_movie(library, title="The Matrix", tmdb_id=603, has_file=True)
    req = _request(member_user, movie, status=RequestStatus.AVAILABLE)
    services.delete_movies([movie.pk], delete_files=False)
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.AVAILABLE


def test_a_failure_marking_requests_is_logged_never_raised_into_the_import(
    seeded_qualities, root_folder, member_user, monkeypatch, caplog
):
    from movies.requesting import availability

    def broken(req):
        raise RuntimeError("boom")

    monkeypatch.setattr(availability, "mark_available", broken)
    movie = make_movie(root_folder, title="Heat")
    _request(member_user, movie)
    availability.requests_available_on_import(None, movie=movie)
    assert "Could not mark the requests of Heat" in caplog.text


@pytest.fixture
def no_searches_yet():
    """An empty cache: no movie has a last search."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _searched(movie, message, when):
    from indexers.search.outcomes import remember

    remember(movie.pk, message, when=when)


def test_a_movie_searched_since_the_approval_shows_admins_missing_with_the_outcome(
    seeded_qualities, root_folder, member_user, admin_user, no_searches_yet
):
    from datetime import timedelta

    from django.utils import timezone

    movie = make_movie(root_folder, title="Heat")
    approved = timezone.now() - timedelta(hours=1)
    req = _request(member_user, movie, decided_at=approved)
    _searched(movie, "Searched 3 indexer(s): no release accepted.", approved + timedelta(minutes=1))
    label = services.request_states([req], viewer=admin_user)[req.pk].label
    assert label == "Missing — Searched 3 indexer(s): no release accepted."


def test_the_requester_reads_missing_without_the_admins_reasons(
    seeded_qualities, root_folder, member_user, no_searches_yet
):
    from django.utils import timezone

    movie = make_movie(root_folder, title="Heat")
    req = _request(member_user, movie, decided_at=timezone.now())
    _searched(movie, "No enabled torrent download client is configured.", timezone.now())
    label = services.request_states([req], viewer=member_user)[req.pk].label
    assert label == "Missing — no release yet; it will be searched again"


def test_an_approval_older_than_the_kept_search_with_no_outcome_reads_missing(
    seeded_qualities, root_folder, member_user, no_searches_yet
):
    from datetime import timedelta

    from django.utils import timezone

    movie = make_movie(root_folder, title="Heat")
    req = _request(member_user, movie, decided_at=timezone.now() - timedelta(days=31))
    label = services.request_states([req], viewer=member_user)[req.pk].label
    assert label == "Missing — not found yet"


def test_a_movie_whose_last_search_is_older_than_the_approval_is_still_searching(
    seeded_qualities, root_folder, member_user, no_searches_yet
):
    from datetime import timedelta

    from django.utils import timezone

    movie = make_movie(root_folder, title="Heat")
    approved = timezone.now()
    req = _request(member_user, movie, decided_at=approved)
    _searched(movie, "Nothing found.", approved - timedelta(days=2))
    assert services.request_states([req])[req.pk].label == "Searching"


def test_a_long_search_outcome_is_shortened(
    seeded_qualities, root_folder, member_user, admin_user, no_searches_yet
):
    from django.utils import timezone

    movie = make_movie(root_folder, title="Heat")
    req = _request(member_user, movie, decided_at=timezone.now())
    _searched(movie, "word " * 100, timezone.now())
    label = services.request_states([req], viewer=admin_user)[req.pk].label
    assert label.startswith("Missing — word word") and label.endswith("…")
    assert len(label) <= len("Missing — ") + 80
