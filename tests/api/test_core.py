"""API v3 as a whole: key authentication, no session or CSRF, case-insensitive paths, the
version header, Radarr-shaped 400s and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from movies.models import Tag
from radarr_site.api.core import RADARR_COMPAT_VERSION
from radarr_site.api.keys import current_api_key, regenerate_api_key

pytestmark = pytest.mark.django_db

STATUS = "/api/v3/system/status"


def test_a_call_without_key_is_refused_with_401(client):
    response = client.get(STATUS)
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def test_a_call_with_a_wrong_key_is_refused_with_401(client):
    current_api_key()
    assert client.get(STATUS, HTTP_X_API_KEY="0" * 32).status_code == 401


def test_the_key_is_accepted_in_the_x_api_key_header(client):
    assert client.get(STATUS, HTTP_X_API_KEY=current_api_key()).status_code == 200


def test_the_key_is_accepted_in_the_apikey_query_parameter(client):
    # Overseerr and Jellyseerr send it this way.
    assert client.get(f"{STATUS}?apikey={current_api_key()}").status_code == 200


def test_a_wrong_query_key_is_refused(client):
    current_api_key()
    assert client.get(f"{STATUS}?apikey=nope").status_code == 401


def test_the_old_key_stops_working_once_regenerated(client):
    old = current_api_key()
    new = regenerate_api_key()
    assert client.get(STATUS, HTTP_X_API_KEY=old).status_code == 401
    assert client.get(STATUS, HTTP_X_API_KEY=new).status_code == 200


def test_paths_are_case_insensitive_as_in_radarr(client):
    response = client.get("/api/v3/qualityProfile", HTTP_X_API_KEY=current_api_key())
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_a_trailing_slash_is_accepted(client):
    assert client.get("/api/v3/tag/", HTTP_X_API_KEY=current_api_key()).status_code == 200


def test_every_answer_carries_x_application_version(client):
    ok = client.get(STATUS, HTTP_X_API_KEY=current_api_key())
    assert ok["X-Application-Version"] == RADARR_COMPAT_VERSION


def test_a_401_carries_x_application_version_too(client):
    # Prowlarr's connection test reads the header whatever the status.
    refused = client.get(STATUS)
    assert refused.status_code == 401
    assert refused["X-Application-Version"] == RADARR_COMPAT_VERSION


def test_a_post_with_the_key_needs_no_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/api/v3/tag",
        data='{"label": "from-a-tool"}',
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )
    assert response.status_code == 201
    assert Tag.objects.filter(label="from-a-tool").exists()


def test_a_signed_in_admin_without_key_gets_401(admin_client):
    # The API never accepts a session: a page's cookies must not reach it.
    assert admin_client.get(STATUS).status_code == 401
    response = admin_client.post(
        "/api/v3/tag", data='{"label": "x"}', content_type="application/json"
    )
    assert response.status_code == 401
    assert not Tag.objects.exists()


def test_malformed_json_answers_400_in_radarr_list_shape(client):
    response = client.post(
        "/api/v3/tag",
        data='{"label": ',
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )
    assert response.status_code == 400
    body = response.json()
    assert isinstance(body, list) and body
    assert set(body[0]) == {"propertyName", "errorMessage", "attemptedValue", "severity"}
    assert not Tag.objects.exists()


def test_an_unknown_id_answers_404_not_found_shape(client):
    response = client.get("/api/v3/tag/4242", HTTP_X_API_KEY=current_api_key())
    assert response.status_code == 404
    assert response.json() == {"message": "NotFound", "description": "Tag 4242 does not exist."}


# One path from each router module (system, library, movies, commands, activity, indexers).
ROUTER_PATHS = [
    "/api/v3/system/status",
    "/api/v3/health",
    "/api/v3/diskspace",
    "/api/v3/qualityprofile",
    "/api/v3/rootfolder",
    "/api/v3/tag",
    "/api/v3/downloadclient",
    "/api/v3/movie",
    "/api/v3/command",
    "/api/v3/queue",
    "/api/v3/indexer",
]


@pytest.mark.parametrize("path", ROUTER_PATHS)
def test_openapi_document_lists_a_path_of_every_router(client, path):
    document = client.get("/api/v3/openapi.json", HTTP_X_API_KEY=current_api_key()).json()
    assert path in document["paths"]


def test_openapi_document_describes_radarr_field_names(client):
    document = client.get("/api/v3/openapi.json", HTTP_X_API_KEY=current_api_key()).json()
    schemas = document["components"]["schemas"]
    assert "freeSpace" in schemas["RootFolderResource"]["properties"]
    assert "upgradeAllowed" in schemas["QualityProfileResource"]["properties"]
