"""Settings → Download Clients: list with defaults, per-kind forms, write-only secrets, the
Test button on unsaved values, remote path mappings and the download options."""

from __future__ import annotations

import pytest
from django.urls import reverse

from downloads.models import Download, DownloadClient, DownloadOptions, RemotePathMapping
from radarr_site.http.errors import Unavailable
from radarr_site.models import ProviderStatus
from tests.conftest import make_user
from tests.downloads.settings_fakes import ScriptedClient, scripted_kinds  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scripted_kinds")]

LIST = reverse("settings:download_clients")
ADD = reverse("settings:download_client_add")
TEST = reverse("settings:download_client_test")
STORED_PASSWORD = "stored-password-123"


def make_client(name="Home qBit", kind="qbittorrent", priority=1, enabled=True, **fields):
    defaults = {"base_url": "http://127.0.0.1:8080", "username": "admin"}
    defaults.update(fields)
    return DownloadClient.objects.create(
        name=name, kind=kind, priority=priority, enabled=enabled, **defaults
    )


def form_data(**fields):
    data = {
        "name": "Home qBit",
        "enabled": "on",
        "priority": 1,
        "base_url": "http://127.0.0.1:8080",
        "username": "admin",
        "password": "",
        "category": "radarr",
        "remove_completed": "on",
        "remove_failed": "on",
        "seed_ratio": "",
        "seed_time_minutes": "",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(row):
    return reverse("settings:download_client_edit", args=[row.pk])


def test_members_cannot_open_the_download_clients_page(member_client):
    assert member_client.get(LIST).status_code == 403


def test_list_names_the_default_client_of_each_protocol(admin_client):
    make_client("Second", priority=5)
    make_client("First", priority=2)
    make_client("Off", priority=1, enabled=False)
    make_client("Sab", kind="sabnzbd", priority=9, api_key="k")
    rows = dict((row.name, default) for row, default in admin_client.get(LIST).context["rows"])
    assert rows == {"Off": "", "First": "torrents", "Second": "", "Sab": "usenet"}


def test_list_shows_default_for_torrents_badge(admin_client):
    make_client("First")
    assert "default for torrents" in admin_client.get(LIST).content.decode()


def test_add_without_kind_offers_the_kinds(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert "?kind=sabnzbd" in html and "?kind=qbittorrent" in html
    assert "download-client-form" not in html


def test_sabnzbd_form_asks_for_an_api_key_and_no_seed_goals(admin_client):
    form = admin_client.get(ADD, {"kind": "sabnzbd"}).context["form"]
    assert "api_key" in form.fields
    assert not {"username", "password", "seed_ratio", "seed_time_minutes"} & set(form.fields)


def test_torrent_form_asks_for_credentials_and_seed_goals(admin_client):
    form = admin_client.get(ADD, {"kind": "transmission"}).context["form"]
    assert {"username", "password", "seed_ratio", "seed_time_minutes"} <= set(form.fields)
    assert "api_key" not in form.fields


def test_deluge_form_asks_for_a_password_only(admin_client):
    form = admin_client.get(ADD, {"kind": "deluge"}).context["form"]
    assert "password" in form.fields
    assert not {"username", "api_key"} & set(form.fields)


def test_nzbget_form_asks_for_username_and_password_without_seed_goals(admin_client):
    form = admin_client.get(ADD, {"kind": "nzbget"}).context["form"]
    assert {"username", "password"} <= set(form.fields)
    assert "seed_ratio" not in form.fields


def test_transmission_keeps_its_directory_in_the_options(admin_client):
    data = form_data(kind="transmission", download_dir="/srv/downloads/movies")
    admin_client.post(ADD, data)
    assert DownloadClient.objects.get().options == {"download_dir": "/srv/downloads/movies"}


def test_directory_shows_the_stored_value(admin_client):
    row = make_client(kind="deluge", options={"download_dir": "/srv/dl"})
    assert admin_client.get(edit_url(row)).context["form"]["download_dir"].value() == "/srv/dl"


def test_relative_directory_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(kind="deluge", download_dir="downloads"))
    assert "download_dir" in response.context["form"].errors


@pytest.mark.parametrize("kind", ["qbittorrent", "transmission", "deluge", "sabnzbd", "nzbget"])
def test_every_kind_has_a_directory_field(admin_client, kind):
    form = admin_client.get(ADD, {"kind": kind}).context["form"]
    assert "download_dir" in form.fields


def test_remove_failed_and_seed_time_explain_themselves(admin_client):
    form = admin_client.get(ADD, {"kind": "qbittorrent"}).context["form"]
    assert "failed download" in form.fields["remove_failed"].help_text
    assert form.fields["seed_time_minutes"].help_text.startswith("Torrents: minutes of seeding")


def test_the_edit_heading_does_not_repeat_the_name(admin_client):
    row = make_client(name="Home qBit")
    html = admin_client.get(edit_url(row)).content.decode()
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert "Home qBit" not in heading and "qBittorrent" in heading


def test_saving_keeps_option_keys_the_form_does_not_show(admin_client):
    row = make_client(kind="transmission", options={"download_dir": "/a", "other": 1})
    admin_client.post(edit_url(row), form_data(download_dir="/b"))
    row.refresh_from_db()
    assert row.options == {"download_dir": "/b", "other": 1}


def test_adds_a_client_of_the_chosen_kind(admin_client):
    data = form_data(kind="qbittorrent", password="secret", seed_ratio="1.5")
    response = admin_client.post(ADD, data)
    row = DownloadClient.objects.get(name="Home qBit")
    assert response.status_code == 302
    assert (row.kind, row.password, row.seed_ratio) == ("qbittorrent", "secret", 1.5)


def test_added_client_appears_on_system_health(admin_client):
    admin_client.post(ADD, form_data(kind="qbittorrent"))
    row = DownloadClient.objects.get()
    status = ProviderStatus.objects.get(key=f"downloadclient:{row.pk}")
    assert status.label == "Home qBit"


def test_sabnzbd_without_api_key_is_refused(admin_client):
    data = form_data(kind="sabnzbd", name="Sab", username=None, password=None, api_key="")
    response = admin_client.post(ADD, data)
    assert "api_key" in response.context["form"].errors
    assert not DownloadClient.objects.exists()


def test_url_without_scheme_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(kind="qbittorrent", base_url="127.0.0.1:8080"))
    assert "base_url" in response.context["form"].errors


