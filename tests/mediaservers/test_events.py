"""Events become deliveries: which connections get what, written with the sender's work,
never undoing it. Through the real emit points (grab, import, manual import, movie
delete) and the signals the movie page and health check send."""

from __future__ import annotations

import os

import pytest

from downloads.importing import import_completed, import_manual
from downloads.models import Download, DownloadClient, History
from mediaservers import outbox
from mediaservers.models import Connection, Delivery
from movies.library_edit import delete_movies
from radarr_site import events
from radarr_site.health import ERROR, WARNING, HealthIssue
from tests.fakes import download_client as fake_clients
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db
S = Download.State


@pytest.fixture
def plex(fake_connections):
    return Connection.objects.create(kind="fakeserver", name="Plex", base_url="http://p")


@pytest.fixture
def hook(fake_connections):
    return Connection.objects.create(
        kind="fakehook", name="Hook", base_url="http://h", on_grab=True
    )


@pytest.fixture
def movie(seeded_qualities, root_folder):
    return make_movie(
        root_folder, title="Heat", year=1995, tmdb_id=949, path=f"{root_folder.path}/Heat (1995)"
    )


@pytest.fixture
def completed(tmp_path, movie):
    """A finished download of the movie, claimed for import, with its file on disk."""
    name = "Heat.1995.1080p.BluRay.x264-GRP"
    folder = tmp_path / "complete" / name
    folder.mkdir(parents=True)
    (folder / f"{name}.mkv").write_bytes(b"v" * 4096)
    client = DownloadClient.objects.create(kind="qbittorrent", name="qBit", base_url="http://q")
    return Download.objects.create(
        movie=movie,
        client=client,
        protocol="torrent",
        download_id="abc",
        source_title=name,
        quality_id=7,
        state=S.IMPORTING,
        output_path=str(folder),
        save_path=str(folder.parent),
    )


def _events(connection) -> list[tuple[str, str]]:
    return list(connection.deliveries.order_by("pk").values_list("event", "folder"))


def test_an_import_queues_a_scan_of_the_movie_folder_and_the_download_webhook(
    plex, hook, movie, completed
):
    assert import_completed(completed).imported
    assert _events(plex) == [("Scan", movie.path)]
    delivery = hook.deliveries.get()
    assert delivery.event == "Download"
    assert delivery.payload["eventType"] == "Download"
    assert delivery.payload["isUpgrade"] is False
    assert delivery.payload["movieFile"]["relativePath"] == "Heat (1995) Bluray-1080p.mkv"
    assert delivery.payload["release"]["releaseTitle"] == completed.source_title


def test_the_send_task_is_queued_after_the_import_commits(
    plex, movie, completed, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda func, **kw: queued.append(func))
    with django_capture_on_commit_callbacks(execute=True):
        import_completed(completed)
    assert queued and set(queued) == {"mediaservers.tasks.send_due"}


def test_an_upgrade_goes_to_connections_wanting_upgrades_with_the_replaced_file(
    plex, hook, movie, completed
):
    old = movie.files.create(relative_path="Heat.1995.DVDRip.avi", quality_id=2, size=700)
    os.makedirs(movie.path, exist_ok=True)
    open(os.path.join(movie.path, old.relative_path), "wb").close()
    Connection.objects.filter(pk=plex.pk).update(on_upgrade=False)
    assert import_completed(completed).imported
    assert _events(plex) == []
    payload = hook.deliveries.get().payload
    assert payload["isUpgrade"] is True
    assert [f["relativePath"] for f in payload["deletedFiles"]] == ["Heat.1995.DVDRip.avi"]


def test_an_upgrade_needs_on_import_as_well_as_on_upgrade(plex, hook, movie, completed):
    old = movie.files.create(relative_path="Heat.1995.DVDRip.avi", quality_id=2, size=700)
    os.makedirs(movie.path, exist_ok=True)
    open(os.path.join(movie.path, old.relative_path), "wb").close()
    Connection.objects.filter(pk=hook.pk).update(on_import=False, on_upgrade=True)
    Connection.objects.filter(pk=plex.pk).update(on_import=True, on_upgrade=True)
    assert import_completed(completed).imported
    assert not hook.deliveries.exists()
    assert _events(plex) == [("Scan", movie.path)]


def test_a_scan_keeps_the_event_that_caused_it(plex, movie, completed):
    assert import_completed(completed).imported
    assert plex.deliveries.get().payload == {"reason": "Download"}


def test_connections_not_wanting_imports_or_disabled_get_nothing(plex, hook, movie, completed):
    Connection.objects.filter(pk=plex.pk).update(on_import=False)
    Connection.objects.filter(pk=hook.pk).update(enabled=False)
    assert import_completed(completed).imported
    assert not Delivery.objects.exists()


def test_a_raising_receiver_leaves_the_imported_state_its_history_and_the_deliveries(
    hook, movie, completed
):
    def raising(**kwargs):
        raise RuntimeError("another app's listener")

    events.file_imported.connect(raising, dispatch_uid="test-raising")
    try:
        assert import_completed(completed).imported
    finally:
        events.file_imported.disconnect(dispatch_uid="test-raising")
    completed.refresh_from_db()
    assert completed.state == S.IMPORTED
    assert completed.history.filter(event=History.Event.IMPORTED).exists()
    assert hook.deliveries.get().event == "Download"


def test_a_crash_while_notifying_leaves_the_download_to_import_again(
    hook, movie, completed, monkeypatch
):
    def crash(*args, **kwargs):
        raise SystemExit("worker killed")  # send_robust does not catch this

    with monkeypatch.context() as patched, pytest.raises(SystemExit):
        patched.setattr(events.file_imported, "send_robust", crash)
        import_completed(completed)
    completed.refresh_from_db()
    assert completed.state == S.IMPORTING  # not IMPORTED without its notification
    assert not completed.history.filter(event=History.Event.IMPORTED).exists()
    assert import_completed(completed).imported  # the re-run notifies
    assert hook.deliveries.get().event == "Download"


