"""NZBGet for real: downloads from the loopback NNTP server complete or fail, and the
client maps what NZBGet says (ids, states, paths, reasons, pause/resume/remove, test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from downloads.clients.base import ItemState
from downloads.clients.nzbget import NzbGet
from tests.downloads import real_usenet
from tests.downloads.nzbget.conftest import make_config
from tests.downloads.real_usenet import nzb_for, request
from tests.fakes import free_port
from tests.servers.nntp import missing_nzb

pytestmark = pytest.mark.slow


def wait_for(client: NzbGet, download_id: str, states: set[ItemState], timeout: float = 30):
    return real_usenet.wait_for(client, download_id, states, timeout, interval=0.2)


def test_a_download_from_the_news_server_completes_with_its_file_in_the_output_path(
    client, nntp, tmp_path
):
    nzb, data = nzb_for(nntp, tmp_path, "Usenet.Movie.2015.1080p.mkv")

    download_id = client.add(request("Usenet.Movie.2015.1080p", nzb))
    item = wait_for(client, download_id, {ItemState.COMPLETED, ItemState.FAILED})

    assert item.state == ItemState.COMPLETED, item
    assert item.raw_state.startswith("SUCCESS")
    assert item.category == "Movies"
    files = list(Path(item.output_path).rglob("*.mkv"))
    assert [f.read_bytes() == data for f in files] == [True]


def test_a_download_whose_articles_are_missing_fails_with_the_reason(client):
    nzb = missing_nzb("Broken.Movie.2016.1080p.mkv").encode()

    download_id = client.add(request("Broken.Movie.2016.1080p", nzb))
    item = wait_for(client, download_id, {ItemState.COMPLETED, ItemState.FAILED})

    assert item.state == ItemState.FAILED
    assert item.raw_state in {"FAILURE/HEALTH", "DELETED/HEALTH"}
    assert "health" in item.message


def test_an_item_added_paused_is_paused_then_resumes_and_completes(nzbget, nntp, tmp_path):
    client = NzbGet(make_config(nzbget.base_url, start_paused=True))
    nzb, _ = nzb_for(nntp, tmp_path, "Paused.Movie.2017.1080p.mkv")

    download_id = client.add(request("Paused.Movie.2017.1080p", nzb))
    assert client.status(download_id).state == ItemState.PAUSED
    client.resume(download_id)

    assert wait_for(client, download_id, {ItemState.COMPLETED}).state == ItemState.COMPLETED


@pytest.fixture
def slow_articles(nntp):
    nntp.delay = 0.5  # each article takes a while: the job is still downloading when paused
    yield
    nntp.delay = 0.0


def test_pausing_a_downloading_item_shows_it_paused(client, nntp, tmp_path, slow_articles):
    nzb, _ = nzb_for(nntp, tmp_path, "Pause.Again.2018.1080p.mkv", size=1_000_000)
    download_id = client.add(request("Pause.Again.2018.1080p", nzb))
    assert wait_for(client, download_id, {ItemState.DOWNLOADING}).progress < 1

    client.pause(download_id)

    assert client.status(download_id).state == ItemState.PAUSED
    client.remove(download_id, delete_files=True)


def test_removing_a_queued_item_without_files_leaves_nothing_in_queue_or_history(
    nzbget, nntp, tmp_path
):
    client = NzbGet(make_config(nzbget.base_url, start_paused=True))
    nzb, _ = nzb_for(nntp, tmp_path, "Remove.Me.2019.1080p.mkv")
    download_id = client.add(request("Remove.Me.2019.1080p", nzb))

    client.remove(download_id, delete_files=False)

    assert client.status(download_id) is None


def test_an_item_deleted_by_hand_in_nzbget_is_gone(nzbget, nntp, tmp_path):
    client = NzbGet(make_config(nzbget.base_url, start_paused=True))
    nzb, _ = nzb_for(nntp, tmp_path, "By.Hand.2019.1080p.mkv")
    download_id = client.add(request("By.Hand.2019.1080p", nzb))

    assert client.call("editqueue", "GroupDelete", "", [int(download_id)]) is True

    assert client.status(download_id) is None


def test_removing_a_queued_item_with_its_files_leaves_nothing(nzbget, nntp, tmp_path):
    client = NzbGet(make_config(nzbget.base_url, start_paused=True))
    nzb, _ = nzb_for(nntp, tmp_path, "Remove.All.2019.1080p.mkv")
    download_id = client.add(request("Remove.All.2019.1080p", nzb))

    client.remove(download_id, delete_files=True)

    assert client.status(download_id) is None
    assert int(download_id) not in {h["NZBID"] for h in client.call("history", True)}


def test_removing_a_finished_item_drops_it_from_the_history(client, nntp, tmp_path):
    nzb, _ = nzb_for(nntp, tmp_path, "Done.Movie.2020.1080p.mkv")
    download_id = client.add(request("Done.Movie.2020.1080p", nzb))
    wait_for(client, download_id, {ItemState.COMPLETED})

    client.remove(download_id, delete_files=False)

    assert client.status(download_id) is None


def test_items_of_other_categories_are_not_ours(nzbget, nntp, tmp_path):
    other = NzbGet(make_config(nzbget.base_url, category="Series", start_paused=True))
    nzb, _ = nzb_for(nntp, tmp_path, "Some.Show.S01E01.mkv")
    download_id = other.add(request("Some.Show.S01E01", nzb))

    movies = NzbGet(make_config(nzbget.base_url))
    assert download_id not in {i.download_id for i in movies.active()}
    assert download_id in {i.download_id for i in other.active()}
    other.remove(download_id, delete_files=True)


def test_test_passes_for_a_working_server_and_category(client):
    assert client.test() == []


def test_test_names_a_missing_category(nzbget):
    problems = NzbGet(make_config(nzbget.base_url, category="radarr-nowhere")).test()

    assert len(problems) == 1 and "no category 'radarr-nowhere'" in problems[0]


def test_test_names_refused_credentials(nzbget):
    problems = NzbGet(make_config(nzbget.base_url, password="wrong")).test()

    assert problems == ["NZBGet refused the username or password"]


def test_test_names_an_unreachable_server():
    problems = NzbGet(make_config(f"http://127.0.0.1:{free_port()}")).test()

    assert len(problems) == 1 and "unreachable" in problems[0]
