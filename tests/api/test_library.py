"""API v3 library endpoints: qualityprofile, rootfolder, tag, downloadclient."""

from __future__ import annotations

import json
import os

import pytest

from downloads.models import DownloadClient
from movies.models import CustomFormat, ProfileFormatScore, QualityProfile, RootFolder, Tag
from radarr_site.api.keys import current_api_key
from tests.movies.factories import make_movie

pytestmark = pytest.mark.django_db


def call(client, method: str, path: str, body=None):
    send = getattr(client, method)
    if body is None:
        return send(path, HTTP_X_API_KEY=current_api_key())
    return send(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_X_API_KEY=current_api_key(),
    )


def field_errors(response) -> dict:
    assert response.status_code == 400
    return {row["propertyName"]: row["errorMessage"] for row in response.json()}


# ---------------------------------------------------------------- quality profiles


def test_qualityprofile_lists_each_profile_with_radarr_field_names(client):
    body = call(client, "get", "/api/v3/qualityprofile").json()
    assert [row["name"] for row in body] == list(
        QualityProfile.objects.values_list("name", flat=True)
    )
    hd = next(row for row in body if row["name"] == "HD-1080p")
    profile = QualityProfile.objects.get(name="HD-1080p")
    assert hd["id"] == profile.pk
    assert hd["cutoff"] == profile.cutoff
    assert hd["upgradeAllowed"] == profile.upgrade_allowed
    assert hd["language"] == {"id": -1, "name": "Any"}
    assert {"minFormatScore", "cutoffFormatScore", "formatItems"} <= set(hd)


def test_qualityprofile_items_nest_full_quality_objects_and_groups(client):
    profile = QualityProfile.objects.get(name="HD-1080p")
    body = call(client, "get", f"/api/v3/qualityprofile/{profile.pk}").json()
    single = next(item for item in body["items"] if "quality" in item)
    assert set(single["quality"]) >= {"id", "name", "source", "resolution"}
    group = next(item for item in body["items"] if item.get("name") == "WEB 1080p")
    assert [m["quality"]["name"] for m in group["items"]] == ["WEBDL-1080p", "WEBRip-1080p"]
    assert group["allowed"] is True
    allowed = [
        m["quality"]["id"]
        for item in body["items"]
        if item["allowed"]
        for m in (item["items"] or [item])
    ]
    assert sorted(allowed) == sorted(profile.allowed_ids())


def test_qualityprofile_lists_every_custom_format_with_its_score(client):
    profile = QualityProfile.objects.get(name="HD-1080p")
    scored = CustomFormat.objects.create(name="x265")
    CustomFormat.objects.create(name="Unscored")
    ProfileFormatScore.objects.create(profile=profile, custom_format=scored, score=-50)
    body = call(client, "get", f"/api/v3/qualityprofile/{profile.pk}").json()
    assert {row["name"]: row["score"] for row in body["formatItems"]} == {
        "Unscored": 0,
        "x265": -50,
    }


def test_qualityprofile_answers_404_for_an_unknown_id(client):
    response = call(client, "get", "/api/v3/qualityprofile/9999")
    assert response.status_code == 404
    assert response.json()["message"] == "NotFound"


def test_qualityprofile_refuses_a_call_without_key(client):
    assert client.get("/api/v3/qualityprofile").status_code == 401


# ---------------------------------------------------------------- root folders


def test_rootfolder_lists_folders_with_space_and_unmapped_folders(client, root_folder):
    make_movie(root_folder, title="Mapped")
    for name in ("Mapped", "Stray (2001)", ".hidden", "lost+found"):
        os.mkdir(os.path.join(root_folder.path, name))
    open(os.path.join(root_folder.path, "loose.mkv"), "w").close()
    body = call(client, "get", "/api/v3/rootfolder").json()
    assert len(body) == 1
    row = body[0]
    assert row["id"] == root_folder.pk
    assert row["path"] == root_folder.path
    assert row["accessible"] is True
    assert row["totalSpace"] >= row["freeSpace"] > 0
    assert row["unmappedFolders"] == [
        {
            "name": "Stray (2001)",
            "path": os.path.join(root_folder.path, "Stray (2001)"),
            "relativePath": "Stray (2001)",
        }
    ]


