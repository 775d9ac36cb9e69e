"""API v3 indexer endpoints: Radarr's IndexerResource shape, the write-only key, the
settings page's validation and Test on every save, and 400/401/404 as Radarr answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from indexers.models import Indexer
from radarr_site.api.core import RADARR_COMPAT_VERSION
from radarr_site.api.keys import current_api_key
from radarr_site.models import ProviderStatus
from tests.fakes import free_port
from tests.servers.torznab import API_KEY, TorznabServer, torznab_server

pytestmark = pytest.mark.django_db

MATRIX = {"title": "The.Matrix.1999.1080p.BluRay.x264-GRP", "imdb": "0133093", "size": 2**30}
TORZNAB_FIELDS = [
    "baseUrl",
    "apiPath",
    "apiKey",
    "categories",
    "requiredFlags",
    "additionalParameters",
    "multiLanguages",
    "removeYear",
    "minimumSeeders",
    "seedCriteria.seedRatio",
    "seedCriteria.seedTime",
    "rejectBlocklistedTorrentHashesWhileGrabbing",
]


@pytest.fixture(scope="module")
def torznab_module() -> Iterator[TorznabServer]:
    with torznab_server() as server:
        yield server


@pytest.fixture
def torznab(torznab_module: TorznabServer) -> Iterator[TorznabServer]:
    torznab_module.reset()
    torznab_module.add("movies", items=[MATRIX])
    yield torznab_module
    torznab_module.reset()


@pytest.fixture
def api(client):
    """The test client with the API key on every call."""
    key = current_api_key()

    class Api:
        def get(self, path: str, **kw: Any):
            return client.get(f"/api/v3{path}", HTTP_X_API_KEY=key, **kw)

        def delete(self, path: str):
            return client.delete(f"/api/v3{path}", HTTP_X_API_KEY=key)

        def post(self, path: str, body: Any = None):
            return client.post(
                f"/api/v3{path}", body or {}, content_type="application/json", HTTP_X_API_KEY=key
            )

        def put(self, path: str, body: Any):
            return client.put(
                f"/api/v3{path}", body, content_type="application/json", HTTP_X_API_KEY=key
            )

    return Api()


def closed_url() -> str:
    """An address nothing listens on."""
    return f"http://127.0.0.1:{free_port()}"


def payload(base_url: str, **extra: Any) -> dict:
    """A Torznab resource as a client posts it: fields as {name, value}."""
    fields = {
        "baseUrl": base_url,
        "apiPath": "/api",
        "apiKey": API_KEY,
        "categories": [2000, 2040],
        "minimumSeeders": 1,
        "seedCriteria.seedRatio": None,
        "seedCriteria.seedTime": None,
        **extra.pop("fields", {}),
    }
    body = {
        "name": "Movies",
        "implementation": "Torznab",
        "configContract": "TorznabSettings",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
        "downloadClientId": 0,
        "fields": [{"name": n, "value": v} for n, v in fields.items()],
    }
    body.update(extra)
    return body


def field_values(resource: dict) -> dict[str, Any]:
    return {f["name"]: f.get("value") for f in resource["fields"]}


def stored(**fields: Any) -> Indexer:
    values = {
        "kind": "torznab",
        "name": "Stored",
        "base_url": "http://127.0.0.1:9/stored",
        "api_key": "stored-secret-key",
        "categories": [2000],
    }
    values.update(fields)
    return Indexer.objects.create(**values)


def failing(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    return {f["propertyName"]: f["errorMessage"] for f in response.json()}


# ------------------------------------------------------------------ reading


def test_schema_offers_torznab_with_radarrs_fields_and_defaults(api):
    response = api.get("/indexer/schema")
    assert response.status_code == 200
    torznab = next(e for e in response.json() if e["implementation"] == "Torznab")
    assert torznab["configContract"] == "TorznabSettings"
    assert torznab["protocol"] == "torrent"
    assert torznab["id"] == 0
    assert [f["name"] for f in torznab["fields"]] == TORZNAB_FIELDS
    values = field_values(torznab)
    assert values["apiPath"] == "/api"
    assert values["categories"] == [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060]
    assert values["minimumSeeders"] == 1


def test_schema_has_one_entry_per_kind_with_their_own_names_for_aggregators(api):
    entries = {e["implementation"]: e for e in api.get("/indexer/schema").json()}
    assert set(entries) == {"Torznab", "Newznab", "HDBits", "Jackett", "Prowlarr"}
    assert entries["Newznab"]["protocol"] == "usenet"
    assert "minimumSeeders" not in field_values(entries["Newznab"])
    assert entries["HDBits"]["configContract"] == "HDBitsSettings"
    assert field_values(entries["HDBits"])["baseUrl"] == "https://hdbits.org"
    assert entries["Prowlarr"]["protocol"] == "unknown"


def test_list_reads_radarrs_field_names(api):
    row = stored(seed_ratio=1.5, seed_time_minutes=90, minimum_seeders=3, priority=10)
    response = api.get("/indexer")
    assert response.status_code == 200
    (resource,) = response.json()
    assert resource["id"] == row.pk
    assert resource["name"] == "Stored"
    assert resource["implementation"] == resource["implementationName"] == "Torznab"
    assert resource["priority"] == 10
    assert resource["enableRss"] is True
    assert resource["supportsSearch"] is True
    assert resource["tags"] == [] and resource["downloadClientId"] == 0
    values = field_values(resource)
    assert values["baseUrl"] == "http://127.0.0.1:9/stored"
    assert values["seedCriteria.seedRatio"] == 1.5
    assert values["seedCriteria.seedTime"] == 90  # minutes in Radarr and in our model
    assert values["minimumSeeders"] == 3


def test_the_api_key_is_never_returned(api):
    row = stored()
    text = api.get(f"/indexer/{row.pk}").content.decode()
    assert "stored-secret-key" not in text
    assert field_values(api.get(f"/indexer/{row.pk}").json())["apiKey"] == "********"
    assert "stored-secret-key" not in api.get("/indexer").content.decode()


def test_hdbits_reads_its_user_name_and_codecs(api):
    row = stored(
        kind="hdbits",
        name="HDB",
        base_url="https://hdbits.org",
        username="me",
        categories=[1],
        options={"codecs": [1, 5]},
    )
    values = field_values(api.get(f"/indexer/{row.pk}").json())
    assert values["username"] == "me"
    assert values["codecs"] == [1, 5]
    assert values["categories"] == [1]


def test_an_unknown_indexer_is_404(api):
    response = api.get("/indexer/999")
    assert response.status_code == 404
    assert response.json()["message"] == "NotFound"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/indexer"),
        ("get", "/indexer/schema"),
        ("get", "/indexer/1"),
        ("post", "/indexer"),
        ("put", "/indexer/1"),
        ("delete", "/indexer/1"),
        ("post", "/indexer/test"),
        ("post", "/indexer/testall"),
    ],
)
def test_every_endpoint_refuses_a_call_without_the_key(client, method, path):
    row = stored()
    kwargs = {"content_type": "application/json"} if method in ("post", "put") else {}
    response = getattr(client, method)(f"/api/v3{path}", **kwargs)
    assert response.status_code == 401
    assert Indexer.objects.filter(pk=row.pk).exists()


# ------------------------------------------------------------------ creating


def test_a_working_indexer_is_created_with_201(api, torznab):
    response = api.post("/indexer", payload(torznab.url_for("movies")))
    assert response.status_code == 201, response.content
    row = Indexer.objects.get()
    assert response.json()["id"] == row.pk
    assert (row.kind, row.api_key, row.categories) == ("torznab", API_KEY, [2000, 2040])
    assert row.capabilities  # the Test's capabilities are kept, as the settings page does


def test_a_failing_test_is_a_400_naming_the_problem_and_creates_nothing(api):
    response = api.post("/indexer", payload(closed_url()))
    errors = failing(response)
    assert "Unreachable" in errors["baseUrl"]
    assert not Indexer.objects.exists()


def test_force_save_stores_an_indexer_whose_test_fails(api):
    url = closed_url()
    response = api.post("/indexer?forceSave=true", payload(url))
    assert response.status_code == 201
    assert Indexer.objects.get().base_url == url


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"baseUrl": ""}, "baseUrl"),
        ({"baseUrl": "ftp://nowhere"}, "baseUrl"),
        ({"categories": ["movies"]}, "categories"),
        ({"categories": [-1]}, "categories"),
        ({"categories": "2000"}, "categories"),
        ({"apiPath": "api?x=1"}, "apiPath"),
        ({"minimumSeeders": "lots"}, "minimumSeeders"),
    ],
)
def test_a_bad_field_is_a_400_naming_it_and_creates_nothing(api, fields, named):
    response = api.post("/indexer?forceSave=true", payload("http://127.0.0.1:9", fields=fields))
    assert named in failing(response)
    assert not Indexer.objects.exists()


def test_a_missing_base_url_is_a_400_naming_it(api):
    body = payload("http://127.0.0.1:9")
    body["fields"] = [f for f in body["fields"] if f["name"] != "baseUrl"]
    assert "baseUrl" in failing(api.post("/indexer?forceSave=true", body))
    assert not Indexer.objects.exists()


def test_an_unknown_implementation_is_a_400_naming_it(api):
    body = payload("http://127.0.0.1:9", implementation="Rarbg")
    errors = failing(api.post("/indexer?forceSave=true", body))
    assert "Rarbg" in errors["implementation"]
    assert not Indexer.objects.exists()


def test_a_missing_implementation_is_a_400_naming_it(api):
    body = payload("http://x.test")
    del body["implementation"]
    assert "implementation" in failing(api.post("/indexer?forceSave=true", body))
    assert not Indexer.objects.exists()


def test_a_bad_priority_is_a_400_naming_it(api):
    errors = failing(api.post("/indexer?forceSave=true", payload("http://x.test", priority=99)))
    assert "priority" in errors
    assert not Indexer.objects.exists()


def test_a_name_already_used_is_a_400_naming_it(api):
    stored(name="Movies")
    errors = failing(api.post("/indexer?forceSave=true", payload("http://x.test")))
    assert "name" in errors
    assert Indexer.objects.count() == 1


def test_fields_we_have_no_setting_for_are_accepted_and_ignored(api):
    extra = {
        "multiLanguages": [1],
        "removeYear": True,
        "requiredFlags": [1],
        "additionalParameters": "&extended=1",
        "rejectBlocklistedTorrentHashesWhileGrabbing": True,
    }
    body = payload("http://x.test", fields=extra, tags=[3], downloadClientId=2)
    assert api.post("/indexer?forceSave=true", body).status_code == 201
    assert Indexer.objects.get().options == {"base_url_as_sent": "http://x.test"}


def test_a_new_jackett_indexer_keeps_its_jackett_indexer_id(api):
    body = payload("http://jackett.test", implementation="Jackett", fields={"indexer": "yts"})
    response = api.post("/indexer?forceSave=true", body)
    assert response.status_code == 201, response.content
    row = Indexer.objects.get()
    assert (row.kind, row.options["indexer"]) == ("jackett", "yts")
    assert response.json()["implementation"] == "Jackett"


# ------------------------------------------------------------------ editing


def test_put_answers_202_and_keeps_the_key_sent_back_masked(api):
    row = stored()
    body = api.get(f"/indexer/{row.pk}").json()
    for field in body["fields"]:
        if field["name"] == "categories":
            field["value"] = [2000, 2045]
    response = api.put(f"/indexer/{row.pk}?forceSave=true", body)
    assert response.status_code == 202, response.content
    row.refresh_from_db()
    assert row.categories == [2000, 2045]
    assert row.api_key == "stored-secret-key"


def test_put_with_a_new_key_replaces_the_stored_one(api):
    row = stored()
    body = payload("http://127.0.0.1:9/stored", name="Stored", fields={"apiKey": "new-key"})
    assert api.put(f"/indexer/{row.pk}?forceSave=true", body).status_code == 202
    row.refresh_from_db()
    assert row.api_key == "new-key"


def test_put_runs_the_test_and_changes_nothing_when_it_fails(api):
    row = stored(base_url="http://x.test")
    response = api.put(f"/indexer/{row.pk}", payload(closed_url(), name="Stored"))
    assert "baseUrl" in failing(response)
    row.refresh_from_db()
    assert row.base_url == "http://x.test"


def test_put_cannot_change_the_implementation(api):
    row = stored()
    body = payload("http://x.test", name="Stored", implementation="Newznab")
    assert "implementation" in failing(api.put(f"/indexer/{row.pk}?forceSave=true", body))
    row.refresh_from_db()
    assert row.kind == "torznab"


def test_put_with_a_bad_field_changes_nothing(api):
    row = stored()
    body = payload("http://x.test", name="Stored", fields={"categories": [0]})
    assert "categories" in failing(api.put(f"/indexer/{row.pk}?forceSave=true", body))
    row.refresh_from_db()
    assert (row.base_url, row.categories) == ("http://127.0.0.1:9/stored", [2000])


def test_put_to_an_unknown_indexer_is_404(api):
    response = api.put("/indexer/999?forceSave=true", payload("http://x.test"))
    assert response.status_code == 404
    assert not Indexer.objects.exists()


def test_delete_answers_200_with_an_empty_body_and_forgets_the_health_row(api):
    row = stored()
    ProviderStatus.objects.create(key=row.provider_key, label=row.name)
    response = api.delete(f"/indexer/{row.pk}")
    assert response.status_code == 200
    assert response.json() == {}
    assert not Indexer.objects.exists()
    assert not ProviderStatus.objects.filter(key=row.provider_key).exists()


def test_delete_of_an_unknown_indexer_is_404(api):
    assert api.delete("/indexer/999").status_code == 404


# ------------------------------------------------------------------ testing


def test_test_answers_an_empty_200_with_the_version_header_and_stores_nothing(api, torznab):
    response = api.post("/indexer/test", payload(torznab.url_for("movies")))
    assert response.status_code == 200, response.content
    assert response.json() == {}
    assert response["X-Application-Version"] == RADARR_COMPAT_VERSION
    assert not Indexer.objects.exists()
    assert torznab.count("movies", "caps") >= 1


def test_test_of_an_unreachable_indexer_is_a_400_list(api):
    response = api.post("/indexer/test", payload(closed_url()))
    assert response["X-Application-Version"] == RADARR_COMPAT_VERSION
    (failure,) = response.json()
    assert response.status_code == 400
    assert failure["propertyName"] == "baseUrl"
    assert failure["errorMessage"].startswith("Unreachable")
    assert not Indexer.objects.exists()


def test_test_of_a_wrong_key_names_the_api_key(api, torznab):
    body = payload(torznab.url_for("movies"), fields={"apiKey": "wrong"})
    assert "apiKey" in failing(api.post("/indexer/test", body))


def test_test_with_a_stored_id_uses_the_stored_key_for_the_mask(api, torznab):
    row = stored(base_url=torznab.url_for("movies"), api_key=API_KEY)
    body = api.get(f"/indexer/{row.pk}").json()
    response = api.post("/indexer/test", body)
    assert response.status_code == 200, response.content
    row.refresh_from_db()
    assert row.api_key == API_KEY


def test_testall_reports_each_indexer(api, torznab):
    good = stored(name="Good", base_url=torznab.url_for("movies"), api_key=API_KEY)
    bad = stored(name="Bad", base_url=closed_url())
    response = api.post("/indexer/testall")
    assert response.status_code == 200
    results = {r["id"]: r for r in response.json()}
    assert results[good.pk]["isValid"] is True
    assert results[good.pk]["validationFailures"] == []
    assert results[bad.pk]["isValid"] is False
    assert "Unreachable" in results[bad.pk]["validationFailures"][0]["errorMessage"]


def test_seed_criteria_are_stored_in_minutes_as_radarr_sends_them(api):
    fields = {"seedCriteria.seedRatio": 2.0, "seedCriteria.seedTime": 120}
    assert (
        api.post("/indexer?forceSave=true", payload("http://x.test", fields=fields)).status_code
        == 201
    )
    row = Indexer.objects.get()
    assert (row.seed_ratio, row.seed_time_minutes) == (2.0, 120)


def test_an_hdbits_indexer_is_saved_with_its_user_name_and_codecs(api):
    fields = {"username": "me", "categories": [1, 3], "codecs": [1, 5], "mediums": [5]}
    body = payload("https://hdbits.org", implementation="HDBits", fields=fields)
    response = api.post("/indexer?forceSave=true", body)
    assert response.status_code == 201, response.content
    row = Indexer.objects.get()
    assert (row.kind, row.username, row.categories) == ("hdbits", "me", [1, 3])
    assert (row.options["codecs"], row.options["mediums"]) == ([1, 5], [5])


def test_an_hdbits_codec_it_lacks_is_a_400_naming_codecs(api):
    fields = {"username": "me", "categories": [1], "codecs": [9]}
    body = payload("https://hdbits.org", implementation="HDBits", fields=fields)
    assert "codecs" in failing(api.post("/indexer?forceSave=true", body))
    assert not Indexer.objects.exists()


def test_the_openapi_document_describes_the_indexer_resource(api):
    document = api.get("/openapi.json").json()
    assert "/api/v3/indexer/schema" in document["paths"]
    assert "IndexerResource" in document["components"]["schemas"]
