"""Two requests from one user at the same moment: the quota check inside request_movie's
transaction is serialised (a row lock on PostgreSQL; on SQLite the IMMEDIATE transaction
takes the write lock at BEGIN), so the second sees the first and is refused."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from movies import services
from movies.models.requests import MovieRequest, RequestSettings

# Threads need committed rows: a transactional test. Earlier transactional tests empty the
# database when they end (post_migrate restores roles, not the seeded profiles).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded_qualities")]


def test_two_requests_at_once_cannot_both_fit_a_quota_of_one(library, member_user, monkeypatch):
    from movies.requesting import lifecycle

    RequestSettings.objects.update_or_create(pk=1, defaults={"quota_limit": 1, "quota_days": 7})
    first_inside = threading.Event()
    real_quota_for = lifecycle.quota_for

    def slow_in_first(user, *args, **kwargs):
        quota = real_quota_for(user, *args, **kwargs)
        if connection.in_atomic_block and threading.current_thread().name == "first":
            first_inside.set()
            time.sleep(0.5)  # the second request arrives while the first holds the lock
        return quota

    monkeypatch.setattr(lifecycle, "quota_for", slow_in_first)
    outcomes: dict[str, object] = {}

    def ask(tmdb_id: int) -> None:
        name = threading.current_thread().name
        try:
            outcomes[name] = services.request_movie(member_user, tmdb_id).status
        except Exception as exc:  # the refusal (or anything else) is the outcome
            outcomes[name] = exc
        finally:
            connection.close()

    first = threading.Thread(target=ask, args=(603,), name="first")
    second = threading.Thread(target=ask, args=(13,), name="second")
    first.start()
    assert first_inside.wait(10)
    second.start()
    first.join(20)
    second.join(20)
    assert outcomes["first"] == "pending"
    assert isinstance(outcomes["second"], services.OverQuota)
    assert MovieRequest.objects.filter(requested_by=member_user).count() == 1
