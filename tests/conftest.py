"""Fixtures shared by the whole suite: household users and signed-in clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from radarr_site.accounts.roles import ADMIN, MEMBER, set_role
from tests.browser import browser, page, pytest_runtest_makereport  # noqa: F401 (fixtures, hook)
from tests.fakes.tmdb import FakeTmdb

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(autouse=True)
def _fresh_http_sessions():
    """HTTP sessions are cached per process; start every test without them."""
    from radarr_site.http.session import reset_sessions

    reset_sessions()
    yield
    reset_sessions()


def make_user(username: str, role: str, password: str = "correct-horse-battery"):
    user = get_user_model().objects.create_user(username=username, password=password)
    set_role(user, role)
    return user


@pytest.fixture
def admin_user(db):
    return make_user("alice", ADMIN)


@pytest.fixture
def member_user(db):
    return make_user("bob", MEMBER)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


@pytest.fixture
def root_folder(db, tmp_path):
    from movies.models import RootFolder

    folder = tmp_path / "movies"
    folder.mkdir()
    rf = RootFolder(path=str(folder))
    rf.probe_disk()
    rf.save()
    return rf


@pytest.fixture
def seeded_qualities(db):
    """Radarr's qualities and default profiles, seeded again (idempotent).

    Transactional tests (the browser ones) empty the database when they end, and the
    flush re-runs post_migrate (roles, schedules) but not data migrations.
    """
    import importlib

    from django.apps import apps

    seed = importlib.import_module("movies.migrations.0002_seed_qualities_and_profiles").seed
    seed(apps, None)


@pytest.fixture(scope="session")
def _fake_tmdb_server():
    fake = FakeTmdb().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_tmdb(_fake_tmdb_server, settings):
    """The fake TMDB, reset for this test, with TMDB_BASE_URL and TMDB_API_KEY pointing at it."""
    _fake_tmdb_server.reset()
    settings.TMDB_BASE_URL = _fake_tmdb_server.base_url
    settings.TMDB_API_KEY = _fake_tmdb_server.api_key
    cache.clear()  # the image base URL is cached per base URL; start each test cold
    yield _fake_tmdb_server
    _fake_tmdb_server.reset()
