"""The fake Plex answers like real Plex where the client does not look (other tests and a
person pointing a browser or curl at it rely on these)."""

from __future__ import annotations

import requests
from lxml import etree


def test_answers_xml_without_an_accept_json_header(plex):
    response = requests.get(
        f"{plex.base_url}/library/sections", headers={"X-Plex-Token": plex.token}, timeout=5
    )

    root = etree.fromstring(response.content)
    assert response.headers["Content-Type"].startswith("text/xml")
    assert root.tag == "MediaContainer"
    assert [d.get("key") for d in root.findall("Directory")] == ["1", "2"]
    assert root.find("Directory/Location").get("path") == "/data/movies"


def test_takes_the_token_from_the_query_too(plex):
    response = requests.get(
        f"{plex.base_url}/library/sections/1/refresh",
        params={"X-Plex-Token": plex.token, "path": "/data/movies/Heat (1995)"},
        timeout=5,
    )

    assert response.status_code == 200
    assert plex.refreshes == [("1", "/data/movies/Heat (1995)")]


def test_identity_needs_no_token_but_the_libraries_do(plex):
    identity = requests.get(f"{plex.base_url}/identity", timeout=5)
    sections = requests.get(f"{plex.base_url}/library/sections", timeout=5)

    assert identity.status_code == 200
    assert b"machineIdentifier" in identity.content
    assert sections.status_code == 401


def test_records_a_refresh_without_a_path_as_a_full_scan(plex):
    requests.get(
        f"{plex.base_url}/library/sections/2/refresh",
        headers={"X-Plex-Token": plex.token},
        timeout=5,
    )

    assert plex.refreshes == [("2", None)]
