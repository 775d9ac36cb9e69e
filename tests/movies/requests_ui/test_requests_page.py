"""The Requests page: who sees which rows, status badges and movie states, the unseen
changes announced once, and the nav count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from downloads.models import Download
from movies.models.requests import RequestStatus
from tests.movies.factories import make_movie
from tests.movies.requests_ui.conftest import make_request


def page(client, **query) -> str:
    return client.get(reverse("movies:requests"), query).content.decode()


def test_a_member_sees_their_own_requests_and_nobody_elses(
    member_client, member_user, other_member, library
):
    mine = make_request(member_user, title="Heat", note="director's cut")
    theirs = make_request(other_member, title="Alien")
    content = page(member_client)
    assert f'id="request-{mine.pk}"' in content and "director&#x27;s cut" in content
    assert f'id="request-{theirs.pk}"' not in content and "Alien" not in content


def test_a_member_gets_404_on_another_members_request(member_client, other_member, library):
    theirs = make_request(other_member, title="Alien")
    response = member_client.get(reverse("movies:request_detail", args=[theirs.pk]))
    assert response.status_code == 404


def test_a_member_opens_their_own_request(member_client, member_user, library):
    mine = make_request(member_user, title="Heat")
    response = member_client.get(reverse("movies:request_detail", args=[mine.pk]))
    assert response.status_code == 200 and f'id="request-{mine.pk}"' in response.content.decode()


def test_an_admin_sees_everyones_requests_with_who_asked(
    admin_client, member_user, other_member, library
):
    make_request(member_user, title="Heat")
    make_request(other_member, title="Alien")
    content = page(admin_client)
    assert "Heat" in content and "Alien" in content
    assert ">bob<" in content and ">carol<" in content


def test_an_admin_filters_by_requester(admin_client, member_user, other_member, library):
    make_request(member_user, title="Heat")
    make_request(other_member, title="Alien")
    content = page(admin_client, requester=other_member.pk)
    assert "Alien" in content and "Heat" not in content


def test_the_list_filters_by_status(member_client, member_user, library):
    make_request(member_user, title="Heat")
    make_request(member_user, title="Alien", status=RequestStatus.DECLINED)
    content = page(member_client, status="declined")
    assert "Alien" in content and "Heat" not in content


def test_a_member_cannot_filter_to_someone_elses_requests(member_client, other_member, library):
    make_request(other_member, title="Alien")
    assert "Alien" not in page(member_client, requester=other_member.pk)


def test_a_declined_request_shows_its_reason_escaped(member_client, member_user, library):
    make_request(
        member_user,
        status=RequestStatus.DECLINED,
        decline_reason="<script>alert(1)</script> already on disc",
    )
    content = page(member_client)
    assert "badge err" in content and "Declined" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; already on disc" in content
    assert "<script>alert(1)" not in content


def test_a_failed_request_shows_its_reason(member_client, member_user, library):
    make_request(member_user, status=RequestStatus.FAILED, failure_reason="TMDB is down")
    content = page(member_client)
    assert "Failed" in content and "TMDB is down" in content


def test_a_member_sees_no_admin_actions(member_client, member_user, library):
    make_request(member_user)
    content = page(member_client)
    assert "/approve/" not in content and "/decline/" not in content
    assert "Approve selected" not in content and 'name="ids"' not in content


def test_an_admin_sees_approve_with_the_requesters_default_profile_and_folder(
    admin_client, member_user, library
):
    from movies.models import QualityProfile
    from movies.models.requests import RequesterProfile

    ultra = QualityProfile.objects.get(name="Ultra-HD")
    RequesterProfile.objects.create(user=member_user, quality_profile=ultra)
    req = make_request(member_user)
    content = page(admin_client)
    assert reverse("movies:request_approve", args=[req.pk]) in content
    assert f'<option value="{ultra.pk}" selected>Ultra-HD</option>' in content
    assert f'<option value="{library.pk}" selected>' in content
    assert f'name="ids" value="{req.pk}"' in content


def test_an_approved_request_shows_searching_with_a_link_to_the_movie_and_polls(
    member_client, member_user, library
):
    movie = make_movie(library, title="Heat")
    req = make_request(member_user, title="Heat", status=RequestStatus.APPROVED, movie=movie)
    content = page(member_client)
    assert "Searching" in content and reverse("movies:detail", args=[movie.pk]) in content
    assert f'{reverse("movies:request_states")}?ids={req.pk}"' in content
    assert 'hx-trigger="every 5s"' in content


def test_a_downloading_movie_shows_a_progress_bar(member_client, member_user, library):
    from tests.fakes.download_client import make_client

    movie = make_movie(library, title="Heat")
    make_request(member_user, title="Heat", status=RequestStatus.APPROVED, movie=movie)
    Download.objects.create(
        movie=movie,
        client=make_client(),
        protocol="torrent",
        download_id="abc",
        source_title="Heat.1995.1080p.BluRay.x264-GRP",
        state=Download.State.DOWNLOADING,
        progress=0.42,
    )
    content = page(member_client)
    assert "Downloading 42%" in content and 'aria-valuenow="42"' in content


def test_an_available_request_does_not_poll(member_client, member_user, library):
    movie = make_movie(library, title="Heat", has_file=True)
    make_request(member_user, title="Heat", status=RequestStatus.AVAILABLE, movie=movie)
    content = page(member_client)
    assert "Available" in content and "hx-trigger" not in content.split('id="request-poll"')[1][:80]


def test_the_poll_swaps_status_cells_out_of_band_and_stops_when_nothing_moves(
    member_client, member_user, library
):
    movie = make_movie(library, title="Heat")
    req = make_request(member_user, title="Heat", status=RequestStatus.APPROVED, movie=movie)
    movie.has_file = True
    movie.save(update_fields=["has_file"])
    response = member_client.get(reverse("movies:request_states"), {"ids": str(req.pk)})
    content = response.content.decode()
    assert f'id="request-status-{req.pk}"' in content and 'hx-swap-oob="true"' in content
    assert "Available" in content
    assert 'id="request-poll" hx-swap-oob="true"' in content  # no hx-get: polling stops


def test_the_poll_leaves_out_another_members_requests(member_client, other_member, library):
    movie = make_movie(library, title="Alien")
    theirs = make_request(other_member, status=RequestStatus.APPROVED, movie=movie)
    content = member_client.get(
        reverse("movies:request_states"), {"ids": str(theirs.pk)}
    ).content.decode()
    assert f"request-status-{theirs.pk}" not in content


def test_unseen_changes_are_announced_once_then_marked_seen(member_client, member_user, library):
    req = make_request(
        member_user,
        title="Heat",
        status=RequestStatus.DECLINED,
        decline_reason="we own it",
        seen_by_requester=False,
    )
    first = page(member_client)
    assert "Your request for Heat was declined: we own it." in first
    req.refresh_from_db()
    assert req.seen_by_requester
    assert "Your request for Heat was declined" not in page(member_client)


def test_the_nav_link_counts_unseen_changes(member_client, member_user, library):
    make_request(member_user, status=RequestStatus.FAILED, seen_by_requester=False)
    make_request(member_user, status=RequestStatus.AVAILABLE, seen_by_requester=False)
    content = member_client.get(reverse("movies:request_new")).content.decode()
    assert 'class="badge warn nav-count"' in content
    assert ">2</span></a>" in content


def test_the_nav_count_costs_one_query(
    member_client, member_user, library, django_assert_num_queries
):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = member_user
    template = Template("{% load request_badges %}{% unseen_request_count %}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "0"


def test_the_requests_nav_link_is_shown_to_members(member_client, library):
    content = member_client.get(reverse("movies:library")).content.decode()
    assert f'href="{reverse("movies:requests")}"' in content


def test_a_request_whose_search_found_nothing_shows_missing_and_does_not_poll(
    member_client, member_user, library
):
    from datetime import timedelta

    from django.utils import timezone

    from indexers.search.outcomes import remember

    movie = make_movie(library, title="Heat")
    approved = timezone.now() - timedelta(hours=1)
    make_request(
        member_user, title="Heat", status=RequestStatus.APPROVED, movie=movie, decided_at=approved
    )
    remember(movie.pk, "No release accepted yet.", when=approved + timedelta(minutes=5))
    content = page(member_client)
    assert "Missing — no release yet; it will be searched again" in content
    assert "Searching" not in content and "No release accepted yet." not in content
    assert "hx-trigger" not in content.split('id="request-poll"')[1][:80]


def _requesters(count: int) -> None:
    """`count` members, every other one with their own default profile, each with a
    pending and a failed request (both rows carry the approve form and its defaults)."""
    from movies.models import QualityProfile
    from movies.models.requests import RequesterProfile
    from radarr_site.accounts.roles import MEMBER
    from tests.conftest import make_user

    profile = QualityProfile.objects.order_by("-pk").first()
    for n in range(count):
        user = make_user(f"member{n}", MEMBER)
        if n % 2:
            RequesterProfile.objects.create(user=user, quality_profile=profile)
        make_request(user, title=f"Movie {n}")
        make_request(user, title=f"Other {n}", status=RequestStatus.FAILED)


# The same bound whatever the number of requesters (it was 69 queries with 20 before).
ADMIN_PAGE_QUERIES = 12


@pytest.mark.parametrize("count", [2, 20])
def test_the_admin_page_costs_the_same_queries_however_many_requesters(
    admin_client, library, count, django_assert_max_num_queries
):
    _requesters(count)
    admin_client.get(reverse("movies:requests"))  # the session and site settings warmed
    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        content = admin_client.get(reverse("movies:requests")).content.decode()
    assert content.count('name="ids"') == 2 * count
