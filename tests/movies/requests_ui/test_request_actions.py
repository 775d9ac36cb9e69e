"""Admin actions on the Requests page: approve and decline one by one or in bulk; members
get 403 and nothing changes."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from movies.models import Movie, QualityProfile
from movies.models.requests import MovieRequest, RequestStatus
from tests.movies.factories import make_movie
from tests.movies.requests_ui.conftest import make_request


def approve(client, req, htmx=False, **data):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("movies:request_approve", args=[req.pk]), data, **extra)


def test_a_member_cannot_approve_a_request(member_client, member_user, library):
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    assert approve(member_client, req).status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING and not Movie.objects.exists()


def test_a_member_cannot_decline_a_request(member_client, member_user, library):
    req = make_request(member_user)
    url = reverse("movies:request_decline", args=[req.pk])
    assert member_client.post(url, {"reason": "no"}).status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING


def test_a_member_cannot_use_the_bulk_actions(member_client, member_user, library):
    req = make_request(member_user)
    response = member_client.post(
        reverse("movies:requests_bulk"), {"ids": [req.pk], "action": "decline"}
    )
    assert response.status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING


def test_an_admin_approves_with_the_chosen_profile_adds_the_movie_and_searches(
    admin_client, member_user, library, searches
):
    ultra = QualityProfile.objects.get(name="Ultra-HD")
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    response = approve(
        admin_client,
        req,
        quality_profile=ultra.pk,
        root_folder=library.pk,
        next="/requests/?status=pending",
    )
    assert response.status_code == 302 and response["Location"] == "/requests/?status=pending"
    movie = Movie.objects.get(tmdb_id=603)
    assert movie.quality_profile == ultra and movie.added_by == member_user
    assert searches == [(movie.pk, "request")]
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and req.movie == movie


def test_approving_over_htmx_swaps_the_row_with_the_outcome(admin_client, member_user, library):
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    content = approve(admin_client, req, htmx=True).content.decode()
    assert content.lstrip().startswith(f'<tr id="request-{req.pk}"')
    assert "Approved The Matrix" in content and "Searching" in content
    assert reverse("movies:request_approve", args=[req.pk]) not in content


def test_a_failed_approval_shows_the_reason_and_offers_a_retry(
    admin_client, member_user, library, fake_tmdb
):
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    fake_tmdb.fail_next(status=500, count=10)
    content = approve(admin_client, req, htmx=True).content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.FAILED
    assert "Could not add The Matrix" in content and "Retry" in content


def test_a_failed_approval_over_htmx_gives_its_reason_once(
    admin_client, member_user, library, monkeypatch
):
    from movies import services

    def refused(*args, **kwargs):
        raise ValueError("The disk said no")

    monkeypatch.setattr(services, "add_movie", refused)
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    content = approve(admin_client, req, htmx=True).content.decode()
    assert MovieRequest.objects.get(pk=req.pk).status == RequestStatus.FAILED
    assert content.count("The disk said no") == 1
    assert "Could not add The Matrix" in content


def test_without_a_root_folder_a_failed_request_offers_adding_one_not_a_retry(
    admin_client, member_user, db
):
    req = make_request(member_user, status=RequestStatus.FAILED, failure_reason="No folder.")
    content = admin_client.get("/requests/").content.decode()
    row = content[content.index(f'id="request-{req.pk}"') :]
    assert "Retry…" not in row
    assert f'href="{reverse("settings:root_folders")}">Add a root folder first' in row


def test_approving_a_declined_request_is_refused_with_a_message(admin_client, member_user, library):
    req = make_request(member_user, status=RequestStatus.DECLINED)
    response = approve(admin_client, req)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("only pending or failed" in m for m in messages)
    assert not Movie.objects.exists()


def test_an_unknown_profile_is_refused(admin_client, member_user, library):
    req = make_request(member_user, tmdb_id=603)
    approve(admin_client, req, quality_profile=999_999)
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING and not Movie.objects.exists()


def test_an_admin_declines_with_a_reason_the_requester_sees(
    admin_client, member_user, admin_user, library
):
    req = make_request(member_user)
    url = reverse("movies:request_decline", args=[req.pk])
    admin_client.post(url, {"reason": "We own the DVD"})
    req.refresh_from_db()
    assert (req.status, req.decline_reason, req.decided_by) == (
        RequestStatus.DECLINED,
        "We own the DVD",
        admin_user,
    )
    assert req.seen_by_requester is False


def test_bulk_approve_approves_every_ticked_request(admin_client, member_user, library, searches):
    first = make_request(member_user, tmdb_id=603, title="The Matrix")
    second = make_request(member_user, tmdb_id=949, title="Heat")
    untouched = make_request(member_user, tmdb_id=550, title="Fight Club")
    response = admin_client.post(
        reverse("movies:requests_bulk"), {"ids": [first.pk, second.pk], "action": "approve"}
    )
    assert response.status_code == 302
    assert set(Movie.objects.values_list("tmdb_id", flat=True)) == {603, 949}
    assert len(searches) == 2
    untouched.refresh_from_db()
    assert untouched.status == RequestStatus.PENDING
    assert "Approved 2 requests." in [str(m) for m in response.wsgi_request._messages]


def test_bulk_decline_gives_every_ticked_request_the_reason(admin_client, member_user, library):
    first = make_request(member_user)
    second = make_request(member_user)
    admin_client.post(
        reverse("movies:requests_bulk"),
        {"ids": [first.pk, second.pk], "action": "decline", "reason": "Not this month"},
    )
    assert set(MovieRequest.objects.values_list("status", "decline_reason")) == {
        (RequestStatus.DECLINED, "Not this month")
    }


def test_bulk_lists_each_problem(admin_client, member_user, library):
    done = make_request(member_user, status=RequestStatus.DECLINED, title="Alien")
    response = admin_client.post(
        reverse("movies:requests_bulk"), {"ids": [done.pk], "action": "decline"}
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Alien" in m and "only pending" in m for m in messages)


def test_bulk_without_ticks_says_so(admin_client, library):
    response = admin_client.post(reverse("movies:requests_bulk"), {"action": "approve"})
    assert "Tick the requests" in " ".join(str(m) for m in response.wsgi_request._messages)


def test_the_back_link_never_leaves_the_site(admin_client, member_user, library):
    req = make_request(member_user)
    response = admin_client.post(
        reverse("movies:request_decline", args=[req.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("movies:requests")


def test_admin_actions_need_the_csrf_token(admin_user, member_user, library):
    req = make_request(member_user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(reverse("movies:request_decline", args=[req.pk])).status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING


def test_approving_a_request_for_a_movie_added_meanwhile_links_it(
    admin_client, member_user, library
):
    movie = make_movie(library, tmdb_id=603, title="The Matrix")
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    approve(admin_client, req)
    req.refresh_from_db()
    assert req.movie == movie and Movie.objects.count() == 1


def test_a_row_approved_over_htmx_polls_its_own_status_while_searching(
    admin_client, member_user, library
):
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    content = approve(admin_client, req, htmx=True).content.decode()
    cell = content.split(f'id="request-status-{req.pk}"')[1].split(">")[0]
    assert f'hx-get="{reverse("movies:request_states")}?ids={req.pk}&amp;self=1"' in cell
    assert 'hx-trigger="every 5s"' in cell


def test_a_row_polling_itself_gets_its_cell_back_and_leaves_the_page_poller_alone(
    admin_client, member_user, library
):
    movie = make_movie(library, tmdb_id=603, title="The Matrix")
    req = make_request(member_user, tmdb_id=603, status=RequestStatus.APPROVED, movie=movie)
    url = reverse("movies:request_states")
    content = admin_client.get(url, {"ids": str(req.pk), "self": "1"}).content.decode()
    assert f'id="request-status-{req.pk}"' in content and "Searching" in content
    assert f"?ids={req.pk}&amp;self=1" in content  # still moving: it keeps polling
    assert 'id="request-poll"' not in content


def test_a_row_polling_itself_stops_once_the_movie_is_available(admin_client, member_user, library):
    movie = make_movie(library, tmdb_id=603, title="The Matrix", has_file=True)
    req = make_request(member_user, tmdb_id=603, status=RequestStatus.APPROVED, movie=movie)
    url = reverse("movies:request_states")
    content = admin_client.get(url, {"ids": str(req.pk), "self": "1"}).content.decode()
    assert "Available" in content and "hx-trigger" not in content