def test_rootfolder_reports_a_missing_folder_as_inaccessible(client, root_folder):
    os.rmdir(root_folder.path)
    body = call(client, "get", f"/api/v3/rootfolder/{root_folder.pk}").json()
    assert body["accessible"] is False
    assert body["freeSpace"] is None
    assert body["unmappedFolders"] == []


def test_rootfolder_answers_404_for_an_unknown_id(client):
    assert call(client, "get", "/api/v3/rootfolder/9999").status_code == 404


def test_rootfolder_post_creates_a_folder(client, tmp_path):
    folder = tmp_path / "films"
    folder.mkdir()
    response = call(client, "post", "/api/v3/rootfolder", {"path": str(folder)})
    assert response.status_code == 201
    assert response.json()["path"] == str(folder)
    assert RootFolder.objects.get(path=str(folder)).accessible is True


def test_rootfolder_post_refuses_a_missing_folder_naming_path(client, tmp_path):
    missing = str(tmp_path / "nowhere")
    response = call(client, "post", "/api/v3/rootfolder", {"path": missing})
    errors = field_errors(response)
    assert errors["path"] == "This folder does not exist."
    assert response.json()[0]["attemptedValue"] == missing
    assert not RootFolder.objects.exists()


def test_rootfolder_post_refuses_a_system_folder(client):
    errors = field_errors(call(client, "post", "/api/v3/rootfolder", {"path": "/etc"}))
    assert "system folder" in errors["path"]
    assert not RootFolder.objects.exists()


@pytest.mark.parametrize("body", [{}, {"folder": "/x"}, {"path": 3}, {"path": " "}])
def test_rootfolder_post_without_a_path_string_names_path(client, body):
    errors = field_errors(call(client, "post", "/api/v3/rootfolder", body))
    assert errors == {"path": "Enter the folder's path."}
    assert not RootFolder.objects.exists()


def test_rootfolder_delete_removes_an_unused_folder(client, root_folder):
    response = call(client, "delete", f"/api/v3/rootfolder/{root_folder.pk}")
    assert response.status_code == 200
    assert response.json() == {}
    assert not RootFolder.objects.exists()


def test_rootfolder_delete_refuses_a_folder_movies_use(client, root_folder):
    make_movie(root_folder)
    errors = field_errors(call(client, "delete", f"/api/v3/rootfolder/{root_folder.pk}"))
    assert "used by 1 movie" in errors["path"]
    assert RootFolder.objects.filter(pk=root_folder.pk).exists()


