"""Subtitle file names: language, flags and track title (corpus records and our own)."""

from __future__ import annotations

import json

import pytest

from movies.parser.languages import parse_subtitle
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "radarr-parser-dev.jsonl"


def _records() -> list[dict]:
    if not CORPUS.exists():
        return []
    with CORPUS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if r["call"].startswith("ParseSubtitleLanguage")]


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.parametrize("record", _records(), ids=lambda r: r["id"])
def test_corpus_subtitles(record):
    info = parse_subtitle(record["title"])
    expect = record["expect"]
    if "subtitle_language" in expect:
        assert info.language == expect["subtitle_language"]
    if "subtitle_tags" in expect:
        assert set(info.tags) == set(expect["subtitle_tags"])
    if "subtitle_title" in expect:
        want = expect["subtitle_title"]
        assert (info.title or "").casefold() == (want or "").casefold()
        assert (info.title is None) == (want is None)


def test_reads_language_flags_and_title_in_any_order():
    info = parse_subtitle("Movie (2020).sdh.Commentary.de.forced.srt")
    assert (info.language, set(info.tags), info.title) == (
        "german",
        {"sdh", "forced"},
        "Commentary",
    )


def test_a_copy_number_is_not_part_of_the_track_title():
    assert parse_subtitle("Movie.2020.Commentary - 2.en.srt").title == "Commentary"
    assert parse_subtitle("Movie.2020.2.en.srt").title is None


def test_full_language_names_count():
    assert parse_subtitle("Movie.2020.Portuguese.srt").language == "portuguese"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Movie.2020.Portuguese (Brazil).srt", "portuguese_br"),
        ("Movie.2020.Spanish (Latino).srt", "spanish_latino"),
        ("Movie.2020.Bosnian.srt", "bosnian"),
    ],
)
def test_radarrs_display_names_of_languages_count(name, language):
    assert parse_subtitle(name).language == language


def test_the_video_name_itself_is_never_the_track_title():
    assert parse_subtitle("Movie Title.en.srt").title is None


def test_a_path_is_read_by_its_file_name():
    assert parse_subtitle("/movies/Movie.fr/Movie.Title.2020.eng.srt").language == "english"


def test_flags_without_a_language_are_dropped():
    info = parse_subtitle("Movie.2020.forced.srt")
    assert (info.language, info.tags, info.title) == (None, [], None)


@pytest.mark.parametrize("name", ["", ".", "..srt", "a" * 10000, ".en" * 3000, None])
def test_odd_names_parse_without_error(name):
    assert parse_subtitle(name).tags is not None


@pytest.mark.parametrize(
    ("name", "language", "tags"),
    [
        ("Movie Title_en.srt", "english", []),
        ("Movie Title - 2022 en-forced.srt", "english", ["forced"]),
        ("Movie Title English.srt", "english", []),
    ],
)
def test_a_code_or_name_after_any_separator_counts(name, language, tags):
    info = parse_subtitle(name)
    assert (info.language, info.tags, info.title) == (language, tags, None)


def test_two_codes_give_the_last_and_no_track_title():
    info = parse_subtitle("Movie.2020.Commentary.fr.en.srt")
    assert (info.language, info.title) == ("english", None)


def test_an_unknown_code_names_no_language():
    assert parse_subtitle("Movie.2020.zz.srt").language is None
