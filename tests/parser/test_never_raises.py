"""Whatever the string, the parser returns a result and does not hang."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from movies.parser import ParsedRelease, is_scene_title, parse_path, parse_release, scene_title

TOKENS = [
    "Movie", "The", "AKA", "a.k.a.", "1999", "2019", "(2020)", "[2021]", "1080p", "2160p",
    "BluRay", "WEB-DL", "x264", "HEVC", "DTS-HD.MA.5.1", "GERMAN", "German", "DL", "MULTi",
    "Extended", "Director's", "Cut", "PROPER", "REPACK2", "S01E05", "-", ".", " ", "_", "[",
    "]", "(", ")", "{tmdb-123}", "tt1234567", "-GRP", "-EVO-postbot", "[YTS.MX]", ".mkv",
    "www.site.com - ", "\u3010", "\ufffd", "Amélie", "\x00", "/", "\\", "KORSUB", "v2",
]  # fmt: skip


def _check(name: str) -> None:
    parsed = parse_release(name)
    assert isinstance(parsed, ParsedRelease)
    assert parsed.title is None or parsed.title.strip()
    assert isinstance(parse_path(name), ParsedRelease)
    assert isinstance(is_scene_title(name), bool)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_without_raising(name):
    _check(name)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_release_like_token_soup_parses_without_raising(name):
    _check(name)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=12).map(".".join))
def test_dotted_release_like_names_parse_without_raising(name):
    _check(name)


def test_hostile_ten_thousand_character_strings_return():
    size = 10_000
    hostile = [
        "a" * size,
        "." * size,
        " " * (size - 1) + "x",
        "[" * size,
        ("Movie." * size)[:size],
        ("A.K.A." * size)[:size],
        ("1080p.x264-" * size)[:size],
        ("-EVO" * size)[:size],
        ("(x265 " * size)[:size],
    ]
    for name in hostile:
        parse_release.cache_clear()
        assert isinstance(parse_release(name), ParsedRelease)


def test_non_string_input_is_treated_as_text():
    assert parse_release(None).title is None  # type: ignore[arg-type]


NOT_TEXT = [None, 12, 3.5, b"Heat.1995.1080p.BluRay-GRP", ["x"], {"a": 1}, object()]


@pytest.mark.parametrize("value", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_every_public_function_takes_any_value_without_raising(value):
    assert isinstance(parse_release(value), ParsedRelease)
    assert isinstance(parse_path(value), ParsedRelease)
    assert isinstance(is_scene_title(value), bool)
    assert scene_title(value) is None or isinstance(scene_title(value), str)


def test_bytes_are_read_as_utf8_text():
    assert parse_release(b"Am\xc3\xa9lie.2001.1080p.BluRay-GRP").title == "Amélie"


def test_a_value_whose_text_form_fails_names_nothing():
    class Broken:
        def __str__(self):
            raise ValueError("no text")

    assert parse_release(Broken()).title is None


def test_zero_width_characters_are_ignored():
    parsed = parse_release("\u200bMovie.Title.2019.1080p.BluRay\u200b-GRP\ufeff")
    assert (parsed.title, parsed.year, parsed.release_group) == ("Movie Title", 2019, "GRP")


def test_full_width_text_parses_like_ascii():
    wide = "".join(chr(ord(c) + 0xFEE0) for c in "Movie.Title.2019.1080p.BluRay-GRP")
    parsed = parse_release(wide)
    assert (parsed.title, parsed.year, parsed.release_group) == ("Movie Title", 2019, "GRP")
    assert parsed.quality.quality.name == "Bluray-1080p"


def test_the_original_keeps_what_was_given():
    assert parse_release("\u200bMovie.2019").original == "\u200bMovie.2019"
