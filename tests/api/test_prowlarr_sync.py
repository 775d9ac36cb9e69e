"""Prowlarr's application sync against our API, call by call as Prowlarr makes them
(src/NzbDrone.Core/Applications/Radarr): it reads the schema, fills the Torznab entry's
fields (baseUrl "{ProwlarrUrl}/{id}/", apiPath "/api", its own key, the sync categories),
POSTs it and retries with ?forceSave=true after a 400, finds its indexers again by the
baseUrl prefix, PUTs changes with ?forceSave=true and DELETEs what it stops syncing. Its
"Test" of the application POSTs /indexer/test and reads X-Application-Version."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from indexers.models import Indexer
from radarr_site.api.keys import current_api_key
from tests.fakes import free_port
from tests.servers.torznab import API_KEY, TorznabServer, torznab_server

pytestmark = pytest.mark.django_db

SYNC_CATEGORIES = [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080, 2090]
MATRIX = {"title": "The.Matrix.1999.1080p.BluRay.x264-GRP", "imdb": "0133093", "size": 2**30}


@pytest.fixture(scope="module")
def prowlarr_module() -> Iterator[TorznabServer]:
    with torznab_server() as server:
        yield server


@pytest.fixture
def prowlarr(prowlarr_module: TorznabServer) -> Iterator[TorznabServer]:
    """The fake standing in for Prowlarr's per-indexer proxy: indexer 1 at /1/api."""
    prowlarr_module.reset()
    prowlarr_module.add("1", items=[MATRIX])
    yield prowlarr_module
    prowlarr_module.reset()


class Radarr:
    """Our API as Prowlarr's RadarrV3Proxy calls it (X-Api-Key header, JSON bodies)."""

    def __init__(self, client) -> None:
        self.client = client
        self.headers = {"HTTP_X_API_KEY": current_api_key()}

    def get(self, path: str):
        return self.client.get(f"/api/v3{path}", **self.headers)

    def post(self, path: str, body: Any):
        return self.client.post(
            f"/api/v3{path}", body, content_type="application/json", **self.headers
        )

    def put(self, path: str, body: Any):
        return self.client.put(
            f"/api/v3{path}", body, content_type="application/json", **self.headers
        )

    def delete(self, path: str):
        return self.client.delete(f"/api/v3{path}", **self.headers)


@pytest.fixture
def radarr(client) -> Radarr:
    return Radarr(client)


def set_field(resource: dict, name: str, value: Any) -> None:
    field = next(f for f in resource["fields"] if f["name"] == name)
    field["value"] = value


def field_value(resource: dict, name: str) -> Any:
    return next(f for f in resource["fields"] if f["name"] == name).get("value")


def build_indexer(schema: list[dict], prowlarr_url: str, prowlarr_id: int = 1) -> dict:
    """What Prowlarr posts for one of its torrent indexers on first add: the cached schema
    entry for Torznab with Prowlarr's values filled in."""
    entry = copy.deepcopy(next(e for e in schema if e["implementation"] == "Torznab"))
    entry.update(
        {
            "id": 0,
            "name": "TorrentLeech (Prowlarr)",
            "enableRss": True,
            "enableAutomaticSearch": True,
            "enableInteractiveSearch": True,
            "priority": 25,
            "tags": [],
            "downloadClientId": 0,
        }
    )
    for name, value in {
        "baseUrl": f"{prowlarr_url.rstrip('/')}/{prowlarr_id}/",
        "apiPath": "/api",
        "apiKey": API_KEY,
        "categories": SYNC_CATEGORIES,
        "minimumSeeders": 1,
        "seedCriteria.seedRatio": None,
        "seedCriteria.seedTime": None,
        "rejectBlocklistedTorrentHashesWhileGrabbing": False,
        "multiLanguages": [],
        "removeYear": False,
        "requiredFlags": [],
        "additionalParameters": "",
    }.items():
        set_field(entry, name, value)
    return entry


def prowlarrs_own(indexers: list[dict], prowlarr_url: str) -> list[dict]:
    """How Prowlarr finds the indexers it synced: baseUrl starts with its own URL."""
    return [i for i in indexers if field_value(i, "baseUrl").startswith(prowlarr_url)]