def test_url_error_is_reported_once(admin_client):
    response = admin_client.post(ADD, form_data(kind="qbittorrent", base_url="ftp://x"))
    assert response.context["form"].errors["base_url"] == [
        "Give the full address, starting http:// or https://."
    ]


def test_add_form_offers_the_kinds_usual_address(admin_client):
    form = admin_client.get(ADD, {"kind": "nzbget"}).context["form"]
    assert form["base_url"].value() == "http://127.0.0.1:6789"


def test_priority_outside_one_to_fifty_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(kind="qbittorrent", priority=51))
    assert "priority" in response.context["form"].errors


def test_category_with_a_slash_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(kind="qbittorrent", category="movies/radarr"))
    assert "category" in response.context["form"].errors


def test_negative_seed_ratio_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(kind="qbittorrent", seed_ratio="-1"))
    assert "seed_ratio" in response.context["form"].errors


def test_stored_password_never_appears_in_the_edit_page(admin_client):
    row = make_client(password=STORED_PASSWORD)
    html = admin_client.get(edit_url(row)).content.decode()
    assert STORED_PASSWORD not in html
    assert 'placeholder="•••• (set)"' in html


def test_empty_password_keeps_the_stored_one(admin_client):
    row = make_client(password=STORED_PASSWORD)
    admin_client.post(edit_url(row), form_data(name="Renamed"))
    row.refresh_from_db()
    assert (row.name, row.password) == ("Renamed", STORED_PASSWORD)


def test_clear_box_sits_under_the_stored_password(admin_client):
    row = make_client(password=STORED_PASSWORD)
    names = list(admin_client.get(edit_url(row)).context["form"].fields)
    assert names[names.index("password") + 1] == "clear_password"


def test_no_clear_box_when_no_password_is_stored(admin_client):
    form = admin_client.get(ADD, {"kind": "qbittorrent"}).context["form"]
    assert "clear_password" not in form.fields


def test_clear_box_empties_the_stored_password(admin_client):
    row = make_client(password=STORED_PASSWORD)
    admin_client.post(edit_url(row), form_data(clear_password="on"))
    row.refresh_from_db()
    assert row.password == ""


