"""Audio languages of release names: the corpus's language records and our own cases."""

from __future__ import annotations

import json

import pytest

from movies.parser import parse_release
from movies.parser.languages import LANGUAGE_WORDS, parse_languages
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
    # A whole release title is read after its movie title; ParseLanguages reads it all.
    title = record["title"]
    if record["call"] == "ParseMovieTitle":
        found = set(parse_release(title).languages)
    else:
        found = set(parse_languages(title))
    expect = record["expect"]
    if "languages" in expect:
        assert found == set(expect["languages"])
    if "languages_include" in expect:
        assert set(expect["languages_include"]) <= found


def test_a_language_word_in_the_title_is_not_a_language():
    name = "The.German.Doctor.2013.720p.BluRay.x264-GRP"
    assert parse_languages(name, title_end=name.index(".2013")) == []


def test_without_the_titles_end_the_whole_name_is_read_as_radarr_does():
    assert parse_languages("The.German.Doctor.2013.720p.BluRay.x264-GRP") == ["german"]


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


# Hostile 10,000-character strings: their speed is measured in tests/bench/parser.py.
@pytest.mark.parametrize(
    ("name", "languages"),
    [
        ("German.DL." * 1000, ["german", "original"]),
        ("DTS-ES " * 1500, []),  # a long name is clipped, never cut inside "DTS-ES"
        ("[ES.EN]" * 1500, ["spanish", "english"]),
        ("[www.a" * 2000, []),
    ],
)
def test_hostile_long_strings_give_a_plain_answer(name, languages):
    assert sorted(parse_languages(name)) == sorted(languages)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Movie.Title.2019.ESP.1080p.WEB-DL.x264-GRP", "spanish"),
        ("Movie.Title.2019.SPA.1080p.WEB-DL.x264-GRP", "spanish"),
        ("Movie.Title.2019.JPN.1080p.BluRay.x264-GRP", "japanese"),
        ("Movie.Title.2019.TUR.1080p.WEB-DL.x264-GRP", "turkish"),
    ],
)
def test_three_letter_codes_of_spanish_japanese_and_turkish(name, language):
    assert parse_languages(name) == [language]


def test_any_count_of_ukrainian_tracks_is_ukrainian():
    assert parse_languages("Movie.Title [2019, BDRip 720p] MVO + 5xUkr") == ["ukrainian"]


def test_a_language_word_before_the_year_counts_when_the_title_ends_before_it():
    # The title side passes where the title stops; the language side reads the rest.
    name = "The.Dark.Knight.German.2008.DL.1080p.BluRay.x264-GRP"
    assert parse_languages(name, title_end=name.index(".German")) == ["german", "original"]


_NAMED = sorted({lang for lang in LANGUAGE_WORDS.values() if "_" not in lang} - {"original"})


@pytest.mark.parametrize("language", _NAMED)
def test_the_full_english_name_of_every_language_counts(language):
    name = f"Movie.Title.2019.{language.title()}.1080p.WEB-DL-GRP"
    assert parse_languages(name) == [language]


def test_bosnian_and_macedonian_are_known_languages():
    assert {"bosnian", "macedonian"} <= set(_NAMED)


@pytest.mark.parametrize(
    ("name", "languages"),
    [
        ("Movie.2019.1080p.BluRay.x264-RUS", []),
        ("Movie.2019.1080p.BluRay.x264-RUS.mkv", []),
        ("Movie.2019.1080p.BluRay.x264-ITA", ["italian"]),
        ("Movie.2019.MULTi.1080p.BluRay.x264-FRA", ["french"]),
    ],
)
def test_the_release_group_names_no_language_unless_radarr_reads_it_as_one(name, languages):
    assert parse_languages(name) == languages
