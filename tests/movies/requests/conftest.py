"""Fixtures for the request tests: a library to add to, searches recorded instead of queued."""

from __future__ import annotations

import pytest


@pytest.fixture
def searches(monkeypatch):
    """The movie searches approval queues, as (movie pk, source), instead of a task."""
    from indexers import services as indexer_services

    queued: list[tuple[int, str]] = []
    monkeypatch.setattr(
        indexer_services,
        "queue_movie_search",
        lambda movie_id, source="automatic", **kw: queued.append((movie_id, source)),
    )
    return queued


@pytest.fixture
def library(fake_tmdb, root_folder, quality_profile, searches):
    """TMDB answering, a root folder and the default profiles, searches recorded."""
    return root_folder


@pytest.fixture
def auto_approver(db, django_user_model):
    """A Member allowed to skip the queue."""
    from django.contrib.auth.models import Permission

    from radarr_site.accounts.roles import MEMBER
    from tests.conftest import make_user

    user = make_user("carol", MEMBER)
    user.user_permissions.add(Permission.objects.get(codename="auto_approve_request"))
    return django_user_model.objects.get(pk=user.pk)  # a fresh permission cache
