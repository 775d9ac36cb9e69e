"""Audio languages of release names: the corpus's language records and our own cases."""

from __future__ import annotations

import json
import time

import pytest

from movies.parser.languages import parse_languages
from movies.parser.tokens import tokenize
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "radarr-parser-dev.jsonl"


def _records() -> list[dict]:
    if not CORPUS.exists():
        return []
    with CORPUS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [
        r
        for r in records
        if r["call"] in ("ParseLanguages", "ParseMovieTitle")
        and {"languages", "languages_include"} & set(r["expect"] or {})
    ]


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.parametrize("record", _records(), ids=lambda r: r["id"])
def test_corpus_languages(record):
    found = set(parse_languages(record["title"]))
    expect = record["expect"]
    if "languages" in expect:
        assert found == set(expect["languages"])
    if "languages_include" in expect:
        assert set(expect["languages_include"]) <= found


def test_a_language_word_in_the_title_is_not_a_language():
    assert parse_languages("The.German.Doctor.2013.720p.BluRay.x264-GRP") == []


def test_title_end_hint_decides_where_the_title_stops():
    name = "Dutch.2021.1080p.WEB-DL-GRP"
    assert parse_languages(name, title_end=0) == ["dutch"]
    assert parse_languages(name, title_end=5) == []


def test_german_dl_adds_the_original_language():
    assert parse_languages("Movie.2016.German.DL.1080p.BluRay.x264-GRP") == ["german", "original"]


def test_german_ml_adds_original_and_english():
    found = parse_languages("Movie.2016.German.ML.1080p.BluRay.x264-GRP")
    assert set(found) == {"german", "original", "english"}


def test_dl_is_not_dual_language_when_part_of_web_dl():
    assert parse_languages("Movie.2016.GERMAN.WEB.DL.h264-GRP") == ["german"]


def test_dts_es_is_an_audio_format_not_spanish():
    assert parse_languages("Movie 2016 BluRay 1080p DTS-ES x264-GRP") == []


def test_capitals_only_codes_are_ignored_in_lower_case():
    assert parse_languages("Movie.2016.1080p.es.WEB-DL-GRP") == []
    assert parse_languages("Movie.2016.1080p.ES.WEB-DL-GRP") == ["spanish"]


def test_a_code_next_to_subs_is_a_subtitle_language():
    assert parse_languages("Movie.2016.1080p.WEB-DL.PL.SUBS-GRP") == []


def test_a_bracketed_site_name_is_not_a_language():
    assert parse_languages("Movie.2010.720p.BluRay.x264-[YTS.LT]") == []


def test_languages_glued_to_other_words_are_found():
    assert parse_languages("Movie.2016.SwissGerman.WEB-DL-GRP") == ["german"]


def test_chinese_script_marks_chinese():
    assert parse_languages("[GRP] Movie 2020 [简繁字幕] 1080p") == ["chinese"]


def test_each_language_is_listed_once():
    assert parse_languages("Movie.2016.French.VFF.TRUEFRENCH.1080p-GRP") == ["french"]


@pytest.mark.parametrize("name", ["", "[", "2016", "Movie 2016", "\x00DL", "ML"])
def test_odd_names_parse_without_error(name):
    assert isinstance(parse_languages(name), list)


def test_hostile_long_strings_parse_in_milliseconds():
    assert (
        _slowest(
            ("German.DL." * 1000, "DTS-ES " * 1500, "[ES.EN]" * 1500, "[www.a" * 2000),
            parse_languages,
        )
        < 0.05
    )


def _slowest(names, parse) -> float:
    """Worst time over `names`, each the best of three cold runs (a busy CI box is noisy)."""
    worst = 0.0
    for name in names:
        runs = []
        for _ in range(3):
            tokenize.cache_clear()
            start = time.perf_counter()
            parse(name)
            runs.append(time.perf_counter() - start)
        worst = max(worst, min(runs))
    return worst