def test_a_failing_receiver_never_undoes_the_import_and_others_still_get_theirs(
    plex, hook, movie, completed, monkeypatch, caplog
):
    def broken(connection, folder, **kwargs):
        raise RuntimeError("outbox bug")

    monkeypatch.setattr(outbox, "add_scan", broken)
    assert import_completed(completed).imported
    completed.refresh_from_db()
    assert completed.state == S.IMPORTED
    assert movie.files.count() == 1
    assert hook.deliveries.count() == 1
    assert "Could not queue Download for Plex" in caplog.text


def test_a_failing_payload_builder_leaves_the_scan_and_the_import(
    plex, hook, movie, completed, monkeypatch
):
    from mediaservers import payloads

    monkeypatch.setattr(payloads, "download_payload", lambda *a, **kw: 1 / 0)
    assert import_completed(completed).imported
    assert _events(plex) == [("Scan", movie.path)]
    assert hook.deliveries.count() == 0


def test_several_imports_into_one_folder_make_one_scan(plex, movie, completed):
    import_completed(completed)
    events.file_imported.send(
        sender=Download, movie=movie, movie_file=movie.files.get(), download=None
    )
    assert _events(plex) == [("Scan", movie.path)]


def test_a_manual_import_without_a_download_notifies_too(plex, hook, movie, completed):
    source = os.path.join(completed.output_path, "Heat.1995.1080p.BluRay.x264-GRP.mkv")
    assert import_manual(None, movie, source, 7).imported
    assert _events(plex) == [("Scan", movie.path)]
    assert hook.deliveries.get().payload["release"] is None


def test_a_grab_goes_to_webhooks_wanting_grabs_and_never_scans(plex, hook, movie, monkeypatch):
    from downloads.grab import grab

    fake_clients.install(monkeypatch)
    fake_clients.make_client()
    Connection.objects.filter(pk=plex.pk).update(on_grab=True)
    grab(movie, fake_clients.make_release("Heat.1995.1080p.BluRay.x264-GRP"))
    fake_clients.SERVERS.clear()
    assert _events(plex) == []
    delivery = hook.deliveries.get()
    assert (delivery.event, delivery.payload["eventType"]) == ("Grab", "Grab")
    assert delivery.payload["release"]["releaseTitle"] == "Heat.1995.1080p.BluRay.x264-GRP"


def test_deleting_a_movie_with_its_files_scans_its_root_folder(plex, hook, movie, root_folder):
    os.makedirs(movie.path)
    delete_movies([movie.pk], delete_files=True)
    assert _events(plex) == [("Scan", root_folder.path)]
    payload = hook.deliveries.get().payload
    assert (payload["eventType"], payload["deletedFiles"]) == ("MovieDelete", True)
    assert payload["movie"]["title"] == "Heat"


def test_deleting_a_movie_but_not_its_files_scans_nothing(plex, hook, movie):
    delete_movies([movie.pk], delete_files=False)
    assert _events(plex) == []
    assert hook.deliveries.get().payload["deletedFiles"] is False


def test_a_deleted_file_scans_the_movie_folder(plex, hook, movie):
    gone = {"relative_path": "Heat.mkv", "path": f"{movie.path}/Heat.mkv", "quality_id": 7}
    events.movie_file_deleted.send(sender=None, movie=movie, movie_file=gone, reason="Manual")
    assert _events(plex) == [("Scan", movie.path)]
    payload = hook.deliveries.get().payload
    assert (payload["eventType"], payload["deleteReason"]) == ("MovieFileDelete", "Manual")


def test_renamed_files_scan_the_movie_folder(plex, hook, movie):
    movie.files.create(relative_path="Heat (1995).mkv", quality_id=7)
    events.files_renamed.send(sender=None, movie=movie, renamed=[("Heat.mkv", "Heat (1995).mkv")])
    assert _events(plex) == [("Scan", movie.path)]
    assert hook.deliveries.get().payload["eventType"] == "Rename"


def test_a_health_error_goes_to_webhooks_wanting_health_issues(plex, hook):
    Connection.objects.filter(pk=hook.pk).update(on_health_issue=True)
    Connection.objects.filter(pk=plex.pk).update(on_health_issue=True)
    issue = HealthIssue("Root folders", ERROR, "Root folder /m is missing or not writable.")
    events.health_issue.send(sender=None, issue=issue)
    payload = hook.deliveries.get().payload
    assert (payload["eventType"], payload["level"]) == ("Health", "error")
    assert _events(plex) == []


def test_a_health_warning_goes_only_where_warnings_are_wanted(hook):
    Connection.objects.filter(pk=hook.pk).update(on_health_issue=True)
    issue = HealthIssue("Disk space", WARNING, "Root folder /m has less than 1 GiB free.")
    events.health_issue.send(sender=None, issue=issue)
    assert hook.deliveries.count() == 0
    Connection.objects.filter(pk=hook.pk).update(include_health_warnings=True)
    events.health_issue.send(sender=None, issue=issue)
    assert hook.deliveries.count() == 1


def test_a_restored_health_issue_goes_to_webhooks_wanting_it(hook):
    issue = HealthIssue("Root folders", ERROR, "Root folder /m is missing or not writable.")
    events.health_restored.send(sender=None, issue=issue)
    assert hook.deliveries.count() == 0
    Connection.objects.filter(pk=hook.pk).update(on_health_restored=True)
    events.health_restored.send(sender=None, issue=issue)
    assert hook.deliveries.get().payload["eventType"] == "HealthRestored"
