"""The parser against the Radarr-derived dev corpus: the issue's accuracy bar."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED
from tests.parser import corpus

CORPUS = SHARED / "corpus" / "radarr-parser-dev.jsonl"
# Fields this parser's title/group part owns; held to a stricter bar than the whole.
TITLE_FIELDS = {
    "title",
    "titles",
    "title_loose",
    "year",
    "edition",
    "release_group",
    "tmdb_id",
    "imdb_id",
    "hardcoded_subs",
    "is_scene",
    "scene_title",
    "expect_null",
}

pytestmark = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"the shared corpus is not checked out at {CORPUS}"
)


@pytest.fixture(scope="module")
def result() -> corpus.Score:
    return corpus.score(corpus.load(CORPUS))


def _worst(result: corpus.Score, limit: int = 25) -> str:
    return "\n".join(failure.line() for failure in result.failures[:limit])


def test_corpus_field_accuracy_meets_the_bar(result):
    assert result.field_accuracy >= 0.98, _worst(result)


def test_corpus_record_accuracy_meets_the_bar(result):
    assert result.record_accuracy >= 0.95, _worst(result)


def test_title_group_and_scene_fields_are_all_but_perfect(result):
    right = sum(result.by_field[name][0] for name in TITLE_FIELDS if name in result.by_field)
    total = sum(result.by_field[name][1] for name in TITLE_FIELDS if name in result.by_field)
    assert total > 300
    assert right / total >= 0.99, _worst(result)


def test_every_record_is_scored_once(result):
    assert result.records == len(corpus.load(CORPUS))


def test_loose_comparison_drops_case_accents_punctuation_and_little_words():
    assert corpus.loose("The Movie Title Bros.") == corpus.loose("the movie title bros")
    assert corpus.loose("Amélie of the Night") == "amelienight"
    assert corpus.loose("Movie Title") != corpus.loose("Movie Titles")


def test_a_wrong_field_is_reported_as_a_failure():
    record = {
        "call": "ParseMovieTitle",
        "title": "The.Matrix.1999.1080p.BluRay.x264-GRP",
        "expect": {"title": "The Matrix", "year": 2000},
    }
    scored = corpus.score([record])
    assert (scored.fields, scored.fields_right, scored.records_right) == (2, 1, 0)
    assert scored.failures[0].wrong == {"year": (2000, 1999)}
