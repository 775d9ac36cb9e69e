"""Radarr's naming tokens (movies.naming): plain functions, no database."""

from __future__ import annotations

from movies.naming import (
    KNOWN_TOKENS,
    NamingChoices,
    NamingFacts,
    brace_problems,
    file_name,
    folder_name,
    render,
    token_examples,
    unknown_tokens,
)

MATRIX = NamingFacts(
    title="The Matrix",
    year=1999,
    tmdb_id=603,
    imdb_id="tt0133093",
    quality_id=7,
    edition="Directors Cut",
    release_group="SPARKS",
    video_codec="x264",
    audio_codec="DTS",
    hdr=("HDR10",),
    custom_formats=("x264", "HD Audio"),
)
DEFAULT = NamingChoices()


def test_default_file_format_gives_title_year_and_quality():
    assert file_name(MATRIX, DEFAULT, ".MKV") == "The Matrix (1999) Bluray-1080p.mkv"


def test_default_folder_format_gives_title_and_year():
    assert folder_name(MATRIX, DEFAULT) == "The Matrix (1999)"


def test_dotted_tokens_put_dots_between_the_words_of_a_value():
    assert render("{Movie.Title}.{Release.Year}", MATRIX, DEFAULT) == "The.Matrix.1999"


def test_lower_case_token_gives_lower_case_value():
    assert render("{movie title}", MATRIX, DEFAULT) == "the matrix"


def test_title_the_moves_the_article_to_the_end():
    assert render("{Movie TitleThe}", MATRIX, DEFAULT) == "Matrix, The"


def test_clean_title_drops_punctuation_and_spells_ampersand():
    facts = NamingFacts(title="Fast & Furious: Hobbs' Story")
    assert render("{Movie CleanTitle}", facts, DEFAULT) == "Fast and Furious Hobbs Story"


def test_every_listed_token_is_filled():
    template = (
        "{Quality Title};{Edition Tags};{MediaInfo VideoCodec};{MediaInfo AudioCodec};"
        "{MediaInfo VideoDynamicRange};{Release Group};{tmdb-id};{imdb-id};{Custom Formats}"
    )
    assert render(template, MATRIX, DEFAULT) == (
        "Bluray-1080p;Directors Cut;x264;DTS;HDR;SPARKS;603;tt0133093;x264 HD Audio"
    )


def test_quality_full_names_a_proper_and_real():
    facts = NamingFacts(title="X", quality_id=3, quality_version=2, quality_real=1)
    assert render("{Quality Full}", facts, DEFAULT) == "WEBDL-1080p Proper REAL"


def test_quality_full_names_a_repack():
    facts = NamingFacts(title="X", quality_id=3, quality_version=2, repack=True)
    assert render("{Quality Full}", facts, DEFAULT) == "WEBDL-1080p Repack"


def test_text_inside_braces_is_dropped_with_an_empty_value():
    facts = NamingFacts(title="Heat", year=1995)
    assert render("{Movie Title}{-Release Group}{ [Edition Tags]}", facts, DEFAULT) == "Heat"


def test_text_inside_braces_is_kept_with_a_value():
    assert render("{Movie Title}{-Release Group}", MATRIX, DEFAULT) == "The Matrix-SPARKS"


def test_empty_brackets_are_removed_when_the_year_is_unknown():
    assert folder_name(NamingFacts(title="Heat"), DEFAULT) == "Heat"


def test_doubled_braces_write_literal_braces():
    assert render("{Movie Title} {{tmdb-{TmdbId}}}", MATRIX, DEFAULT) == "The Matrix {tmdb-603}"


def test_smart_colon_replacement_uses_a_spaced_dash_after_a_word():
    facts = NamingFacts(title="Star Wars: Episode IV")
    assert render("{Movie Title}", facts, DEFAULT) == "Star Wars - Episode IV"


def test_colon_can_be_deleted():
    facts = NamingFacts(title="Star Wars: Episode IV")
    choices = NamingChoices(colon_replacement="delete")
    assert render("{Movie Title}", facts, choices) == "Star Wars Episode IV"


def test_colon_can_become_a_dash():
    facts = NamingFacts(title="10:30 Train")
    choices = NamingChoices(colon_replacement="dash")
    assert render("{Movie Title}", facts, choices) == "10-30 Train"


