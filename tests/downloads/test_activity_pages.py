"""Activity pages: the queue (live partial, admin actions), history filters, the blocklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from downloads.clients.base import ClientItem, ItemState
from downloads.grab import grab
from downloads.models import Blocklist, Download, History
from downloads.queue import poll_queue
from downloads.services import add_to_blocklist
from tests.fakes import download_client as fakes
from tests.fakes.download_client import MAGNET_HASH, make_client, make_release, server

pytestmark = pytest.mark.django_db
fake_kinds, matrix = fakes.fake_kinds, fakes.matrix  # fixtures


@pytest.fixture
def download(fake_kinds, matrix):
    make_client()
    download = grab(matrix, make_release())
    server("Fake").put(
        ClientItem(
            download_id=MAGNET_HASH,
            title=download.source_title,
            state=ItemState.DOWNLOADING,
            category="radarr",
            size=8_000_000_000,
            progress=0.42,
            eta_seconds=3900,
            warnings=["No peers"],
        )
    )
    poll_queue()
    return download


def action(pk: int, name: str) -> str:
    return reverse("activity:queue_action", args=[pk, name])


def test_the_queue_shows_progress_eta_client_quality_and_warnings(admin_client, download):
    html = admin_client.get(reverse("activity:queue")).content.decode()

    assert "The.Matrix.1999.1080p.BluRay.x264-GRP" in html
    assert 'aria-valuenow="42.0"' in html
    assert "1h 05m" in html
    assert "Bluray-1080p" in html and "Fake" in html and "No peers" in html


def test_the_queue_table_polls_itself_every_three_seconds(admin_client, download):
    html = admin_client.get(reverse("activity:queue")).content.decode()

    assert 'hx-trigger="every 3s' in html


def test_an_htmx_request_gets_only_the_queue_table(admin_client, download):
    response = admin_client.get(reverse("activity:queue"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert 'id="queue-table"' in html and "<html" not in html


def test_members_see_the_queue_without_actions(member_client, download):
    html = member_client.get(reverse("activity:queue")).content.decode()

    assert "The.Matrix.1999" in html
    assert action(download.pk, "pause") not in html


def test_members_cannot_pause(member_client, download):
    response = member_client.post(action(download.pk, "pause"))

    assert response.status_code == 403
    assert server("Fake").calls.get("pause", 0) == 0


def test_an_admin_pauses_and_resumes_a_download(admin_client, download):
    admin_client.post(action(download.pk, "pause"))
    download.refresh_from_db()
    assert download.state == Download.State.PAUSED
    assert server("Fake").items[MAGNET_HASH].state == ItemState.PAUSED

    admin_client.post(action(download.pk, "resume"))
    assert server("Fake").items[MAGNET_HASH].state == ItemState.DOWNLOADING


def test_remove_with_data_removes_it_from_the_client_and_the_queue(admin_client, download):
    response = admin_client.post(action(download.pk, "remove"), {"delete_files": "on"})

    assert response.status_code == 302
    assert server("Fake").removed == [(MAGNET_HASH, True)]
    download.refresh_from_db()
    assert download.state == Download.State.REMOVED
    html = admin_client.get(reverse("activity:queue")).content.decode()
    assert f'id="download-{download.pk}"' not in html


def test_remove_without_data_keeps_the_files(admin_client, download):
    admin_client.post(action(download.pk, "remove"))

    assert server("Fake").removed == [(MAGNET_HASH, False)]


def test_remove_and_blocklist_with_search_again(admin_client, download, matrix):
    admin_client.post(action(download.pk, "blocklist"), {"delete_files": "on", "search": "on"})

    assert Blocklist.objects.filter(movie=matrix, info_hash=MAGNET_HASH).exists()
    assert History.objects.get(event=History.Event.FAILED).data["search"] == "queued"


def test_an_action_on_a_client_that_is_down_shows_the_error(admin_client, download):
    server("Fake").down = True

    response = admin_client.post(action(download.pk, "pause"), follow=True)

    assert "connection refused" in response.content.decode()
    download.refresh_from_db()
    assert download.state == Download.State.DOWNLOADING


def test_an_htmx_action_answers_with_the_table_and_its_message(admin_client, download):
    server("Fake").down = True

    response = admin_client.post(action(download.pk, "pause"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert 'id="queue-table"' in html and "connection refused" in html and "<html" not in html


def test_an_action_message_is_sent_outside_the_polled_table(admin_client, download):
    server("Fake").down = True

    html = admin_client.post(action(download.pk, "pause"), HTTP_HX_REQUEST="true").content
    _table, _, rest = html.decode().partition('id="queue-messages"')

    assert "hx-swap-oob" in rest and "connection refused" in rest.split("</div>")[0]


def test_the_queue_poll_does_not_carry_the_message_box(admin_client, download):
    html = admin_client.get(reverse("activity:queue"), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="queue-table"' in html and 'id="queue-messages"' not in html


def test_the_queue_shows_a_banner_for_a_client_that_is_down(admin_client, download):
    server("Fake").down = True
    poll_queue()

    html = admin_client.get(reverse("activity:queue")).content.decode()

    assert "is unreachable since" in html and "rows show their last known state" in html


def test_the_queue_has_no_banner_while_the_clients_answer(admin_client, download):
    html = admin_client.get(reverse("activity:queue")).content.decode()
    assert "last known state" not in html


def test_an_import_blocked_row_links_to_manual_import(admin_client, download):
    Download.objects.filter(pk=download.pk).update(state=Download.State.IMPORT_BLOCKED)
    html = admin_client.get(reverse("activity:queue")).content.decode()
    assert f"{reverse('activity:manual_import')}?download={download.pk}" in html


def test_the_activity_subnav_lists_manual_import_for_admins(admin_client):
    html = admin_client.get(reverse("activity:history")).content.decode()
    assert reverse("activity:manual_import") in html


def test_the_activity_subnav_hides_manual_import_from_members(member_client):
    html = member_client.get(reverse("activity:history")).content.decode()
    assert reverse("activity:manual_import") not in html


def test_remove_with_blocklist_offers_to_search_again(admin_client, download):
    html = admin_client.get(reverse("activity:queue")).content.decode()
    assert 'name="search"' in html


def test_an_unknown_action_is_refused(admin_client, download):
    assert admin_client.post(action(download.pk, "explode")).status_code == 400


def test_history_filters_by_event(admin_client, download):
    History.objects.create(movie=download.movie, event=History.Event.FAILED, source_title="Bad.Rls")

    html = admin_client.get(reverse("activity:history"), {"event": "failed"}).content.decode()

    assert "Bad.Rls" in html and "The.Matrix.1999.1080p" not in html


def test_history_filters_by_movie(admin_client, download, root_folder):
    from tests.movies.factories import make_movie

    other = make_movie(root_folder, title="Heat", year=1995)
    History.objects.create(movie=other, event=History.Event.GRABBED, source_title="Heat.1995")

    html = admin_client.get(reverse("activity:history"), {"movie": other.pk}).content.decode()

    assert "Heat.1995" in html and "The.Matrix.1999.1080p" not in html


def test_history_pages_fifty_at_a_time(member_client, matrix):
    History.objects.bulk_create(
        History(movie=matrix, event=History.Event.GRABBED, source_title=f"Rls.{n:03d}")
        for n in range(60)
    )

    first = member_client.get(reverse("activity:history")).content.decode()
    second = member_client.get(reverse("activity:history"), {"page": 2}).content.decode()

    assert first.count("Rls.") == 50 and second.count("Rls.") == 10


def blocked(matrix, title: str) -> Blocklist:
    return add_to_blocklist(matrix.pk, source_title=title, indexer="Example")


def test_the_blocklist_lists_blocked_releases(admin_client, matrix):
    blocked(matrix, "The.Matrix.1999.CAM")

    assert "The.Matrix.1999.CAM" in admin_client.get(reverse("activity:blocklist")).content.decode()


def test_an_admin_removes_one_blocklisted_release(admin_client, matrix):
    keep, drop = blocked(matrix, "Keep.Me"), blocked(matrix, "Drop.Me")

    admin_client.post(reverse("activity:blocklist_remove"), {"id": drop.pk, "ids": [keep.pk]})

    assert list(Blocklist.objects.values_list("source_title", flat=True)) == ["Keep.Me"]


def test_an_admin_removes_the_selected_blocklisted_releases(admin_client, matrix):
    rows = [blocked(matrix, f"Rls.{n}") for n in range(3)]

    admin_client.post(reverse("activity:blocklist_remove"), {"ids": [rows[0].pk, rows[2].pk]})

    assert list(Blocklist.objects.values_list("source_title", flat=True)) == ["Rls.1"]


def test_members_cannot_remove_from_the_blocklist(member_client, matrix):
    row = blocked(matrix, "Keep.Me")

    response = member_client.post(reverse("activity:blocklist_remove"), {"id": row.pk})

    assert response.status_code == 403
    assert Blocklist.objects.filter(pk=row.pk).exists()


def test_everyone_signed_in_sees_the_activity_link(member_client):
    html = member_client.get(reverse("activity:history")).content.decode()

    assert f'href="{reverse("activity:queue")}"' in html


def test_the_blocklist_filters_by_protocol_and_indexer(member_client, matrix):
    add_to_blocklist(matrix.pk, source_title="Rls.Torrent.A", indexer="One", protocol="torrent")
    add_to_blocklist(matrix.pk, source_title="Rls.Usenet.B", indexer="One", protocol="usenet")
    add_to_blocklist(matrix.pk, source_title="Rls.Torrent.C", indexer="Two", protocol="torrent")

    html = member_client.get(
        reverse("activity:blocklist"), {"protocol": "torrent", "indexer": "One"}
    ).content.decode()

    assert "Rls.Torrent.A" in html
    assert "Rls.Usenet.B" not in html and "Rls.Torrent.C" not in html


def test_the_blocklist_filters_by_movie(member_client, matrix, root_folder):
    from tests.movies.factories import make_movie

    heat = make_movie(root_folder, title="Heat", year=1995, tmdb_id=949)
    add_to_blocklist(matrix.pk, source_title="Rls.Matrix")
    add_to_blocklist(heat.pk, source_title="Rls.Heat")

    html = member_client.get(reverse("activity:blocklist"), {"movie": heat.pk}).content.decode()

    assert "Rls.Heat" in html and "Rls.Matrix" not in html


def test_the_blocklist_pager_keeps_the_filters(member_client, matrix):
    for n in range(55):
        add_to_blocklist(matrix.pk, source_title=f"Rls.{n}", indexer="One", protocol="torrent")

    html = member_client.get(reverse("activity:blocklist"), {"indexer": "One"}).content.decode()

    assert "?page=2&amp;indexer=One" in html


def test_history_names_the_movie_with_its_year(admin_client, download):
    html = admin_client.get(reverse("activity:history")).content.decode()
    assert "The Matrix (1999)" in html


def test_history_offers_a_movie_filter_select(admin_client, download, matrix):
    html = admin_client.get(reverse("activity:history"), {"movie": matrix.pk}).content.decode()
    assert 'name="movie"' in html and f'<option value="{matrix.pk}" selected>' in html


def test_history_says_who_removed_and_blocklisted(admin_client, download):
    admin_client.post(action(download.pk, "blocklist"), {"delete_files": "on"})
    html = admin_client.get(reverse("activity:history")).content.decode()
    assert "Removed and blocklisted <small" in html and "by user" not in html
