"""The API's forgiving spelling (paths and query names in any case), JSON for paths and
methods we do not serve, and the OpenAPI document's guard."""

from __future__ import annotations

import pytest

from radarr_site.api.keys import current_api_key

pytestmark = pytest.mark.django_db


def key() -> dict[str, str]:
    return {"HTTP_X_API_KEY": current_api_key()}


def test_query_names_are_read_in_any_case(client):
    lower = client.get("/api/v3/history?pagesize=3&SORTDIRECTION=ascending", **key()).json()
    assert (lower["pageSize"], lower["sortDirection"]) == (3, "ascending")


def test_a_query_name_we_do_not_declare_is_passed_through_unchanged(client):
    response = client.get("/api/v3/history?includeEpisode=true&pageSize=2", **key())
    assert response.status_code == 200
    assert response.json()["pageSize"] == 2


def test_a_path_we_do_not_serve_answers_json_404(client):
    response = client.get("/api/v3/nothing/here", **key())
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"] == "NotFound"
    assert response["X-Application-Version"]


def test_a_method_we_do_not_serve_answers_json_405(client):
    response = client.patch("/api/v3/tag", **key())
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "PATCH" in response.json()["message"]


def test_the_openapi_document_needs_the_key_or_a_signed_in_user(client, member_user):
    assert client.get("/api/v3/openapi.json").status_code == 401
    assert client.get("/api/v3/openapi.json", **key()).status_code == 200
    assert client.get(f"/api/v3/openapi.json?apikey={current_api_key()}").status_code == 200
    client.force_login(member_user)
    assert client.get("/api/v3/openapi.json").status_code == 200


def test_the_docs_page_is_for_signed_in_users_and_says_so_to_a_key(client, admin_user):
    assert client.get("/api/v3/docs").status_code == 401
    with_key = client.get(f"/api/v3/docs?apikey={current_api_key()}")
    assert with_key.status_code == 401 and "Sign in" in with_key.json()["message"]
    client.force_login(admin_user)
    assert client.get("/api/v3/docs").status_code == 200


def test_a_path_we_do_not_serve_is_401_without_the_key(client):
    response = client.get("/api/v3/nothing/here")
    assert (response.status_code, response.json()) == (401, {"message": "Unauthorized"})


def test_an_empty_query_value_means_the_default(client):
    body = client.get("/api/v3/history?pageSize=&page=&sortKey=", **key()).json()
    assert (body["page"], body["pageSize"], body["sortKey"]) == (1, 10, "date")


def test_a_wrongly_typed_field_is_said_back_as_the_attempted_value(client):
    response = client.post(
        "/api/v3/tag", {"label": ["not", "a", "label"]}, content_type="application/json", **key()
    )
    assert response.status_code == 400
    response = client.put(
        "/api/v3/tag/1", {"id": "one", "label": "x"}, content_type="application/json", **key()
    )
    [failure] = response.json()
    assert (failure["propertyName"], failure["attemptedValue"]) == ("id", "one")
