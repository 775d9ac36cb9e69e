"""The fake TMDB behaves like TMDB where our client depends on it, and runs by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import requests

from tests.fakes import free_port
from tests.fakes.tmdb import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def get(fake, path, **params):
    params.setdefault("api_key", fake.api_key)
    return requests.get(f"{fake.base_url}/{path}", params=params, timeout=5)


def test_fixtures_hold_at_least_thirty_movies_with_real_id_shapes():
    docs = [json.loads(p.read_text()) for p in (FIXTURES / "movie").glob("*.json")]
    assert len(docs) >= 30
    assert all(re.fullmatch(r"tt\d{7,9}", d["imdb_id"]) for d in docs)
    assert {d["id"] for d in docs} >= {603, 27205, 348, 78, 949, 129, 194, 496243, 438631}


def test_search_pages_twenty_results_at_a_time(fake_tmdb):
    first = get(fake_tmdb, "search/movie", query="e").json()
    second = get(fake_tmdb, "search/movie", query="e", page=2).json()
    assert first["total_results"] > 20
    assert len(first["results"]) == 20
    assert len(second["results"]) == first["total_results"] - 20
    assert first["total_pages"] == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_search_filters_by_primary_release_year(fake_tmdb):
    body = get(fake_tmdb, "search/movie", query="dune", primary_release_year="1984").json()
    assert [r["id"] for r in body["results"]] == [841]


def test_search_matches_titles_without_accents_or_punctuation(fake_tmdb):
    body = get(fake_tmdb, "search/movie", query="amelie").json()
    assert [r["id"] for r in body["results"]] == [194]


def test_movie_includes_only_the_appended_parts_asked_for(fake_tmdb):
    bare = get(fake_tmdb, "movie/603").json()
    full = get(fake_tmdb, "movie/603", append_to_response="credits,release_dates").json()
    assert "credits" not in bare
    assert full["credits"]["cast"][0]["name"] == "Keanu Reeves"
    assert "release_dates" in full
    assert "external_ids" not in full


def test_unknown_movie_gets_tmdb_404_body(fake_tmdb):
    response = get(fake_tmdb, "movie/999999999")
    assert response.status_code == 404
    assert response.json()["status_code"] == 34


def test_wrong_key_gets_tmdb_401_body(fake_tmdb):
    response = get(fake_tmdb, "movie/603", api_key="wrong")
    assert response.status_code == 401
    assert response.json()["status_code"] == 7


def test_read_token_is_accepted_as_bearer(fake_tmdb):
    response = requests.get(
        f"{fake_tmdb.base_url}/movie/603",
        headers={"Authorization": f"Bearer {fake_tmdb.read_token}"},
        timeout=5,
    )
    assert response.status_code == 200


def test_find_by_imdb_id_returns_movie_results(fake_tmdb):
    body = get(fake_tmdb, "find/tt0133093", external_source="imdb_id").json()
    assert [r["id"] for r in body["movie_results"]] == [603]


def test_configuration_points_images_at_the_fake(fake_tmdb):
    body = get(fake_tmdb, "configuration").json()
    assert body["images"]["secure_base_url"] == f"{fake_tmdb.root_url}/t/p/"


def test_poster_is_an_image_with_the_title(fake_tmdb):
    response = requests.get(f"{fake_tmdb.root_url}/t/p/w342/poster-603.jpg", timeout=5)
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert b"The Matrix" in response.content


def test_fail_next_answers_count_requests_then_recovers(fake_tmdb):
    fake_tmdb.fail_next(status=429, headers={"Retry-After": "2"}, count=2)
    statuses = [get(fake_tmdb, "movie/603").status_code for _ in range(3)]
    assert statuses == [429, 429, 200]


def test_injected_server_error_is_an_html_page(fake_tmdb):
    fake_tmdb.fail_next(status=502)
    response = get(fake_tmdb, "movie/603")
    assert response.status_code == 502
    assert response.headers["Content-Type"] == "text/html"


def test_malformed_next_truncates_the_json(fake_tmdb):
    fake_tmdb.malformed_next()
    response = get(fake_tmdb, "movie/603")
    assert response.status_code == 200
    try:
        response.json()
    except ValueError:
        pass
    else:
        raise AssertionError("the body should not be valid JSON")


def test_requests_are_logged_with_their_query(fake_tmdb):
    get(fake_tmdb, "search/movie", query="heat")
    assert fake_tmdb.paths() == ["/3/search/movie"]
    assert fake_tmdb.requests[0]["query"]["query"] == "heat"


def test_runs_by_hand_and_prints_the_base_url_to_use():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.tmdb", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(2)]
        assert f"TMDB_BASE_URL=http://127.0.0.1:{port}/3" in "".join(lines)
        response = requests.get(
            f"http://127.0.0.1:{port}/3/movie/27205", params={"api_key": "anything"}, timeout=5
        )
        assert response.json()["title"] == "Inception"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
