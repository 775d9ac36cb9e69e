"""API v3 system endpoints: system/status, health, diskspace."""

from __future__ import annotations

import pytest

from radarr_site.api.core import RADARR_COMPAT_VERSION
from radarr_site.api.keys import current_api_key

pytestmark = pytest.mark.django_db


def get(client, path: str):
    return client.get(path, HTTP_X_API_KEY=current_api_key())


def test_system_status_answers_radarr_field_names(client):
    body = get(client, "/api/v3/system/status").json()
    assert body["appName"] == "Radarr"
    assert body["version"] == RADARR_COMPAT_VERSION
    assert body["urlBase"] == ""
    assert body["branch"] == "master"
    assert body["authentication"] == "forms"
    assert body["runtimeName"] == "Python"
    assert body["packageUpdateMechanism"] == "builtIn"
    assert body["startTime"].endswith("Z")
    assert isinstance(body["isDocker"], bool)
    assert body["migrationVersion"] > 0


def test_system_status_names_the_database_in_radarr_spelling(client):
    from django.db import connection

    body = get(client, "/api/v3/system/status").json()
    if connection.vendor == "sqlite":
        assert body["databaseType"] == "sqLite"
        assert body["sqliteVersion"] == body["databaseVersion"]
    else:
        assert body["databaseType"] == "postgreSQL"
        assert body["sqliteVersion"] is None


def test_system_status_refuses_a_call_without_key(client):
    assert client.get("/api/v3/system/status").status_code == 401


def test_health_lists_the_same_problems_as_the_health_page(client):
    from radarr_site.health import run_checks

    body = get(client, "/api/v3/health").json()
    assert [row["message"] for row in body] == [issue.message for issue in run_checks()]
    missing_root = next(row for row in body if row["source"] == "Root folders")
    assert missing_root["type"] == "warning"
    assert set(missing_root) == {"source", "type", "message", "wikiUrl"}


def test_health_gives_an_absolute_link_where_the_page_links(client):
    body = get(client, "/api/v3/health").json()
    clients_row = next(row for row in body if row["source"] == "Download clients")
    assert clients_row["wikiUrl"].startswith("http://testserver/settings/")


def test_health_reports_an_inaccessible_root_folder_as_error(client, root_folder):
    root_folder.accessible = False
    root_folder.save()
    body = get(client, "/api/v3/health").json()
    row = next(row for row in body if root_folder.path in row["message"])
    assert row["type"] == "error"


def test_health_refuses_a_call_without_key(client):
    assert client.get("/api/v3/health").status_code == 401


def test_diskspace_lists_root_folders_and_the_data_folder(client, root_folder, settings):
    body = get(client, "/api/v3/diskspace").json()
    paths = [row["path"] for row in body]
    assert paths == [root_folder.path, str(settings.DATA_DIR)]
    assert body[0]["totalSpace"] >= body[0]["freeSpace"] > 0
    assert body[0]["label"] == "Root folder"


def test_diskspace_leaves_out_a_folder_that_is_gone(client, root_folder, settings):
    import os

    os.rmdir(root_folder.path)
    body = get(client, "/api/v3/diskspace").json()
    assert [row["path"] for row in body] == [str(settings.DATA_DIR)]


def test_diskspace_refuses_a_call_without_key(client):
    assert client.get("/api/v3/diskspace").status_code == 401
