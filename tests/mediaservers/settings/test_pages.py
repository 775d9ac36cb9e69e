"""Settings → Connect: the list, add / edit / delete of each kind, per-kind fields and
defaults, validation, and members kept out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mediaservers.models import Connection, Delivery
from radarr_site.models import ProviderStatus
from tests.mediaservers.settings.posted import STORED_TOKEN, hook_data, media_data

pytestmark = pytest.mark.django_db

LIST = reverse("settings:connections")
ADD = reverse("settings:connection_add")


def edit_url(row):
    return reverse("settings:connection_edit", args=[row.pk])


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        ADD + "?kind=plex",
        reverse("settings:connection_edit", args=[1]),
        reverse("settings:connection_delete", args=[1]),
    ],
)
def test_members_get_403_on_every_connect_page(member_client, plex, url):
    assert member_client.get(url).status_code == 403


def test_members_cannot_add_a_connection_by_posting(member_client):
    response = member_client.post(ADD, {"kind": "webhook", **hook_data()})
    assert response.status_code == 403
    assert not Connection.objects.exists()


def test_settings_subnav_links_to_connect(admin_client):
    html = admin_client.get(reverse("settings:root_folders")).content.decode()
    assert f'href="{LIST}"' in html


def test_list_shows_each_connection_with_its_kind_and_events(admin_client, plex, hook):
    html = admin_client.get(LIST).content.decode()
    assert "Living room Plex" in html and "Plex Media Server" in html
    assert "Notifiarr" in html and "Webhook" in html
    items = {item["row"].name: item["events"] for item in admin_client.get(LIST).context["listing"]}
    assert "On Grab" in items["Notifiarr"]
    assert "On Grab" not in items["Living room Plex"]
    assert "On File Import" in items["Living room Plex"]


def test_list_marks_a_disabled_connection(admin_client, plex):
    Connection.objects.filter(pk=plex.pk).update(enabled=False)
    assert '<span class="badge warn">disabled</span>' in admin_client.get(LIST).content.decode()


def test_list_says_not_used_yet_before_any_call(admin_client, plex):
    state = admin_client.get(LIST).context["listing"][0]["state"]
    assert state.text == "not used yet"


def test_list_shows_a_held_off_connection_with_its_last_error(admin_client, plex):
    now = timezone.now()
    ProviderStatus.objects.create(
        key=plex.provider_key,
        label=plex.name,
        consecutive_failures=2,
        first_failure_at=now - timedelta(minutes=10),
        last_failure_at=now,
        disabled_until=now + timedelta(minutes=5),
        last_error="Plex at 10.0.0.5:32400 refused the connection",
    )
    html = admin_client.get(LIST).content.decode()
    assert "held off until" in html
    assert "Plex at 10.0.0.5:32400 refused the connection" in html


def test_list_shows_failing_since_once_the_hold_has_passed(admin_client, plex):
    now = timezone.now()
    ProviderStatus.objects.create(
        key=plex.provider_key,
        label=plex.name,
        consecutive_failures=1,
        first_failure_at=now - timedelta(hours=1),
        disabled_until=now - timedelta(minutes=1),
        last_error="HTTP 503",
    )
    state = admin_client.get(LIST).context["listing"][0]["state"]
    assert state.text.startswith("failing since") and state.error == "HTTP 503"


def test_list_shows_ok_after_a_success(admin_client, plex):
    ProviderStatus.objects.create(
        key=plex.provider_key, label=plex.name, last_success_at=timezone.now()
    )
    assert admin_client.get(LIST).context["listing"][0]["state"].text == "OK"


def test_list_counts_waiting_and_given_up_deliveries(admin_client, plex):
    now = timezone.now()
    Delivery.objects.create(connection=plex, event="Scan", folder="/m/A", due_at=now)
    Delivery.objects.create(connection=plex, event="Scan", folder="/m/B", due_at=now, attempts=2)
    Delivery.objects.create(
        connection=plex, event="Scan", folder="/m/C", due_at=now, state="failed"
    )
    html = admin_client.get(LIST).content.decode()
    assert "2 waiting (1 retrying)" in html
    assert "1 given up" in html


def test_add_without_kind_offers_every_kind(admin_client):
    html = admin_client.get(ADD).content.decode()
    for kind in ("plex", "jellyfin", "emby", "webhook"):
        assert f"?kind={kind}" in html
    assert "connection-form" not in html


@pytest.mark.parametrize(
    ("kind", "url", "key_label"),
    [
        ("plex", "http://127.0.0.1:32400", "X-Plex-Token"),
        ("jellyfin", "http://127.0.0.1:8096", "API key"),
        ("emby", "http://127.0.0.1:8096", "API key"),
    ],
)
def test_media_server_form_offers_its_address_and_key(admin_client, kind, url, key_label):
    form = admin_client.get(ADD, {"kind": kind}).context["form"]
    assert form.fields["base_url"].initial == url
    assert form.fields["api_key"].label == key_label
    assert not {"username", "password", "headers_text", "method", "on_grab"} & set(form.fields)


def test_media_server_starts_with_the_file_events_on(admin_client):
    form = admin_client.get(ADD, {"kind": "plex"}).context["form"]
    on = {name for name in form.fields if name.startswith("on_") and form.fields[name].initial}
    assert on == {"on_import", "on_upgrade", "on_rename", "on_movie_delete", "on_movie_file_delete"}


def test_webhook_starts_with_every_event_but_health_on(admin_client):
    form = admin_client.get(ADD, {"kind": "webhook"}).context["form"]
    events = [name for name in form.fields if name.startswith("on_")]
    on = {name for name in events if form.fields[name].initial}
    assert "on_health_issue" in events and "on_health_restored" in events
    assert on == {
        "on_grab",
        "on_import",
        "on_upgrade",
        "on_rename",
        "on_movie_delete",
        "on_movie_file_delete",
        "on_request_available",
        "on_request_failed",
    }


def test_webhook_form_asks_for_method_auth_and_headers_not_a_key(admin_client):
    form = admin_client.get(ADD, {"kind": "webhook"}).context["form"]
    assert {"method", "username", "password", "headers_text"} <= set(form.fields)
    assert "api_key" not in form.fields
    assert "full URL" in form.fields["base_url"].help_text


def test_event_checkboxes_use_radarrs_labels(admin_client):
    html = admin_client.get(ADD, {"kind": "webhook"}).content.decode()
    for label in ("On Grab", "On File Import", "On File Upgrade", "On Movie File Delete"):
        assert label in html


@pytest.mark.parametrize("kind", ["plex", "jellyfin", "emby"])
def test_adds_a_media_server(admin_client, kind):
    response = admin_client.post(ADD, {"kind": kind, **media_data(api_key="k3y")})
    row = Connection.objects.get()
    assert response.status_code == 302 and response["Location"] == edit_url(row)
    assert (row.kind, row.api_key, row.base_url) == (kind, "k3y", "http://127.0.0.1:32400")
    assert row.on_import and not row.on_grab and not row.on_health_issue


def test_adds_a_webhook_with_method_auth_and_headers(admin_client):
    data = hook_data(
        method="PUT", username="radarr", password="pw", headers_text="X-Api-Key: abc\nX-Env: home"
    )
    admin_client.post(ADD, {"kind": "webhook", **data})
    row = Connection.objects.get()
    assert row.options["method"] == "PUT"
    assert (row.username, row.password) == ("radarr", "pw")
    assert row.headers == {"X-Api-Key": "abc", "X-Env": "home"}
    assert row.on_grab and row.on_import and not row.on_rename


def test_a_media_server_needs_its_token(admin_client):
    response = admin_client.post(ADD, {"kind": "plex", **media_data()})
    assert response.status_code == 400
    assert "Plex Media Server needs its X-Plex-Token." in response.content.decode()
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("10.0.0.5:32400", "starting http:// or https://"),
        ("ftp://10.0.0.5", "starting http:// or https://"),
        ("http://me:pw@10.0.0.5:32400", "not in the URL"),
    ],
)
def test_refuses_a_bad_address(admin_client, url, message):
    response = admin_client.post(ADD, {"kind": "plex", **media_data(api_key="k", base_url=url)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Connection.objects.exists()


def test_address_is_stored_without_a_trailing_slash(admin_client):
    data = media_data(api_key="k", base_url="http://10.0.0.5:8096/")
    admin_client.post(ADD, {"kind": "jellyfin", **data})
    assert Connection.objects.get().base_url == "http://10.0.0.5:8096"


def test_refuses_a_name_already_taken(admin_client, plex):
    data = media_data(api_key="k", name=plex.name)
    response = admin_client.post(ADD, {"kind": "emby", **data})
    assert response.status_code == 400
    assert Connection.objects.count() == 1


def test_a_webhook_password_needs_a_username(admin_client):
    response = admin_client.post(ADD, {"kind": "webhook", **hook_data(password="pw")})
    assert "A password needs a username" in response.content.decode()
    assert not Connection.objects.exists()


def test_edit_saves_a_renamed_connection_and_keeps_its_token(admin_client, plex):
    data = media_data(name="Den Plex", base_url=plex.base_url)
    response = admin_client.post(edit_url(plex), data)
    assert response.status_code == 302
    plex.refresh_from_db()
    assert (plex.name, plex.api_key) == ("Den Plex", STORED_TOKEN)


def test_edit_switches_events_off(admin_client, plex):
    data = media_data(base_url=plex.base_url, on_rename=None, on_movie_delete=None)
    admin_client.post(edit_url(plex), data)
    plex.refresh_from_db()
    assert not plex.on_rename and not plex.on_movie_delete and plex.on_import


def test_changed_address_forgets_the_old_failures_and_hold(admin_client, plex):
    ProviderStatus.objects.create(
        key=plex.provider_key,
        label=plex.name,
        consecutive_failures=3,
        disabled_until=timezone.now() + timedelta(minutes=15),
    )
    admin_client.post(edit_url(plex), media_data(base_url="http://10.0.0.6:32400"))
    assert not ProviderStatus.objects.filter(key=plex.provider_key).exists()


def test_a_rename_alone_keeps_the_status_under_the_new_name(admin_client, plex):
    ProviderStatus.objects.create(key=plex.provider_key, label=plex.name, consecutive_failures=1)
    admin_client.post(edit_url(plex), media_data(name="Den Plex", base_url=plex.base_url))
    status = ProviderStatus.objects.get(key=plex.provider_key)
    assert (status.label, status.consecutive_failures) == ("Den Plex", 1)


def test_delete_asks_first_and_names_waiting_deliveries(admin_client, plex):
    Delivery.objects.create(connection=plex, event="Scan", folder="/m/A", due_at=timezone.now())
    url = reverse("settings:connection_delete", args=[plex.pk])
    html = admin_client.get(url).content.decode()
    assert "Delete Living room Plex?" in html and "1 delivery(ies) waiting" in html
    assert Connection.objects.filter(pk=plex.pk).exists()


def test_delete_removes_the_connection_its_deliveries_and_status(admin_client, plex):
    Delivery.objects.create(connection=plex, event="Scan", folder="/m/A", due_at=timezone.now())
    ProviderStatus.objects.create(key=plex.provider_key, label=plex.name)
    response = admin_client.post(reverse("settings:connection_delete", args=[plex.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Connection.objects.exists() and not Delivery.objects.exists()
    assert not ProviderStatus.objects.filter(key=plex.provider_key).exists()


def test_a_connection_of_a_kind_no_longer_available_can_still_be_listed_and_deleted(
    admin_client,
):
    row = Connection.objects.create(kind="pushover", name="Old", base_url="http://x:1")
    assert "Old" in admin_client.get(LIST).content.decode()
    response = admin_client.get(edit_url(row), follow=True)
    assert "is not available any more" in response.content.decode()
    admin_client.post(reverse("settings:connection_delete", args=[row.pk]))
    assert not Connection.objects.exists()
