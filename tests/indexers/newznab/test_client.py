"""Torznab / Newznab clients against the fake indexer server: requests, results, test()."""

from __future__ import annotations

import pytest

from indexers.clients.base import Capabilities, SearchCriteria
from indexers.clients.newznab import Newznab, Torznab
from indexers.release import USENET
from radarr_site.http.errors import AuthError, BadResponse
from tests.indexers.newznab.conftest import make_client
from tests.servers.torznab import API_KEY

MATRIX = SearchCriteria(title="The Matrix", year=1999, imdb_id="tt0133093", tmdb_id=603)
ID_CAPS = Capabilities(search_params=frozenset({"q"}), movie_params=frozenset({"q", "imdbid"}))
TEXT_CAPS = Capabilities(search_params=frozenset({"q"}), movie_params=frozenset())


def _matrix_items(n: int = 1) -> list[dict]:
    return [
        {"title": f"The.Matrix.1999.1080p.BluRay.x264-G{i}", "imdb": "0133093", "size": 10**9}
        for i in range(n)
    ]


def test_searches_by_imdb_id_when_the_indexer_supports_it(torznab):
    idx = torznab.add("tl")
    idx.items = _matrix_items()
    releases = make_client(torznab, "tl", capabilities=ID_CAPS).search(MATRIX)
    assert [r.title for r in releases] == ["The.Matrix.1999.1080p.BluRay.x264-G0"]
    (query,) = idx.queries
    assert query["t"] == "movie" and query["imdbid"] == "0133093" and "q" not in query
    assert query["apikey"] == API_KEY
    assert query["extended"] == "1"
    assert query["cat"] == "2000,2010,2020,2030,2040,2045,2050,2060"


def test_searches_by_title_and_year_without_id_search(torznab):
    idx = torznab.add("tl")
    idx.items = _matrix_items()
    releases = make_client(torznab, "tl", capabilities=TEXT_CAPS).search(MATRIX)
    assert len(releases) == 1
    assert idx.queries[0]["t"] == "search"
    assert idx.queries[0]["q"] == "The Matrix 1999"


def test_without_stored_capabilities_searches_by_imdb_id_as_radarr_does(torznab):
    idx = torznab.add("tl")
    make_client(torznab, "tl").search(MATRIX)
    assert idx.queries[0]["t"] == "movie" and idx.queries[0]["imdbid"] == "0133093"


def test_sends_the_configured_categories(torznab):
    idx = torznab.add("tl")
    make_client(torznab, "tl", categories=(2040, 2045)).search(MATRIX)
    assert idx.queries[0]["cat"] == "2040,2045"


def test_pages_at_most_twice_per_query(torznab):
    idx = torznab.add("tl")
    idx.items = _matrix_items(250)
    releases = make_client(torznab, "tl", capabilities=ID_CAPS).search(MATRIX)
    assert [q["offset"] for q in idx.queries] == ["0", "100"]
    assert len(releases) == 200


def test_a_short_page_ends_the_paging(torznab):
    idx = torznab.add("tl")
    idx.items = _matrix_items(3)
    make_client(torznab, "tl", capabilities=ID_CAPS).search(MATRIX)
    assert torznab.count("tl", "movie") == 1


def test_the_limit_asked_respects_the_indexer_maximum(torznab):
    idx = torznab.add("tl", limit_max=50)
    idx.items = _matrix_items(120)
    caps = Capabilities(movie_params=frozenset({"imdbid"}), limit_max=50)
    releases = make_client(torznab, "tl", capabilities=caps).search(MATRIX)
    assert [q["limit"] for q in idx.queries] == ["50", "50"]
    assert len(releases) == 100


def test_alternative_titles_are_searched_once_each_without_duplicates(torznab):
    idx = torznab.add("tl")
    idx.filter_queries = False  # the indexer returns the same item for both queries
    idx.items = _matrix_items()
    criteria = SearchCriteria(title="Amelie", year=2001, alternative_titles=("Le Fabuleux",))
    releases = make_client(torznab, "tl", capabilities=TEXT_CAPS).search(criteria)
    assert [q["q"] for q in idx.queries] == ["Amelie 2001", "Le Fabuleux 2001"]
    assert len(releases) == 1


def test_releases_are_stamped_with_the_indexer(torznab):
    torznab.add("tl").items = _matrix_items()
    client = make_client(torznab, "tl", id=7, name="TorrentLeech", priority=10)
    (release,) = client.search(MATRIX)
    assert (release.indexer, release.indexer_id, release.indexer_priority) == (
        "TorrentLeech",
        7,
        10,
    )


def test_recent_asks_for_the_newest_movies_without_a_query(torznab):
    idx = torznab.add("tl")
    idx.items = [*_matrix_items(2), {"title": "Other.Film.2020.720p-X", "size": 5}]
    releases = make_client(torznab, "tl", capabilities=ID_CAPS).recent()
    assert len(releases) == 3
    (query,) = idx.queries
    assert query["t"] == "movie" and "q" not in query and "imdbid" not in query


def test_recent_uses_text_search_when_the_indexer_has_no_movie_search(torznab):
    idx = torznab.add("tl")
    make_client(torznab, "tl", capabilities=TEXT_CAPS).recent()
    assert idx.queries[0]["t"] == "search"


def test_capabilities_are_fetched_with_t_caps(torznab):
    torznab.add("tl", movie_params=("q", "imdbid"), limit_max=75, title="TL")
    caps = make_client(torznab, "tl").capabilities()
    assert caps.movie_params == {"q", "imdbid"}
    assert caps.limit_max == 75 and caps.server_title == "TL"
    assert torznab.count("tl", "caps") == 1


def test_newznab_releases_are_usenet(torznab):
    torznab.add("nzb", protocol="usenet").items = _matrix_items()
    client = make_client(torznab, "nzb", kind="newznab")
    assert isinstance(client, Newznab)
    (release,) = client.search(MATRIX)
    assert release.protocol == USENET and release.seeders is None
    assert release.download_url.endswith(".nzb")


def test_the_test_passes_when_caps_and_a_search_answer(torznab):
    torznab.add("tl").items = _matrix_items()
    client = make_client(torznab, "tl")
    assert isinstance(client, Torznab)
    client.test()
    assert torznab.count("tl", "caps") == 1 and torznab.count("tl", "movie") == 1


def test_the_test_reports_a_refused_api_key_exactly(torznab):
    torznab.add("tl").items = _matrix_items()
    with pytest.raises(AuthError) as caught:
        make_client(torznab, "tl", name="TL", api_key="wrong").test()
    host = torznab.base_url.removeprefix("http://")
    assert str(caught.value) == (
        f"TL ({host}) refused the API key (code 100: Incorrect user credentials)"
    )


def test_the_test_fails_when_the_indexer_returns_nothing(torznab):
    torznab.add("tl")
    with pytest.raises(BadResponse, match="returned no results in the configured categories"):
        make_client(torznab, "tl").test()


def test_the_indexer_session_downloads_its_torrent_files(torznab, tmp_path):
    torznab.add("tl")
    movie = tmp_path / "The.Matrix.1999.1080p.mkv"
    movie.write_bytes(b"x" * 70_000)
    item = torznab.add_torrent("tl", movie, imdb="0133093")
    client = make_client(torznab, "tl")
    (release,) = client.search(MATRIX)
    assert release.info_hash == item["infohash"]
    response = client.http().request("GET", release.download_url)
    assert response.content.startswith(b"d10:created by")
    assert torznab.count("tl", "download") == 1