def test_renaming_a_client_renames_its_health_row(admin_client):
    row = make_client()
    admin_client.post(edit_url(row), form_data(name="Renamed"))
    assert ProviderStatus.objects.get(key=f"downloadclient:{row.pk}").label == "Renamed"


def test_delete_removes_the_client_and_its_health_row(admin_client):
    row = make_client()
    ProviderStatus.objects.create(key=f"downloadclient:{row.pk}", label=row.name)
    admin_client.post(reverse("settings:download_client_delete", args=[row.pk]))
    assert not DownloadClient.objects.exists()
    assert not ProviderStatus.objects.filter(key=f"downloadclient:{row.pk}").exists()


def test_delete_asks_first_and_deletes_nothing_on_get(admin_client):
    row = make_client()
    response = admin_client.get(reverse("settings:download_client_delete", args=[row.pk]))
    assert "Delete Home qBit?" in response.content.decode()
    assert DownloadClient.objects.exists()


def test_delete_confirmation_counts_the_downloads_still_followed(admin_client):
    row = make_client()
    Download.objects.create(client=row, protocol="torrent", download_id="a", source_title="A")
    Download.objects.create(
        client=row, protocol="torrent", download_id="b", source_title="B", state="imported"
    )
    response = admin_client.get(reverse("settings:download_client_delete", args=[row.pk]))
    assert response.context["active_downloads"] == 1


def test_test_button_reports_the_clients_problems(admin_client):
    ScriptedClient.problems = ["Cannot reach 127.0.0.1:8080: connection refused."]
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "qBittorrent test failed" in html
    assert "Cannot reach 127.0.0.1:8080: connection refused." in html


def test_test_button_says_when_the_client_works(admin_client):
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    assert "qBittorrent works with these settings." in response.content.decode()


def test_test_button_uses_unsaved_values_and_saves_nothing(admin_client):
    row = make_client(password=STORED_PASSWORD, category="radarr")
    data = form_data(pk=row.pk, base_url="http://127.0.0.1:9999", category="films")
    admin_client.post(TEST, data, HTTP_HX_REQUEST="true")
    tested = ScriptedClient.tested[0]
    row.refresh_from_db()
    assert (tested.base_url, tested.category, tested.password) == (
        "http://127.0.0.1:9999",
        "films",
        STORED_PASSWORD,
    )
    assert (row.base_url, row.category) == ("http://127.0.0.1:8080", "radarr")


def test_test_button_tests_a_client_not_yet_saved(admin_client):
    admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    assert ScriptedClient.tested[0].provider_key == "downloadclient:qbittorrent:test"
    assert not DownloadClient.objects.exists()


def test_testing_an_unsaved_client_leaves_nothing_on_system_health(admin_client, monkeypatch):
    from radarr_site.providers import record_failure

    def failing_test(self):
        record_failure(self.config.provider_key, "qBittorrent", OSError("refused"))
        return ["refused"]

    monkeypatch.setattr(ScriptedClient, "test", failing_test)
    admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    assert not ProviderStatus.objects.exists()


def test_test_button_turns_a_raised_error_into_its_message(admin_client):
    ScriptedClient.error = Unavailable("qBittorrent at 127.0.0.1:8080 is not answering.")
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    assert "qBittorrent at 127.0.0.1:8080 is not answering." in response.content.decode()


def test_test_button_reports_a_client_bug_without_crashing(admin_client):
    ScriptedClient.error = KeyError("torrents")
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "test failed unexpectedly: KeyError" in response.content.decode()


def test_test_button_reports_invalid_form_values_without_calling(admin_client):
    data = form_data(kind="qbittorrent", base_url="ftp://x")
    response = admin_client.post(TEST, data, HTTP_HX_REQUEST="true")
    assert "URL: Give the full address" in response.content.decode()
    assert ScriptedClient.tested == []


def test_test_button_without_a_kind_asks_for_one(admin_client):
    response = admin_client.post(TEST, form_data(), HTTP_HX_REQUEST="true")
    assert "Choose a kind of download client first." in response.content.decode()


def test_test_without_javascript_returns_the_page_with_the_result(admin_client):
    ScriptedClient.problems = ["Category radarr does not exist in qBittorrent."]
    response = admin_client.post(TEST, form_data(kind="qbittorrent", name="Typed name"))
    html = response.content.decode()
    assert "Category radarr does not exist in qBittorrent." in html
    assert 'value="Typed name"' in html


