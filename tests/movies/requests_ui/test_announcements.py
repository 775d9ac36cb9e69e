"""The changes a requester is told about once, worded as sentences."""

from __future__ import annotations

import pytest

from movies.models.requests import MovieRequest, RequestStatus

pytestmark = pytest.mark.django_db


def told(member_client, member_user, **fields) -> str:
    MovieRequest.objects.create(
        tmdb_id=949,
        title="Heat",
        year=1995,
        requested_by=member_user,
        seen_by_requester=False,
        **fields,
    )
    return member_client.get("/requests/").content.decode()


def test_a_failure_reason_ending_in_a_full_stop_gets_no_second_one(member_client, member_user):
    page = told(
        member_client,
        member_user,
        status=RequestStatus.FAILED,
        failure_reason="The movie was removed from the library before it arrived.",
    )
    assert "before it arrived.." not in page
    assert "Your request for Heat failed: The movie was removed" in page


def test_a_decline_reason_without_a_full_stop_gets_one(member_client, member_user):
    page = told(
        member_client, member_user, status=RequestStatus.DECLINED, decline_reason="Too scary"
    )
    assert "was declined: Too scary." in page
