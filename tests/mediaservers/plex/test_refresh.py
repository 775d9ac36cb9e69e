"""Plex refresh: a partial scan of the movie's folder in the section that holds it."""

from __future__ import annotations

import pytest

from mediaservers.clients.base import Section
from radarr_site.http.errors import BadResponse


def test_scans_just_the_movie_folder_in_the_section_that_holds_it(plex, make_client):
    said = make_client().refresh("/data/movies/Heat (1995)")

    assert plex.refreshes == [("1", "/data/movies/Heat (1995)")]
    assert said == "Partial scan of Movies: /data/movies/Heat (1995)"


def test_sends_the_token_in_the_header_and_never_in_the_query(plex, make_client):
    make_client().refresh("/data/movies/Heat (1995)")

    refresh = next(r for r in plex.requests if r["endpoint"] == "refresh")
    assert refresh["headers"]["X-Plex-Token"] == plex.token
    assert "X-Plex-Token" not in refresh["query"]


def test_url_encodes_a_folder_with_spaces_ampersands_and_accents(plex, make_client):
    folder = "/data/movies/Amélie & Nino (2001) #1?"
    make_client().refresh(folder)

    assert plex.refreshes == [("1", folder)]
    raw = next(r for r in plex.requests if r["endpoint"] == "refresh")
    assert raw["query"] == {"path": folder}


def test_maps_our_path_to_the_path_plex_sees(plex, make_client):
    client = make_client(path_mappings=(("/srv/media/movies", "/data/movies"),))
    said = client.refresh("/srv/media/movies/Heat (1995)")

    assert plex.refreshes == [("1", "/data/movies/Heat (1995)")]
    assert "/data/movies/Heat (1995)" in said


def test_uses_the_longest_path_mapping(plex, make_client):
    plex.add_section("5", "Kids", "movie", ["/kids"])
    client = make_client(
        path_mappings=(("/srv", "/data"), ("/srv/movies/kids", "/kids")),
    )
    client.refresh("/srv/movies/kids/Up (2009)")

    assert plex.refreshes == [("5", "/kids/Up (2009)")]


def test_prefers_a_movie_section_over_a_show_section_holding_the_same_folder(plex, make_client):
    plex.sections[0].locations = ["/data"]
    plex.sections[1].locations = ["/data/movies"]  # a show section, and more specific

    make_client().refresh("/data/movies/Heat (1995)")

    assert plex.refreshes == [("1", "/data/movies/Heat (1995)")]


def test_picks_the_movie_section_with_the_most_specific_folder(plex, make_client):
    plex.add_section("3", "Movies 4K", "movie", ["/data/movies/4k"])

    make_client().refresh("/data/movies/4k/Dune (2021)")

    assert plex.refreshes == [("3", "/data/movies/4k/Dune (2021)")]


def test_scans_a_folder_of_a_section_with_several_locations(plex, make_client):
    plex.add_section("3", "Movies 4K", "movie", ["/data/uhd", "/mnt/archive/uhd"])

    make_client().refresh("/mnt/archive/uhd/Dune (2021)")

    assert plex.refreshes == [("3", "/mnt/archive/uhd/Dune (2021)")]


def test_does_not_take_a_sibling_folder_with_a_common_prefix_for_a_match(plex, make_client):
    plex.sections[0].locations = ["/data/movies"]
    plex.add_section("4", "Movies extra", "movie", ["/data/movies-extra"])

    make_client().refresh("/data/movies-extra/Heat (1995)")

    assert plex.refreshes == [("4", "/data/movies-extra/Heat (1995)")]


def test_refreshes_every_movie_section_in_full_when_no_section_holds_the_folder(plex, make_client):
    plex.add_section("3", "Movies 4K", "movie", ["/data/uhd"])

    said = make_client().refresh("/elsewhere/Heat (1995)")

    assert plex.refreshes == [("1", None), ("3", None)]
    assert said.startswith("No Plex library holds /elsewhere/Heat (1995)")
    assert "full refresh of Movies, Movies 4K" in said


def test_refuses_to_refresh_when_nothing_holds_the_folder_and_there_is_no_movie_section(
    plex, make_client
):
    plex.sections = [s for s in plex.sections if s.type == "show"]

    with pytest.raises(BadResponse, match="no movie library"):
        make_client().refresh("/elsewhere/Heat (1995)")
    assert plex.refreshes == []


def test_lists_sections_with_their_kinds_and_folders(plex, make_client):
    plex.add_section("3", "Movies 4K", "movie", ["/data/uhd", "/mnt/uhd"])

    assert make_client().sections() == [
        Section("1", "Movies", "movie", ("/data/movies",)),
        Section("2", "TV Shows", "show", ("/data/tv",)),
        Section("3", "Movies 4K", "movie", ("/data/uhd", "/mnt/uhd")),
    ]


def test_reads_a_recorded_sections_answer(plex, make_client):
    from tests.servers.plex import fixture

    plex.answers["sections"] = (200, fixture("sections.json"), "application/json")

    sections = make_client().sections()

    assert [(s.key, s.kind, s.locations) for s in sections] == [
        ("1", "movie", ("/data/movies",)),
        ("3", "movie", ("/data/movies-4k", "/mnt/archive/uhd")),
        ("2", "show", ("/data/tv",)),
    ]


def test_lists_no_sections_from_a_plex_without_libraries(plex, make_client):
    plex.sections = []

    assert make_client().sections() == []