def test_qbittorrent_test_creates_a_missing_category_and_says_so(admin_client, monkeypatch):
    ScriptedClient.problems = ["Category 'radarr' does not exist in qBittorrent; create it"]
    created = []
    monkeypatch.setattr(
        ScriptedClient, "ensure_category", lambda self, c: created.append(c), raising=False
    )
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert created == ["radarr"]
    assert "Category &#x27;radarr&#x27; created" in html and "test failed" not in html


def test_qbittorrent_category_creation_refused_stays_a_failure(admin_client, monkeypatch):
    ScriptedClient.problems = ["Category 'radarr' does not exist in qBittorrent; create it"]

    def refuse(self, category):
        raise Unavailable("qBittorrent is not answering")

    monkeypatch.setattr(ScriptedClient, "ensure_category", refuse, raising=False)
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "test failed" in html and "creating it failed" in html


def test_nzbget_missing_category_is_a_warning_with_the_fix(admin_client):
    ScriptedClient.problems = [
        "NZBGet has no category 'radarr'; add it under Settings → Categories in NZBGet"
    ]
    data = form_data(kind="nzbget", seed_ratio=None, seed_time_minutes=None)
    html = admin_client.post(TEST, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'class="msg warning"' in html and "Settings → Categories" in html
    assert "test failed" not in html


def test_test_runs_the_connection_when_only_the_name_is_wrong(admin_client):
    make_client(name="Taken")
    data = form_data(kind="qbittorrent", name="Taken")
    html = admin_client.post(TEST, data, HTTP_HX_REQUEST="true").content.decode()
    assert len(ScriptedClient.tested) == 1
    assert "works with these settings" in html and "Name:" in html


def test_test_result_escapes_the_clients_text(admin_client):
    ScriptedClient.problems = ["<script>alert(1)</script>"]
    response = admin_client.post(TEST, form_data(kind="qbittorrent"), HTTP_HX_REQUEST="true")
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_adds_a_remote_path_mapping(admin_client, tmp_path):
    row = make_client()
    url = reverse("settings:download_client_mapping_add", args=[row.pk])
    admin_client.post(url, {"remote_path": "/downloads", "local_path": str(tmp_path)})
    mapping = RemotePathMapping.objects.get(client=row)
    assert (mapping.remote_path, mapping.local_path) == ("/downloads/", f"{tmp_path}/")


def test_a_windows_remote_path_is_accepted(admin_client, tmp_path):
    row = make_client()
    url = reverse("settings:download_client_mapping_add", args=[row.pk])
    admin_client.post(url, {"remote_path": "D:\\Downloads", "local_path": str(tmp_path)})
    assert RemotePathMapping.objects.get(client=row).remote_path == "D:\\Downloads\\"


def test_a_relative_remote_path_is_refused(admin_client, tmp_path):
    row = make_client()
    url = reverse("settings:download_client_mapping_add", args=[row.pk])
    response = admin_client.post(url, {"remote_path": "downloads", "local_path": str(tmp_path)})
    assert "Give the full path as the client sees it" in str(
        response.context["mapping_form"].errors["remote_path"]
    )


def test_a_local_path_that_is_not_a_folder_is_refused(admin_client, tmp_path):
    row = make_client()
    url = reverse("settings:download_client_mapping_add", args=[row.pk])
    missing = tmp_path / "missing"
    response = admin_client.post(url, {"remote_path": "/downloads", "local_path": str(missing)})
    assert "is not a folder on this machine" in str(
        response.context["mapping_form"].errors["local_path"]
    )
    assert not RemotePathMapping.objects.exists()


def test_duplicate_remote_path_is_refused(admin_client):
    row = make_client()
    RemotePathMapping.objects.create(client=row, remote_path="/downloads/", local_path="/a/")
    url = reverse("settings:download_client_mapping_add", args=[row.pk])
    response = admin_client.post(url, {"remote_path": "/downloads", "local_path": "/tmp"})
    assert "remote_path" in response.context["mapping_form"].errors
    assert RemotePathMapping.objects.count() == 1


def test_relative_local_path_is_refused(admin_client):
    row = make_client()
    url = reverse("settings:download_client_mapping_add", args=[row.pk])
    response = admin_client.post(url, {"remote_path": "/downloads", "local_path": "dl"})
    assert "local_path" in response.context["mapping_form"].errors


def test_deletes_a_remote_path_mapping(admin_client):
    row = make_client()
    mapping = RemotePathMapping.objects.create(client=row, remote_path="/d/", local_path="/m/")
    admin_client.post(reverse("settings:download_client_mapping_delete", args=[row.pk, mapping.pk]))
    assert not RemotePathMapping.objects.exists()


def test_saves_the_download_options(admin_client):
    admin_client.post(LIST, {"enable_completed_handling": "on", "check_interval_minutes": 5})
    options = DownloadOptions.load()
    assert (options.enable_completed_handling, options.redownload_failed) == (True, False)
    assert options.check_interval_minutes == 5


def test_check_interval_outside_one_to_sixty_is_refused(admin_client):
    response = admin_client.post(LIST, {"check_interval_minutes": 0})
    assert "check_interval_minutes" in response.context["options_form"].errors
    assert DownloadOptions.load().check_interval_minutes == 1


def test_subnav_links_to_download_clients(admin_client):
    html = admin_client.get(reverse("settings:general")).content.decode()
    assert f'href="{LIST}"' in html


@pytest.mark.django_db(transaction=True)
def test_test_button_shows_problems_in_place_in_a_browser(page, live_server):
    ScriptedClient.problems = ["Cannot reach 127.0.0.1:8080: connection refused."]
    make_user("carol", "Admin")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", "carol")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{ADD}?kind=qbittorrent")
    page.evaluate("window.__noReload = true")
    page.fill("input[name=name]", "Typed but unsaved")
    page.fill("input[name=base_url]", "http://127.0.0.1:8080")
    page.click("button:has-text('Test')")
    page.wait_for_selector("#download-client-test .errorbox")
    result = page.inner_text("#download-client-test")
    assert "Cannot reach 127.0.0.1:8080: connection refused." in result
    assert page.evaluate("window.__noReload") is True
    assert ScriptedClient.tested[0].name == "Typed but unsaved"
    assert not DownloadClient.objects.exists()