def test_illegal_characters_are_replaced_by_default():
    facts = NamingFacts(title='What? A "Movie" / Part*2')
    assert render("{Movie Title}", facts, DEFAULT) == "What! A Movie + Part-2"


def test_illegal_characters_are_removed_when_replacing_is_off():
    facts = NamingFacts(title='What? A "Movie" / Part*2')
    choices = NamingChoices(replace_illegal=False)
    assert render("{Movie Title}", facts, choices) == "What A Movie Part2"


def test_a_title_of_dots_cannot_name_the_parent_folder():
    assert folder_name(NamingFacts(title=".."), DEFAULT) not in ("..", ".", "")


def test_unknown_tokens_are_reported():
    assert unknown_tokens("{Movie Title} {Movie Tilte} {{x}}") == ["{Movie Tilte}"]


def test_truncation_limits_a_value():
    assert render("{Movie Title:3}", MATRIX, DEFAULT) == "The"


def test_a_long_title_is_cut_so_the_file_name_and_its_temporary_name_fit_in_255_bytes():
    facts = NamingFacts(title="Ä" * 300, year=2000, quality_id=7)
    name = file_name(facts, DEFAULT, ".mkv")
    assert len(f".{name}.importing".encode()) <= 255
    assert name.endswith(" (2000) Bluray-1080p.mkv")  # the other tokens stay whole
    assert name.startswith("ÄÄÄÄ")


def test_a_format_repeating_the_title_still_keeps_a_title_within_255_bytes():
    choices = NamingChoices(file_format="{Movie Title} - {Movie CleanTitle} ({Release Year})")
    name = file_name(NamingFacts(title="Long " * 80, year=2000), choices, ".mkv")
    assert len(name.encode()) <= 255 and name.startswith("Long Long")
    assert name.endswith("(2000).mkv")


def test_a_long_folder_name_is_cut_to_255_bytes():
    name = folder_name(NamingFacts(title="B" * 400, year=2000), DEFAULT)
    assert len(name.encode()) <= 255 and name.endswith("(2000)")


def test_a_name_too_long_without_its_title_is_cut_whole():
    choices = NamingChoices(file_format="{Movie Title} {Custom Formats}")
    facts = NamingFacts(title="Heat", custom_formats=("X" * 400,))
    name = file_name(facts, choices, ".mkv")
    assert len(name.encode()) == 244 and name.endswith("X.mkv")


def test_radarrs_tmdbid_and_imdbid_tokens_give_the_bare_ids():
    assert render("{TmdbId} {ImdbId}", MATRIX, DEFAULT) == "603 tt0133093"


def test_plex_style_folder_id_keeps_its_braces_around_the_tmdb_id():
    assert render("{Movie Title} {tmdb-{TmdbId}}", MATRIX, DEFAULT) == "The Matrix {tmdb-603}"


def test_old_tmdb_id_token_gives_the_number_alone():
    assert render("{tmdb-id}", MATRIX, DEFAULT) == "603"


def test_plex_style_folder_id_has_balanced_braces():
    assert brace_problems("{Movie Title} ({Release Year}) {tmdb-{TmdbId}}") == []


def test_an_unclosed_brace_is_reported_with_where_it_is():
    assert brace_problems("{Movie Title} ({Release Year") == [
        'Unbalanced braces: the "{" in "{Release Year" is never closed with "}".'
    ]


def test_a_closing_brace_without_an_opening_one_is_reported():
    assert brace_problems("{Movie Title} Release Year}") == [
        'Unbalanced braces: the "}" in "…Title} Release Year}" closes no "{".'
    ]


def test_doubled_braces_are_literal_and_never_unbalanced():
    assert brace_problems("{Movie Title} {{x}} {{tmdb-{TmdbId}}}") == []


def test_braces_around_no_token_are_reported():
    assert brace_problems("{Movie Title:abc}") == [
        '"{Movie Title:abc}" is not a token; write {{ and }} for literal braces.'
    ]


def test_token_list_shows_the_plex_folder_id_example():
    examples = {token: value for _, rows in token_examples() for token, value, _ in rows}
    assert examples["{tmdb-{TmdbId}}"] == "{tmdb-603}"
    assert examples["{tmdb-id}"] == "603"


def test_every_token_in_the_list_is_known_and_gives_a_value_for_the_sample():
    assert all(unknown_tokens(token) == [] for token in KNOWN_TOKENS)
    assert all(value for _, rows in token_examples() for _, value, _ in rows)
