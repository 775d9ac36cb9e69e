"""Jellyfin / Emby refresh: the changed path, or a whole-library refresh as a fallback."""

from __future__ import annotations

import json

from mediaservers.clients.base import Section


def test_tells_the_server_which_folder_changed(server, make_client, product):
    said = make_client().refresh("/media/movies/Heat (1995)")

    assert server.updates == [[{"Path": "/media/movies/Heat (1995)", "UpdateType": "Modified"}]]
    assert server.refreshes == 0
    label = "Jellyfin" if product == "jellyfin" else "Emby"
    assert said == f"Told {label} that /media/movies/Heat (1995) changed (Movies)"


def test_posts_the_updates_as_json(server, make_client):
    make_client().refresh("/media/movies/Heat (1995)")

    posted = next(r for r in server.requests if r["endpoint"] == "updated")
    assert posted["method"] == "POST"
    assert posted["headers"]["Content-Type"] == "application/json"
    assert json.loads(posted["body"]) == {
        "Updates": [{"Path": "/media/movies/Heat (1995)", "UpdateType": "Modified"}]
    }


def test_maps_our_path_to_the_path_the_server_sees(server, make_client):
    client = make_client(path_mappings=(("/srv/films", "/media/movies"),))

    client.refresh("/srv/films/Heat (1995)")

    assert server.updates[0][0]["Path"] == "/media/movies/Heat (1995)"


def test_refreshes_every_library_when_no_folder_holds_the_path(server, make_client):
    said = make_client().refresh("/elsewhere/Heat (1995)")

    assert server.updates == []
    assert server.refreshes == 1
    assert said.startswith("No ")
    assert "holds /elsewhere/Heat (1995)" in said
    assert "refreshed every library" in said


def test_falls_back_to_a_library_refresh_on_a_server_without_media_updated(server, make_client):
    server.media_updated = False

    said = make_client().refresh("/media/movies/Heat (1995)")

    assert server.refreshes == 1
    assert "does not know /Library/Media/Updated" in said
    assert "refreshed every library for /media/movies/Heat (1995)" in said


def test_lists_virtual_folders_as_sections(server, make_client):
    server.add_folder("Mixed", ["/media/home", "/mnt/home"], None)

    sections = make_client().sections()

    assert [(s.title, s.kind, s.locations) for s in sections] == [
        ("Movies", "movies", ("/media/movies",)),
        ("Shows", "tvshows", ("/media/tv",)),
        ("Mixed", "mixed", ("/media/home", "/mnt/home")),
    ]
    assert all(len(s.key) == 32 for s in sections)  # the ItemId


def test_reads_a_recorded_virtual_folders_answer(server, make_client):
    from tests.servers.jellyfin import fixture

    server.answers["folders"] = (200, fixture("virtual_folders.json"), "application/json")

    assert make_client().sections()[0] == Section(
        "f137a2dd21bbc1b99aa5c0f6bf02a805", "Movies", "movies", ("/media/movies",)
    )