def test_rootfolder_writes_refuse_a_call_without_key(client, root_folder, tmp_path):
    assert (
        client.post(
            "/api/v3/rootfolder", {"path": str(tmp_path)}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.delete(f"/api/v3/rootfolder/{root_folder.pk}").status_code == 401
    assert RootFolder.objects.count() == 1


# ---------------------------------------------------------------- tags


def test_tag_post_creates_a_tag_in_radarr_shape(client):
    response = call(client, "post", "/api/v3/tag", {"label": "Kids Room"})
    assert response.status_code == 201
    tag = Tag.objects.get()
    assert response.json() == {"id": tag.pk, "label": "kids-room"}


def test_tag_post_with_an_existing_label_answers_the_existing_tag(client):
    tag = Tag.objects.create(label="alice")
    response = call(client, "post", "/api/v3/tag", {"label": "ALICE"})
    assert response.json() == {"id": tag.pk, "label": "alice"}
    assert Tag.objects.count() == 1


def test_tag_post_refuses_a_label_with_symbols_naming_label(client):
    errors = field_errors(call(client, "post", "/api/v3/tag", {"label": "a/b"}))
    assert "lower-case letters" in errors["label"]
    assert not Tag.objects.exists()


def test_tag_post_refuses_a_body_without_label(client):
    assert "label" in field_errors(call(client, "post", "/api/v3/tag", {"name": "x"}))
    assert not Tag.objects.exists()


def test_tag_list_and_get_answer_id_and_label(client):
    tag = Tag.objects.create(label="4k")
    assert call(client, "get", "/api/v3/tag").json() == [{"id": tag.pk, "label": "4k"}]
    assert call(client, "get", f"/api/v3/tag/{tag.pk}").json() == {"id": tag.pk, "label": "4k"}


def test_tag_get_answers_404_for_an_unknown_id(client):
    assert call(client, "get", "/api/v3/tag/9999").status_code == 404


def test_tag_put_renames_with_202(client):
    tag = Tag.objects.create(label="old")
    response = call(client, "put", f"/api/v3/tag/{tag.pk}", {"id": tag.pk, "label": "new"})
    assert response.status_code == 202
    assert response.json() == {"id": tag.pk, "label": "new"}
    tag.refresh_from_db()
    assert tag.label == "new"


def test_tag_put_refuses_a_label_another_tag_has(client):
    Tag.objects.create(label="taken")
    tag = Tag.objects.create(label="mine")
    errors = field_errors(call(client, "put", f"/api/v3/tag/{tag.pk}", {"label": "taken"}))
    assert "already exists" in errors["label"]
    tag.refresh_from_db()
    assert tag.label == "mine"


def test_tag_put_answers_404_for_an_unknown_id(client):
    assert call(client, "put", "/api/v3/tag/9999", {"label": "x"}).status_code == 404


def test_tag_delete_removes_the_tag_from_its_movies(client, root_folder):
    tag = Tag.objects.create(label="gone")
    movie = make_movie(root_folder, tags=[tag])
    response = call(client, "delete", f"/api/v3/tag/{tag.pk}")
    assert (response.status_code, response.json()) == (200, {})
    assert not Tag.objects.exists()
    assert movie.tags.count() == 0


def test_tag_calls_without_key_are_refused(client):
    tag = Tag.objects.create(label="kept")
    assert client.get("/api/v3/tag").status_code == 401
    assert (
        client.post("/api/v3/tag", {"label": "x"}, content_type="application/json").status_code
        == 401
    )
    assert client.delete(f"/api/v3/tag/{tag.pk}").status_code == 401
    assert list(Tag.objects.values_list("label", flat=True)) == ["kept"]


# ---------------------------------------------------------------- download clients


@pytest.fixture
def qbit(db):
    return DownloadClient.objects.create(
        kind="qbittorrent",
        name="qB",
        base_url="https://nas.local:8443/qbt/",
        username="admin",
        password="hunter2",
        category="movies",
        priority=2,
        remove_completed=False,
    )


def test_downloadclient_lists_clients_with_radarr_field_names(client, qbit):
    body = call(client, "get", "/api/v3/downloadclient").json()
    row = body[0]
    assert row["id"] == qbit.pk
    assert row["name"] == "qB"
    assert row["enable"] is True
    assert row["protocol"] == "torrent"
    assert row["priority"] == 2
    assert row["removeCompletedDownloads"] is False
    assert row["removeFailedDownloads"] is True
    assert row["implementation"] == "QBittorrent"
    assert row["implementationName"] == "qBittorrent"
    assert row["configContract"] == "QBittorrentSettings"
    assert row["tags"] == []
    fields = {f["name"]: f["value"] for f in row["fields"]}
    assert fields["host"] == "nas.local"
    assert fields["port"] == 8443
    assert fields["useSsl"] is True
    assert fields["urlBase"] == "/qbt"
    assert fields["username"] == "admin"
    assert fields["movieCategory"] == "movies"


def test_downloadclient_never_returns_a_password_or_api_key(client, qbit):
    DownloadClient.objects.create(
        kind="sabnzbd", name="SAB", base_url="http://sab:8080", api_key="sabsecret"
    )
    response = call(client, "get", "/api/v3/downloadclient")
    assert b"hunter2" not in response.content
    assert b"sabsecret" not in response.content
    rows = {row["name"]: {f["name"]: f["value"] for f in row["fields"]} for row in response.json()}
    assert rows["qB"]["password"] == "********"
    assert rows["SAB"]["apiKey"] == "********"
    assert rows["SAB"]["password"] == ""  # not set: nothing to hide
    assert rows["SAB"]["port"] == 8080


def test_downloadclient_get_one_and_404_for_an_unknown_id(client, qbit):
    body = call(client, "get", f"/api/v3/downloadclient/{qbit.pk}").json()
    assert body["name"] == "qB"
    assert call(client, "get", "/api/v3/downloadclient/9999").status_code == 404


def test_downloadclient_refuses_a_call_without_key(client, qbit):
    assert client.get("/api/v3/downloadclient").status_code == 401
