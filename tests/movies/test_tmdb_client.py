"""TmdbClient: authentication, mapping TMDB's JSON to our fields, validation of ids and bodies."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import responses

from movies.clients.tmdb import TmdbClient, is_read_token
from radarr_site.http import BadResponse
from tests.fakes.tmdb import FIXTURES, READ_TOKEN

BASE = "https://api.themoviedb.org/3"
MATRIX = json.loads((FIXTURES / "movie" / "603.json").read_text())


@pytest.fixture
def api():
    with responses.RequestsMock() as mocked:
        yield mocked


def client(key="0123456789abcdef0123456789abcdef", **options):
    return TmdbClient(key, BASE, retries=0, **options)


def movie_doc(**changes):
    doc = copy.deepcopy(MATRIX)
    doc.update(changes)
    return doc


def test_v3_key_is_sent_as_api_key_parameter(api):
    api.get(f"{BASE}/movie/603", json=MATRIX)
    client("0123456789abcdef0123456789abcdef").movie(603)
    request = api.calls[0].request
    assert "api_key=0123456789abcdef0123456789abcdef" in request.url
    assert "Authorization" not in request.headers


def test_v4_read_token_is_sent_as_bearer_header(api):
    api.get(f"{BASE}/movie/603", json=MATRIX)
    client(READ_TOKEN).movie(603)
    request = api.calls[0].request
    assert request.headers["Authorization"] == f"Bearer {READ_TOKEN}"
    assert "api_key" not in request.url


def test_only_jwt_shaped_keys_count_as_read_tokens():
    assert is_read_token(READ_TOKEN)
    assert not is_read_token("0123456789abcdef0123456789abcdef")


def test_details_come_from_one_call_with_appended_parts(api):
    api.get(f"{BASE}/movie/603", json=MATRIX)
    client().movie(603)
    assert len(api.calls) == 1
    assert "append_to_response=credits%2Crelease_dates%2Cexternal_ids%2Calternative_titles" in (
        api.calls[0].request.url
    )


def test_maps_movie_details_to_our_field_names(fake_tmdb):
    details = TmdbClient(fake_tmdb.api_key, fake_tmdb.base_url).movie(603)
    assert (details.tmdb_id, details.imdb_id, details.title, details.year) == (
        603,
        "tt0133093",
        "The Matrix",
        1999,
    )
    assert details.runtime == 136
    assert details.genres == ("Action", "Science Fiction")
    assert details.certification == "R"
    assert details.studio == "Village Roadshow Pictures"
    assert (details.collection_tmdb_id, details.collection_name) == (2344, "The Matrix Collection")
    assert details.top_cast[0].name == "Keanu Reeves"
    assert details.top_cast[1].character == "Morpheus"
    assert "Matrix" in details.alternative_titles


def test_top_cast_is_the_first_ten_by_billing_order(api):
    cast = [{"name": f"Actor {n}", "character": f"Role {n}", "order": n} for n in range(14, -1, -1)]
    api.get(f"{BASE}/movie/603", json=movie_doc(credits={"cast": cast, "crew": []}))
    details = client().movie(603)
    assert [c.name for c in details.top_cast] == [f"Actor {n}" for n in range(10)]


def test_release_dates_follow_radarr_types_and_us_certification(api):
    release_dates = {
        "results": [
            {
                "iso_3166_1": "GB",
                "release_dates": [
                    {"certification": "15", "release_date": "2020-01-05T00:00:00.000Z", "type": 2},
                ],
            },
            {
                "iso_3166_1": "US",
                "release_dates": [
                    {"certification": "", "release_date": "2020-01-01T00:00:00.000Z", "type": 1},
                    {"certification": "PG", "release_date": "2020-01-10T00:00:00.000Z", "type": 3},
                    {"certification": "PG", "release_date": "2020-04-01T00:00:00.000Z", "type": 4},
                    {"certification": "", "release_date": "2020-05-01T00:00:00.000Z", "type": 5},
                ],
            },
        ]
    }
    api.get(f"{BASE}/movie/603", json=movie_doc(release_dates=release_dates))
    details = client().movie(603)
    assert details.certification == "PG"
    assert details.in_cinemas == dt.date(2020, 1, 5)  # earliest type 2 or 3, any country
    assert details.digital_release == dt.date(2020, 4, 1)
    assert details.physical_release == dt.date(2020, 5, 1)


def test_search_sends_year_as_primary_release_year_and_maps_paging(api):
    api.get(
        f"{BASE}/search/movie",
        json={
            "page": 2,
            "total_pages": 3,
            "total_results": 45,
            "results": [{"id": 438631, "title": "Dune", "release_date": "2021-09-15"}],
        },
    )
    page = client().search("Dune", year=2021, page=2)
    url = api.calls[0].request.url
    assert "primary_release_year=2021" in url
    assert "page=2" in url
    assert (page.page, page.total_pages, page.total_results) == (2, 3, 45)
    assert page.results[0].tmdb_id == 438631
    assert page.results[0].year == 2021


def test_search_result_with_empty_release_date_has_no_year(api):
    api.get(
        f"{BASE}/search/movie",
        json={
            "page": 1,
            "total_pages": 1,
            "total_results": 1,
            "results": [{"id": 1, "title": "Untitled", "release_date": ""}],
        },
    )
    assert client().search("Untitled").results[0].year is None


def test_find_by_imdb_id_maps_movie_results(fake_tmdb):
    results = TmdbClient(fake_tmdb.api_key, fake_tmdb.base_url).find_imdb("tt0133093")
    assert [r.tmdb_id for r in results] == [603]
    assert fake_tmdb.requests[0]["query"]["external_source"] == "imdb_id"


def test_rejects_malformed_imdb_id_before_calling(api):
    with pytest.raises(ValueError, match="not an IMDb id"):
        client().find_imdb("0133093")
    assert len(api.calls) == 0


@pytest.mark.parametrize("bad_id", [0, -3, "603", True])
def test_rejects_invalid_tmdb_id_before_calling(api, bad_id):
    with pytest.raises(ValueError, match="not a TMDB id"):
        client().movie(bad_id)
    assert len(api.calls) == 0


def test_wrong_type_in_a_field_is_a_bad_response_naming_it(api):
    api.get(f"{BASE}/movie/603", json=movie_doc(runtime="136 minutes"))
    with pytest.raises(BadResponse, match="'runtime'"):
        client().movie(603)


def test_missing_title_is_a_bad_response_not_a_key_error(api):
    doc = movie_doc()
    del doc["title"]
    api.get(f"{BASE}/movie/603", json=doc)
    with pytest.raises(BadResponse, match="'title'"):
        client().movie(603)


def test_results_that_are_not_a_list_are_a_bad_response(api):
    api.get(f"{BASE}/search/movie", json={"page": 1, "results": {"id": 603}})
    with pytest.raises(BadResponse, match="'results'"):
        client().search("matrix")


def test_a_json_array_instead_of_an_object_is_a_bad_response(api):
    api.get(f"{BASE}/movie/603", json=[1, 2, 3])
    with pytest.raises(BadResponse, match="not an object"):
        client().movie(603)


def test_configuration_gives_the_secure_image_base_url(api):
    api.get(f"{BASE}/configuration", json={"images": {"secure_base_url": "https://img.example/p"}})
    assert client().configuration() == {"image_base_url": "https://img.example/p/"}


def test_configuration_without_an_image_base_url_is_a_bad_response(api):
    api.get(f"{BASE}/configuration", json={"images": {"secure_base_url": "ftp://x/"}})
    with pytest.raises(BadResponse, match="no usable image base URL"):
        client().configuration()


def test_test_reports_nothing_when_tmdb_answers(fake_tmdb):
    assert TmdbClient(fake_tmdb.api_key, fake_tmdb.base_url).test() == []


def test_test_reports_a_refused_key_readably(fake_tmdb):
    problems = TmdbClient("wrong-key", fake_tmdb.base_url).test()
    assert len(problems) == 1
    assert "refused our credentials" in problems[0]
    assert "Invalid API key" in problems[0]
    assert "wrong-key" not in problems[0]
