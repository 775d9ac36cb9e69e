"""SABnzbd for real: downloads from the loopback NNTP server complete or fail, and the
client maps what SABnzbd says (job ids, states, storage path, fail message, pause/resume,
remove, test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from downloads.clients.base import ItemState
from downloads.clients.sabnzbd import Sabnzbd
from tests.downloads import real_usenet
from tests.downloads.real_usenet import nzb_for, request
from tests.downloads.sabnzbd.conftest import make_config
from tests.fakes import free_port
from tests.servers.nntp import missing_nzb

pytestmark = pytest.mark.slow


def wait_for(client: Sabnzbd, download_id: str, states: set[ItemState], timeout: float = 40):
    return real_usenet.wait_for(client, download_id, states, timeout, interval=0.25)


@pytest.fixture
def slow_articles(sab_nntp):
    sab_nntp.delay = 0.5  # each article takes a while: the job is still downloading
    yield
    sab_nntp.delay = 0.0


def test_a_download_from_the_news_server_completes_with_its_storage_path(
    client, sab_nntp, tmp_path
):
    nzb, data = nzb_for(sab_nntp, tmp_path, "Sab.Movie.2013.1080p.mkv")

    download_id = client.add(request("Sab.Movie.2013.1080p", nzb))
    item = wait_for(client, download_id, {ItemState.COMPLETED, ItemState.FAILED})

    assert item.state == ItemState.COMPLETED, item
    assert item.category == "movies"
    output = Path(item.output_path)
    files = [output] if output.is_file() else list(output.rglob("*.mkv"))
    assert [f.read_bytes() == data for f in files] == [True]


def test_a_download_whose_articles_are_missing_fails_with_the_fail_message(client):
    nzb = missing_nzb("Broken.Sab.2014.1080p.mkv").encode()

    download_id = client.add(request("Broken.Sab.2014.1080p", nzb))
    item = wait_for(client, download_id, {ItemState.COMPLETED, ItemState.FAILED})

    assert item.state == ItemState.FAILED
    assert "Not on your server" in item.message


def test_an_item_added_paused_is_paused_then_resumes_and_completes(sabnzbd, sab_nntp, tmp_path):
    client = Sabnzbd(make_config(sabnzbd.base_url, start_paused=True))
    nzb, _ = nzb_for(sab_nntp, tmp_path, "Paused.Sab.2015.1080p.mkv")

    download_id = client.add(request("Paused.Sab.2015.1080p", nzb))
    assert client.status(download_id).state == ItemState.PAUSED
    client.resume(download_id)

    assert wait_for(client, download_id, {ItemState.COMPLETED}).state == ItemState.COMPLETED


def test_pausing_a_downloading_item_shows_it_paused(client, sab_nntp, tmp_path, slow_articles):
    nzb, _ = nzb_for(sab_nntp, tmp_path, "Pause.Sab.2016.1080p.mkv", size=1_000_000)
    download_id = client.add(request("Pause.Sab.2016.1080p", nzb))
    wait_for(client, download_id, {ItemState.DOWNLOADING})

    client.pause(download_id)

    assert client.status(download_id).state == ItemState.PAUSED
    client.remove(download_id, delete_files=True)


def test_removing_a_queued_item_with_its_files_leaves_nothing(sabnzbd, sab_nntp, tmp_path):
    client = Sabnzbd(make_config(sabnzbd.base_url, start_paused=True))
    nzb, _ = nzb_for(sab_nntp, tmp_path, "Remove.Sab.2017.1080p.mkv")
    download_id = client.add(request("Remove.Sab.2017.1080p", nzb))

    client.remove(download_id, delete_files=True)

    assert client.status(download_id) is None


def test_removing_a_finished_job_drops_it_from_the_history(client, sab_nntp, tmp_path):
    nzb, _ = nzb_for(sab_nntp, tmp_path, "Done.Sab.2018.1080p.mkv")
    download_id = client.add(request("Done.Sab.2018.1080p", nzb))
    wait_for(client, download_id, {ItemState.COMPLETED})

    client.remove(download_id, delete_files=False)

    assert client.status(download_id) is None


def test_removing_a_finished_job_with_its_files_drops_it_but_keeps_completed_files(
    client, sab_nntp, tmp_path
):
    # SABnzbd's del_files deletes only a failed job's files; a completed job's files are
    # the importer's to move (usenet imports move them), never the client's to delete.
    nzb, _ = nzb_for(sab_nntp, tmp_path, "Gone.Sab.2019.1080p.mkv")
    download_id = client.add(request("Gone.Sab.2019.1080p", nzb))
    output = Path(wait_for(client, download_id, {ItemState.COMPLETED}).output_path)

    client.remove(download_id, delete_files=True)

    assert client.status(download_id) is None
    assert output.exists()


def test_jobs_of_other_categories_are_not_ours(sabnzbd, sab_nntp, tmp_path):
    other = Sabnzbd(make_config(sabnzbd.base_url, category="", start_paused=True))
    nzb, _ = nzb_for(sab_nntp, tmp_path, "Some.Show.S01E02.mkv")
    download_id = other.add(request("Some.Show.S01E02", nzb))

    movies = Sabnzbd(make_config(sabnzbd.base_url))
    assert download_id not in {i.download_id for i in movies.active()}
    assert download_id in {i.download_id for i in other.active()}
    other.remove(download_id, delete_files=True)


def test_test_passes_for_a_working_server_and_category(client):
    assert client.test() == []


def test_test_names_a_missing_category(sabnzbd):
    problems = Sabnzbd(make_config(sabnzbd.base_url, category="radarr-nowhere")).test()

    assert len(problems) == 1 and "no category 'radarr-nowhere'" in problems[0]


def test_test_names_an_incorrect_api_key(sabnzbd):
    problems = Sabnzbd(make_config(sabnzbd.base_url, api_key="f" * 32)).test()

    assert problems == ["SABnzbd refused the API key"]


def test_test_names_an_unreachable_server():
    problems = Sabnzbd(make_config(f"http://127.0.0.1:{free_port()}")).test()

    assert len(problems) == 1 and "unreachable" in problems[0]
