"""Settings → Connect's Test of an edited, saved connection: a stored secret is never sent
to a new address, and only a pass of the saved values lifts the connection's hold."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mediaservers.models import Connection
from radarr_site.http.errors import Unavailable
from radarr_site.models import ProviderStatus
from radarr_site.providers import record_failure
from tests.mediaservers.settings.posted import hook_data, media_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_connections")]

TEST = reverse("settings:connection_test")
HTMX = {"HTTP_HX_REQUEST": "true"}
SAVED_URL = "http://127.0.0.1:32400"


@pytest.fixture
def den(db):
    return Connection.objects.create(
        kind="fakeserver", name="Den", base_url=SAVED_URL, api_key="stored-k"
    )


def post(client, row, **fields):
    return client.post(TEST, {"pk": row.pk, **media_data(name="Den", **fields)}, **HTMX)


@pytest.mark.parametrize(
    "url", ["http://evil.example:32400", "https://127.0.0.1:32400", "http://127.0.0.1:8080"]
)
def test_a_new_address_with_the_token_left_empty_is_refused(
    admin_client, fake_connections, den, url
):
    html = post(admin_client, den, base_url=url, api_key="").content.decode()
    assert "Type the token again to test a new address" in html
    assert fake_connections("Den").tests == 0


def test_a_new_address_with_the_token_typed_is_tested(admin_client, fake_connections, den):
    html = post(admin_client, den, base_url="http://10.0.0.9:32400", api_key="new-k").content
    assert "Connected" in html.decode()
    assert fake_connections("Den").tests == 1


def test_the_saved_address_written_otherwise_keeps_the_stored_token(
    admin_client, fake_connections, den
):
    html = post(admin_client, den, base_url="http://127.0.0.1:32400/", api_key="").content
    assert "Connected" in html.decode()


def test_a_webhook_header_left_masked_is_not_sent_to_a_new_address(admin_client, fake_connections):
    row = Connection.objects.create(
        kind="fakehook",
        name="Hook",
        base_url="https://hooks.example.net/radarr",
        headers={"X-Api-Key": "stored-header"},
    )
    data = hook_data(
        name="Hook", base_url="https://other.example/radarr", headers_text="X-Api-Key: ••••"
    )
    html = admin_client.post(TEST, {"pk": row.pk, **data}, **HTMX).content.decode()
    assert "Type the token again" in html
    assert fake_connections("Hook").payloads == []


def test_a_pass_of_unsaved_values_leaves_the_saved_hold(admin_client, den):
    record_failure(den.provider_key, den.name, Unavailable("HTTP 503", status=503))
    before = ProviderStatus.objects.get(key=den.provider_key)
    post(admin_client, den, base_url="http://10.0.0.9:32400", api_key="new-k")
    after = ProviderStatus.objects.get(key=den.provider_key)
    assert (after.consecutive_failures, after.disabled_until) == (
        before.consecutive_failures,
        before.disabled_until,
    )
    assert not ProviderStatus.objects.exclude(key=den.provider_key).exists()


def test_a_pass_of_the_saved_values_lifts_the_hold(admin_client, den):
    record_failure(den.provider_key, den.name, Unavailable("HTTP 503", status=503))
    post(admin_client, den, base_url=SAVED_URL, api_key="")
    status = ProviderStatus.objects.get(key=den.provider_key)
    assert status.consecutive_failures == 0