def test_full_sync_with_an_unreachable_prowlarr_needs_force_save(radarr):
    prowlarr_url = f"http://127.0.0.1:{free_port()}"
    schema = radarr.get("/indexer/schema")
    assert schema.status_code == 200
    body = build_indexer(schema.json(), prowlarr_url)

    refused = radarr.post("/indexer", body)
    assert refused.status_code == 400
    (failure,) = refused.json()
    assert failure["propertyName"] == "baseUrl"
    assert "Unreachable" in failure["errorMessage"]
    assert not Indexer.objects.exists()

    created = radarr.post("/indexer?forceSave=true", body)
    assert created.status_code == 201, created.content
    remote_id = created.json()["id"]
    assert field_value(created.json(), "apiKey") == "********"

    listed = radarr.get("/indexer").json()
    (ours,) = prowlarrs_own(listed, prowlarr_url)
    assert ours["id"] == remote_id
    assert ours["name"] == "TorrentLeech (Prowlarr)"
    assert field_value(ours, "baseUrl") == f"{prowlarr_url}/1/"  # exactly as sent
    assert field_value(ours, "categories") == SYNC_CATEGORIES

    set_field(ours, "categories", [2000, 2040, 2045])
    updated = radarr.put(f"/indexer/{remote_id}?forceSave=true", ours)
    assert updated.status_code == 202, updated.content
    assert field_value(updated.json(), "categories") == [2000, 2040, 2045]
    row = Indexer.objects.get(pk=remote_id)
    assert row.categories == [2000, 2040, 2045]
    assert row.api_key == API_KEY  # "********" sent back kept Prowlarr's key

    deleted = radarr.delete(f"/indexer/{remote_id}")
    assert deleted.status_code == 200
    assert not Indexer.objects.exists()


def test_sync_with_a_working_prowlarr_is_saved_on_the_first_post(radarr, prowlarr):
    body = build_indexer(radarr.get("/indexer/schema").json(), prowlarr.base_url)
    created = radarr.post("/indexer", body)
    assert created.status_code == 201, created.content
    row = Indexer.objects.get()
    assert (row.kind, row.base_url, row.api_path) == ("torznab", f"{prowlarr.base_url}/1", "/api")
    assert row.categories == SYNC_CATEGORIES
    assert row.capabilities  # the Test read the proxy's capabilities
    assert prowlarr.count("1", "caps") >= 1


def test_prowlarrs_application_test_reads_the_version_header(radarr, prowlarr):
    body = build_indexer(radarr.get("/indexer/schema").json(), prowlarr.base_url)
    response = radarr.post("/indexer/test", body)
    assert response.status_code == 200, response.content
    major = int(response["X-Application-Version"].split(".")[0])
    assert major >= 4  # Prowlarr's minimum for Radarr is 3.1.1 / 4.0.4
    assert not Indexer.objects.exists()


def test_prowlarrs_application_test_with_a_wrong_prowlarr_url_is_a_400(radarr):
    url = f"http://127.0.0.1:{free_port()}"
    body = build_indexer(radarr.get("/indexer/schema").json(), url)
    response = radarr.post("/indexer/test", body)
    assert response.status_code == 400
    assert response["X-Application-Version"]
    assert not Indexer.objects.exists()


def test_a_later_sync_that_changes_nothing_reads_back_what_prowlarr_sent(radarr, prowlarr):
    """Prowlarr compares what it reads back with what it would send; any difference makes it
    PUT again on every sync."""
    body = build_indexer(radarr.get("/indexer/schema").json(), prowlarr.base_url)
    remote_id = radarr.post("/indexer", body).json()["id"]
    ours = radarr.get(f"/indexer/{remote_id}").json()
    for name in ("baseUrl", "apiPath", "categories", "minimumSeeders", "seedCriteria.seedRatio"):
        assert field_value(ours, name) == field_value(body, name), name
    for key in ("name", "priority", "enableRss", "enableAutomaticSearch", "implementation"):
        assert ours[key] == body[key], key


def test_a_user_indexer_is_not_taken_for_one_of_prowlarrs(radarr, prowlarr):
    Indexer.objects.create(kind="newznab", name="Mine", base_url="https://nzb.example")
    body = build_indexer(radarr.get("/indexer/schema").json(), prowlarr.base_url)
    radarr.post("/indexer", body)
    listed = radarr.get("/indexer").json()
    assert [i["name"] for i in prowlarrs_own(listed, prowlarr.base_url)] == [
        "TorrentLeech (Prowlarr)"
    ]


def test_a_usenet_indexer_is_synced_as_newznab_without_torrent_fields(radarr, prowlarr):
    prowlarr.add("2", protocol="usenet", items=[MATRIX])
    schema = radarr.get("/indexer/schema").json()
    entry = copy.deepcopy(next(e for e in schema if e["implementation"] == "Newznab"))
    assert "minimumSeeders" not in [f["name"] for f in entry["fields"]]
    entry.update({"name": "NZBgeek (Prowlarr)", "priority": 25, "tags": [], "downloadClientId": 0})
    for name, value in {
        "baseUrl": f"{prowlarr.base_url}/2/",
        "apiPath": "/api",
        "apiKey": API_KEY,
        "categories": SYNC_CATEGORIES,
    }.items():
        set_field(entry, name, value)
    created = radarr.post("/indexer", entry)
    assert created.status_code == 201, created.content
    assert created.json()["protocol"] == "usenet"
    row = Indexer.objects.get()
    assert (row.kind, row.base_url, row.seed_ratio) == ("newznab", f"{prowlarr.base_url}/2", None)
