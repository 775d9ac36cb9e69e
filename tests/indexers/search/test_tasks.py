"""The django-q2 entry points, and a failed download searched again through them."""

from __future__ import annotations

import pytest

from downloads.failed import mark_failed
from downloads.models import Download
from indexers import tasks
from indexers.search import queue_movie_search
from tests.fakes.download_client import make_client, server
from tests.indexers.search.conftest import make_indexer, matrix_release

pytestmark = pytest.mark.django_db

BLURAY = "The.Matrix.1999.1080p.BluRay.x264-GRP"
WEBDL = "The.Matrix.1999.1080p.WEB-DL.DD5.1.H264-OTHER"


@pytest.fixture
def indexer(fake_indexers, fake_kinds):
    make_client()
    fake_indexers("One").releases = [matrix_release(BLURAY, n=1), matrix_release(WEBDL, n=2)]
    return make_indexer("One")


def test_the_movie_search_task_grabs_and_says_what_it_did(indexer, matrix):
    assert tasks.search_movie(matrix.pk) == f"Grabbed {BLURAY} from One"


def test_the_movie_search_task_skips_a_deleted_movie(indexer, fake_indexers):
    assert tasks.search_movie(987654) == "Movie 987654 no longer exists; not searched"
    assert fake_indexers("One").searches == []


def test_a_queued_search_runs_once_the_transaction_commits(
    indexer, matrix, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_movie_search(matrix.pk, "add")
        assert Download.objects.count() == 0

    assert len(callbacks) == 1
    assert Download.objects.get().grabbed_from == "add"


def test_a_queued_search_carries_the_user_who_asked(
    indexer, matrix, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_movie_search(matrix.pk, "interactive", user_id=admin_user.pk)

    assert Download.objects.get().grabbed_by == admin_user


def test_a_failed_download_is_searched_again_and_another_release_grabbed(
    indexer, matrix, django_capture_on_commit_callbacks
):
    tasks.search_movie(matrix.pk)
    first = Download.objects.get()
    assert first.source_title == BLURAY

    with django_capture_on_commit_callbacks(execute=True):
        mark_failed(first, "Unpacking failed")

    again = Download.objects.exclude(pk=first.pk).get()
    assert again.source_title == WEBDL  # the failed one is blocklisted now
    assert [r.title for r in server("Fake").added] == [BLURAY, WEBDL]
