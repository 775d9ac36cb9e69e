"""Whatever the string, the parser returns a result and does not hang."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from movies.parser import ParsedRelease, parse_path, parse_release

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