def test_category_mappings_are_saved_from_tag_lines(admin_client):
    from movies.models import Tag

    uhd = Tag.objects.create(label="4k")
    admin_client.post(ADD, form_data(kind="qbittorrent", category_mappings="4K = movies-4k\n"))
    assert DownloadClient.objects.get().options["category_mappings"] == [
        {"tag": uhd.pk, "category": "movies-4k"}
    ]


def test_a_category_mapping_naming_an_unknown_tag_is_refused(admin_client):
    response = admin_client.post(
        ADD, form_data(kind="qbittorrent", category_mappings="nosuchtag = x")
    )
    assert "no tag" in str(response.context["form"].errors["category_mappings"])
    assert not DownloadClient.objects.exists()


def test_a_category_mapping_with_a_bad_category_is_refused(admin_client):
    from movies.models import Tag

    Tag.objects.create(label="4k")
    response = admin_client.post(
        ADD, form_data(kind="qbittorrent", category_mappings="4k = ../evil")
    )
    assert "category_mappings" in response.context["form"].errors


def test_category_mappings_show_as_tag_lines(admin_client):
    from movies.models import Tag

    uhd = Tag.objects.create(label="4k")
    row = make_client(options={"category_mappings": [{"tag": uhd.pk, "category": "uhd"}]})
    form = admin_client.get(edit_url(row)).context["form"]
    assert form["category_mappings"].value() == "4k = uhd"


def test_an_unexpected_test_error_is_logged_without_the_sabnzbd_api_key():
    import io
    import logging

    import requests

    from downloads.forms import client_problems
    from radarr_site.logredact import RedactSecrets

    def chained_error():
        try:
            raise requests.ConnectionError("GET http://sab:8080/api?mode=queue&apikey=S3CRETKEY")
        except requests.ConnectionError as exc:
            raise ValueError("unexpected answer") from exc

    try:
        chained_error()
    except ValueError as exc:
        ScriptedClient.error = exc
    # The handler as settings.LOGGING builds it: the file and the console carry the filter.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("downloads.client_checks")
    logger.addHandler(handler)
    try:
        problems = client_problems(make_client(kind="sabnzbd", api_key="S3CRETKEY"))
    finally:
        logger.removeHandler(handler)

    assert problems and "S3CRETKEY" not in problems[0]
    assert "unexpected answer" in stream.getvalue()
    assert "S3CRETKEY" not in stream.getvalue()
