"""Settings → Connect's Test button: the form's unsaved values are tested (through the fake
kinds), each failure is said as a sentence, a media server's libraries and the library a
movie in the first root folder lands in are named; nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mediaservers.clients.base import Section
from mediaservers.models import Connection, PathMapping
from radarr_site.http.errors import AuthError, BadResponse, NotFound, Unavailable
from radarr_site.models import ProviderStatus
from tests.mediaservers.settings.posted import hook_data, media_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_connections")]

TEST = reverse("settings:connection_test")
HTMX = {"HTTP_HX_REQUEST": "true"}


def post_test(client, **fields):
    data = {"kind": "fakeserver", **media_data(name="Den", api_key="k", **fields)}
    return client.post(TEST, data, **HTMX)


def test_members_cannot_run_a_test(member_client, fake_connections):
    response = member_client.post(TEST, {"kind": "fakeserver", **media_data(api_key="k")})
    assert response.status_code == 403
    assert fake_connections("Plex").tests == 0


def test_a_working_server_names_its_libraries(admin_client, fake_connections):
    fake_connections("Den").sections = [
        Section("1", "Movies", "movie", ("/data/movies",)),
        Section("2", "Shows", "show", ("/data/tv", "/more/tv")),
    ]
    html = post_test(admin_client).content.decode()
    assert "Movies (/data/movies), Shows (/data/tv, /more/tv)" in html
    assert "test failed" not in html
    assert fake_connections("Den").tests == 1


def test_nothing_is_saved_by_a_test(admin_client):
    post_test(admin_client)
    assert not Connection.objects.exists()


def test_an_unsaved_connection_leaves_no_provider_status(admin_client, fake_connections):
    fake_connections("Den").error = Unavailable("Fake at 127.0.0.1:1 refused the connection")
    post_test(admin_client)
    assert not ProviderStatus.objects.exists()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (AuthError("401 Unauthorized", status=401), "Check the token or API key"),
        (Unavailable("127.0.0.1:32400 refused the connection"), "Check the URL"),
        (Unavailable("HTTP 503 from 127.0.0.1:32400", status=503), "server is up"),
        (Unavailable("127.0.0.1:32400 did not answer in time"), "Timed out"),
        (NotFound("HTTP 404 from 127.0.0.1:32400", status=404), "Nothing answers"),
        (BadResponse("not JSON"), "Unusable answer"),
    ],
)
def test_each_failure_is_said_as_a_sentence(admin_client, fake_connections, error, words):
    fake_connections("Den").error = error
    html = post_test(admin_client).content.decode()
    assert "test failed" in html
    assert words in html and str(error).split(" from ")[0].rstrip(".") in html


def test_a_server_without_libraries_fails(admin_client, fake_connections):
    fake_connections("Den").sections = []
    html = post_test(admin_client).content.decode()
    assert "has no libraries to scan" in html


def test_names_the_library_a_movie_in_the_first_root_folder_lands_in(
    admin_client, fake_connections, root_folder
):
    fake_connections("Den").sections = [
        Section("1", "Shows", "show", ("/srv/tv",)),
        Section("2", "Films", "movie", (root_folder.path,)),
    ]
    html = post_test(admin_client).content.decode()
    assert f"A movie in {root_folder.path} is scanned in the library Films." in html


def test_warns_when_no_library_holds_the_first_root_folder(
    admin_client, fake_connections, root_folder
):
    fake_connections("Den").sections = [Section("1", "Movies", "movie", ("/media/movies",))]
    html = post_test(admin_client).content.decode()
    assert f"No library holds {root_folder.path}" in html
    assert "add a path mapping" in html


def test_a_saved_servers_path_mappings_lead_to_the_library(
    admin_client, fake_connections, root_folder
):
    row = Connection.objects.create(
        kind="fakeserver", name="Den", base_url="http://127.0.0.1:32400", api_key="k"
    )
    PathMapping.objects.create(
        connection=row, local_path=root_folder.path, remote_path="/media/movies"
    )
    fake_connections("Den").sections = [Section("1", "Movies", "movie", ("/media/movies",))]
    data = {"pk": row.pk, **media_data(name="Den", base_url=row.base_url)}
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert (
        f"A movie in {root_folder.path} (the server&#x27;s /media/movies) is scanned in the "
        "library Movies." in html
    )


def test_a_saved_connections_stored_token_is_used_when_left_empty(admin_client, fake_connections):
    row = Connection.objects.create(
        kind="fakeserver", name="Den", base_url="http://127.0.0.1:32400", api_key="stored-k"
    )
    data = {"pk": row.pk, **media_data(name="Den", base_url=row.base_url, api_key="")}
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "test failed" not in html and "Connected" in html


def test_unsaved_values_are_what_is_tested(admin_client, fake_connections):
    row = Connection.objects.create(
        kind="fakeserver", name="Den", base_url="http://127.0.0.1:32400", api_key="k"
    )
    data = {"pk": row.pk, **media_data(name="Attic", base_url=row.base_url)}
    admin_client.post(TEST, data, **HTMX)
    assert fake_connections("Attic").tests == 1 and fake_connections("Den").tests == 0
    row.refresh_from_db()
    assert row.name == "Den"


def test_a_bad_address_stops_the_test_with_the_field_error(admin_client, fake_connections):
    html = post_test(admin_client, base_url="32400").content.decode()
    assert "URL: Give the full address" in html
    assert fake_connections("Den").tests == 0


def test_a_taken_name_is_shown_beside_a_test_that_still_runs(admin_client, fake_connections):
    Connection.objects.create(kind="plex", name="Den", base_url="http://x:1", api_key="k")
    html = post_test(admin_client).content.decode()
    assert "fix these fields" in html and "Connected" in html
    assert fake_connections("Den").tests == 1


def test_a_webhook_test_sends_a_test_event(admin_client, fake_connections):
    data = {"kind": "fakehook", **hook_data(name="Hook")}
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "Sent a test event" in html
    assert fake_connections("Hook").payloads == [{"eventType": "Test"}]


def test_a_refused_webhook_says_it_was_refused(admin_client, fake_connections):
    fake_connections("Hook").error = AuthError("HTTP 401 from hooks.example.net", status=401)
    data = {"kind": "fakehook", **hook_data(name="Hook")}
    html = admin_client.post(TEST, data, **HTMX).content.decode()
    assert "test failed" in html and "Refused: HTTP 401 from hooks.example.net" in html


def test_without_javascript_the_whole_page_comes_back_with_the_result(admin_client):
    data = {"kind": "fakeserver", **media_data(name="Den", api_key="k")}
    response = admin_client.post(TEST, data)
    html = response.content.decode()
    assert 'id="connection-form"' in html and "Connected" in html


def test_a_test_without_a_kind_asks_for_one(admin_client):
    html = admin_client.post(TEST, {"name": "x"}, **HTMX).content.decode()
    assert "Choose a kind of connection first." in html


def test_admin_test_action_shows_each_connections_result(admin_client, fake_connections):
    row = Connection.objects.create(
        kind="fakeserver", name="Den", base_url="http://127.0.0.1:32400", api_key="k"
    )
    fake_connections("Den").error = AuthError("401 Unauthorized", status=401)
    url = reverse("admin:mediaservers_connection_changelist")
    data = {"action": "test_connections", "_selected_action": [row.pk]}
    html = admin_client.post(url, data).content.decode()
    assert "Connection test" in html and "Check the token or API key" in html
