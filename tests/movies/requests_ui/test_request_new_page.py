"""The "Request a movie" page: TMDB search, per-result Request / In library / Requested,
the member's quota, and refusals shown with their date or link."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from movies.models.requests import MovieRequest, RequestSettings, RequestStatus
from tests.movies.factories import make_movie
from tests.movies.requests_ui.conftest import make_request


def search(client, term: str):
    return client.get(reverse("movies:request_search"), {"q": term}, HTTP_HX_REQUEST="true")


def post_request(client, tmdb_id, note="", htmx=True):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("movies:request_new"), {"tmdb_id": tmdb_id, "note": note, "q": "matrix"}, **extra
    )


def set_quota(limit: int, days: int = 7) -> None:
    RequestSettings.objects.update_or_create(
        pk=1, defaults={"quota_limit": limit, "quota_days": days}
    )


def test_member_search_shows_a_request_form_per_result(member_client, library):
    content = search(member_client, "the matrix").content.decode()
    assert "The Matrix" in content and "(1999)" in content
    assert 'name="tmdb_id" value="603"' in content
    assert 'name="note"' in content and ">Request</button>" in content


def test_search_marks_a_movie_in_the_library_with_a_link_to_it(member_client, library):
    movie = make_movie(library, tmdb_id=603, title="The Matrix")
    content = search(member_client, "tmdb:603").content.decode()
    assert "In library" in content
    assert reverse("movies:detail", args=[movie.pk]) in content
    assert 'name="tmdb_id" value="603"' not in content


def test_search_marks_own_open_request_with_a_link_to_it(member_client, member_user, library):
    req = make_request(member_user, tmdb_id=603, title="The Matrix")
    content = search(member_client, "tmdb:603").content.decode()
    assert f'/requests/#request-{req.pk}"' in content
    assert 'name="tmdb_id" value="603"' not in content


def test_search_does_not_link_to_another_members_request(member_client, other_member, library):
    req = make_request(other_member, tmdb_id=603, title="The Matrix")
    content = search(member_client, "tmdb:603").content.decode()
    assert "Requested" in content and "by someone in the household" in content
    assert f"#request-{req.pk}" not in content


def test_requesting_stores_a_pending_request_with_the_note(member_client, member_user, library):
    response = post_request(member_client, 603, note="The <b>original</b> cut")
    req = MovieRequest.objects.get(tmdb_id=603)
    assert (req.requested_by, req.status, req.note) == (
        member_user,
        RequestStatus.PENDING,
        "The <b>original</b> cut",
    )
    content = response.content.decode()
    assert "Requested" in content and f"#request-{req.pk}" in content


def test_requesting_without_javascript_goes_to_the_request_on_the_requests_page(
    member_client, library
):
    response = post_request(member_client, 603, htmx=False)
    req = MovieRequest.objects.get(tmdb_id=603)
    assert response.status_code == 302
    assert response["Location"] == reverse("movies:requests") + f"#request-{req.pk}"


def test_the_member_sees_how_many_requests_are_left_this_week(member_client, member_user, library):
    set_quota(3)
    make_request(member_user)
    content = member_client.get(reverse("movies:request_new")).content.decode()
    assert "2 of 3 requests left this week" in content


def test_a_spent_quota_shows_the_next_allowed_date_on_the_page(member_client, member_user, library):
    set_quota(1, days=7)
    make_request(member_user, requested_at=timezone.now() - datetime.timedelta(days=2))
    content = member_client.get(reverse("movies:request_new")).content.decode()
    next_allowed = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    assert "You have used your 1 request this week" in content
    assert f"{next_allowed.day} {next_allowed:%B %Y}" in content


def test_a_request_over_quota_is_refused_with_the_next_allowed_date(
    member_client, member_user, library
):
    set_quota(1, days=7)
    make_request(member_user, requested_at=timezone.now() - datetime.timedelta(days=1))
    content = post_request(member_client, 603).content.decode()
    next_allowed = timezone.localtime(timezone.now() + datetime.timedelta(days=6))
    assert 'class="errorbox"' in content
    assert f"next request is allowed on {next_allowed.day} {next_allowed:%B %Y}" in content
    assert not MovieRequest.objects.filter(tmdb_id=603).exists()


def test_an_over_quota_request_updates_the_quota_line_out_of_band(
    member_client, member_user, library
):
    set_quota(2)
    content = post_request(member_client, 603).content.decode()
    assert 'id="request-quota"' in content and 'hx-swap-oob="true"' in content
    assert "1 of 2 requests left this week" in content


def test_a_duplicate_of_another_members_request_is_refused_without_naming_or_linking_it(
    member_client, other_member, library
):
    existing = make_request(other_member, tmdb_id=603, title="The Matrix")
    content = post_request(member_client, 603).content.decode()
    assert "Someone in the household has already requested" in content
    assert "carol" not in content and f"/requests/{existing.pk}/" not in content
    assert MovieRequest.objects.filter(tmdb_id=603).count() == 1


def test_a_duplicate_of_ones_own_request_links_to_its_page(member_client, member_user, library):
    existing = make_request(member_user, tmdb_id=603, title="The Matrix")
    content = post_request(member_client, 603).content.decode()
    assert f'href="/requests/{existing.pk}/"' in content


def test_a_duplicate_refusal_over_htmx_replaces_the_form_with_the_requested_badge(
    member_client, member_user, library
):
    make_request(member_user, tmdb_id=603, title="The Matrix")
    content = post_request(member_client, 603).content.decode()
    assert '<span class="badge warn">Requested</span>' in content
    assert "<form" not in content and ">Request</button>" not in content


def test_a_library_refusal_over_htmx_replaces_the_form_with_the_in_library_badge(
    member_client, library
):
    movie = make_movie(library, tmdb_id=603, title="The Matrix")
    content = post_request(member_client, 603).content.decode()
    assert '<span class="badge ok">In library</span>' in content
    assert f'href="{reverse("movies:detail", args=[movie.pk])}"' in content
    assert "<form" not in content


def test_a_request_for_a_movie_in_the_library_is_refused_with_a_link_to_it(member_client, library):
    movie = make_movie(library, tmdb_id=603, title="The Matrix")
    content = post_request(member_client, 603, htmx=False).content.decode()
    assert "already in the library" in content
    assert f'href="{reverse("movies:detail", args=[movie.pk])}"' in content
    assert not MovieRequest.objects.exists()


def test_a_tmdb_failure_in_the_search_shows_a_clear_error(member_client, library, fake_tmdb):
    fake_tmdb.fail_next(status=500, count=10)
    response = search(member_client, "the matrix")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorbox"' in content and "TMDB" in content


def test_a_tmdb_failure_when_requesting_shows_the_error_and_stores_nothing(
    member_client, library, fake_tmdb
):
    fake_tmdb.fail_next(status=500, count=10)
    content = post_request(member_client, 603).content.decode()
    assert 'class="errorbox"' in content and "TMDB" in content
    assert not MovieRequest.objects.exists()


def test_a_request_without_a_movie_is_refused(member_client, library):
    content = post_request(member_client, "abc").content.decode()
    assert "Choose a movie" in content
    assert not MovieRequest.objects.exists()


def test_requesting_needs_the_csrf_token(member_user, library):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    response = client.post(reverse("movies:request_new"), {"tmdb_id": 603})
    assert response.status_code == 403
    assert not MovieRequest.objects.exists()


def test_a_user_without_the_request_permission_gets_403(db, library, django_user_model):
    nobody = django_user_model.objects.create_user("dave", password="x-long-password-1")
    client = Client()
    client.force_login(nobody)
    assert client.get(reverse("movies:request_new")).status_code == 403
    assert client.post(reverse("movies:request_new"), {"tmdb_id": 603}).status_code == 403


@pytest.mark.parametrize("htmx", [True, False])
def test_the_search_fragment_url_without_htmx_redirects_to_the_page(member_client, db, htmx):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = member_client.get(reverse("movies:request_search"), {"q": ""}, **extra)
    assert (response.status_code == 302) is not htmx


def test_a_spent_quota_disables_the_request_buttons(member_client, member_user, library):
    set_quota(1)
    make_request(member_user)
    content = search(member_client, "tmdb:603").content.decode()
    assert 'class="primary" disabled' in content
