"""A media server's path mappings (absolute folders, one per folder of ours) and a
connection's last deliveries with Retry for those given up, on the edit page and in the
admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mediaservers.models import Delivery, PathMapping

pytestmark = pytest.mark.django_db


def add_url(row):
    return reverse("settings:connection_mapping_add", args=[row.pk])


def edit_url(row):
    return reverse("settings:connection_edit", args=[row.pk])


def retry_url(row, delivery):
    return reverse("settings:connection_delivery_retry", args=[row.pk, delivery.pk])


def delivery(row, state="failed", **fields):
    defaults = {"event": "Scan", "folder": "/data/movies/Heat (1995)", "due_at": timezone.now()}
    defaults.update(fields)
    return Delivery.objects.create(connection=row, state=state, **defaults)


def test_adds_a_mapping_written_one_way(admin_client, plex):
    data = {"local_path": "/data//movies/", "remote_path": "/media/movies/"}
    response = admin_client.post(add_url(plex), data)
    assert response.status_code == 302
    mapping = PathMapping.objects.get()
    assert (mapping.local_path, mapping.remote_path) == ("/data/movies", "/media/movies")


def test_a_windows_servers_folder_is_accepted(admin_client, plex):
    admin_client.post(add_url(plex), {"local_path": "/data/movies", "remote_path": "D:\\Movies\\"})
    assert PathMapping.objects.get().remote_path == "D:\\Movies"


def test_mapping_shows_on_the_edit_page(admin_client, plex):
    PathMapping.objects.create(connection=plex, local_path="/data/movies", remote_path="/media/m")
    html = admin_client.get(edit_url(plex)).content.decode()
    assert "<td>/data/movies</td><td>/media/m</td>" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"local_path": "data/movies", "remote_path": "/media"}, "Give the full path"),
        ({"local_path": "/data/movies", "remote_path": "media"}, "Give the full path"),
        ({"local_path": "/data/../etc", "remote_path": "/media"}, "may not climb"),
        ({"local_path": "/data", "remote_path": "D:\\..\\x"}, "may not climb"),
        ({"local_path": "", "remote_path": "/media"}, "This field is required"),
    ],
)
def test_refuses_a_mapping_that_is_not_an_absolute_folder(admin_client, plex, data, message):
    response = admin_client.post(add_url(plex), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PathMapping.objects.exists()


def test_refuses_a_second_mapping_of_the_same_folder(admin_client, plex):
    PathMapping.objects.create(connection=plex, local_path="/data/movies", remote_path="/a")
    response = admin_client.post(
        add_url(plex), {"local_path": "/data/movies/", "remote_path": "/b"}
    )
    assert "already maps that folder" in response.content.decode()
    assert PathMapping.objects.count() == 1


def test_a_webhook_has_no_mappings(admin_client, hook):
    response = admin_client.post(add_url(hook), {"local_path": "/a", "remote_path": "/b"})
    assert response.status_code == 400
    assert not PathMapping.objects.exists()
    assert "connection-path-mappings" not in admin_client.get(edit_url(hook)).content.decode()


def test_deletes_a_mapping(admin_client, plex):
    mapping = PathMapping.objects.create(connection=plex, local_path="/a", remote_path="/b")
    url = reverse("settings:connection_mapping_delete", args=[plex.pk, mapping.pk])
    assert admin_client.post(url).status_code == 302
    assert not PathMapping.objects.exists()


def test_a_mapping_of_another_connection_is_not_deleted(admin_client, plex, hook):
    mapping = PathMapping.objects.create(connection=plex, local_path="/a", remote_path="/b")
    url = reverse("settings:connection_mapping_delete", args=[hook.pk, mapping.pk])
    assert admin_client.post(url).status_code == 404
    assert PathMapping.objects.exists()


def test_members_cannot_add_a_mapping(member_client, plex):
    response = member_client.post(add_url(plex), {"local_path": "/a", "remote_path": "/b"})
    assert response.status_code == 403 and not PathMapping.objects.exists()


def test_edit_page_lists_the_last_20_deliveries_newest_first(admin_client, plex):
    for n in range(22):
        delivery(plex, state="sent", folder=f"/m/{n:02}", result=f"Partial scan {n:02}")
    deliveries = admin_client.get(edit_url(plex)).context["deliveries"]
    assert len(deliveries) == 20
    assert deliveries[0].folder == "/m/21" and deliveries[-1].folder == "/m/02"


def test_a_delivery_row_shows_its_state_attempts_and_error(admin_client, plex):
    delivery(plex, attempts=5, last_error="Plex at 10.0.0.5:32400 refused the connection")
    html = admin_client.get(edit_url(plex)).content.decode()
    assert "Given up" in html and "<td>5</td>" in html
    assert "Plex at 10.0.0.5:32400 refused the connection" in html
    assert "Retry</button>" in html


def test_only_given_up_deliveries_offer_retry(admin_client, plex):
    delivery(plex, state="sent", result="Partial scan of Movies")
    delivery(plex, state="pending", folder="/m/other", attempts=1, last_error="HTTP 503")
    html = admin_client.get(edit_url(plex)).content.decode()
    assert "Partial scan of Movies" in html and "HTTP 503" in html
    assert "Retry</button>" not in html


def test_retry_queues_a_given_up_delivery_again(admin_client, plex):
    row = delivery(
        plex, attempts=5, last_error="refused", due_at=timezone.now() - timedelta(days=1)
    )
    response = admin_client.post(retry_url(plex, row))
    assert response.status_code == 302 and response["Location"] == edit_url(plex)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == ("pending", 0, "")


def test_retry_of_a_delivery_not_given_up_says_so(admin_client, plex):
    row = delivery(plex, state="sent")
    response = admin_client.post(retry_url(plex, row), follow=True)
    assert "Only a delivery that was given up can be retried." in response.content.decode()
    row.refresh_from_db()
    assert row.state == "sent"


def test_members_cannot_retry(member_client, plex):
    row = delivery(plex)
    assert member_client.post(retry_url(plex, row)).status_code == 403
    row.refresh_from_db()
    assert row.state == "failed"


def test_admin_outbox_is_read_only(admin_client, plex):
    row = delivery(plex)
    assert admin_client.get(reverse("admin:mediaservers_delivery_add")).status_code == 403
    change = admin_client.get(reverse("admin:mediaservers_delivery_change", args=[row.pk]))
    assert 'name="_save"' not in change.content.decode()


def test_admin_retry_action_queues_given_up_deliveries_only(admin_client, plex):
    given_up = delivery(plex)
    sent = delivery(plex, state="sent", folder="/m/sent")
    url = reverse("admin:mediaservers_delivery_changelist")
    data = {"action": "retry_deliveries", "_selected_action": [given_up.pk, sent.pk]}
    html = admin_client.post(url, data, follow=True).content.decode()
    given_up.refresh_from_db()
    sent.refresh_from_db()
    assert (given_up.state, sent.state) == ("pending", "sent")
    assert "1 delivery(ies) queued again." in html and "1 not retried" in html


def test_admin_edits_mappings_inline_with_the_same_checks(admin_client, plex):
    url = reverse("admin:mediaservers_connection_change", args=[plex.pk])
    data = {
        "kind": "plex",
        "name": plex.name,
        "enabled": "on",
        "base_url": plex.base_url,
        "options": "{}",
        "path_mappings-TOTAL_FORMS": "1",
        "path_mappings-INITIAL_FORMS": "0",
        "path_mappings-0-local_path": "relative/path",
        "path_mappings-0-remote_path": "/media",
    }
    response = admin_client.post(url, data)
    assert "Give the full path" in response.content.decode()
    assert not PathMapping.objects.exists()
