"""Custom format matching: each condition kind, negate, required and grouping (no database)."""

from __future__ import annotations

import pytest

from movies.formats.matcher import FormatMatcher, MatchedFormat, compile_format
from movies.parser.types import ParsedRelease, QualityParse

GB = 1024**3


def release(title: str = "Movie.Title.2020.1080p.BluRay.x264-GRP", **kw) -> ParsedRelease:
    quality = kw.pop("quality", QualityParse(source="bluray", resolution=1080, quality_id=7))
    return ParsedRelease(
        original=title,
        title="Movie Title",
        year=kw.pop("year", 2020),
        release_group=kw.pop("release_group", "GRP"),
        quality=quality,
        **kw,
    )


def spec(implementation: str, negate: bool = False, required: bool = False, **fields) -> dict:
    return {
        "name": f"{implementation} {fields}",
        "implementation": implementation,
        "negate": negate,
        "required": required,
        "fields": fields,
    }


def matches(specs: list[dict], parsed: ParsedRelease | None = None, **kw) -> bool:
    matcher = FormatMatcher([compile_format(1, "F", specs)])
    return bool(matcher.matching(parsed or release(), **kw))


def test_release_title_regex_matches_ignoring_case():
    assert matches([spec("ReleaseTitleSpecification", value=r"\bBLURAY\b")])


def test_release_title_regex_that_does_not_occur_does_not_match():
    assert not matches([spec("ReleaseTitleSpecification", value=r"\bHEVC\b")])


def test_negate_turns_a_condition_around():
    assert matches([spec("ReleaseTitleSpecification", negate=True, value=r"\bHEVC\b")])


def test_release_group_regex_matches_the_group_only():
    assert matches([spec("ReleaseGroupSpecification", value="^grp$")])
    assert not matches([spec("ReleaseGroupSpecification", value="BluRay")])


def test_release_group_condition_fails_without_a_group():
    assert not matches([spec("ReleaseGroupSpecification", value=".*")], release(release_group=None))


def test_edition_regex_matches_the_edition():
    parsed = release("Movie.2020.Directors.Cut.1080p.BluRay-GRP", edition="Directors Cut")
    assert matches([spec("EditionSpecification", value="director")], parsed)
    assert not matches([spec("EditionSpecification", value="director")], release())


def test_source_uses_radarr_numbers():
    assert matches([spec("SourceSpecification", value=9)])  # bluray
    assert not matches([spec("SourceSpecification", value=7)])  # webdl


def test_source_accepts_a_number_written_as_text():
    assert matches([spec("SourceSpecification", value="9")])


def test_source_comes_from_the_raw_parse_when_no_quality_is_mapped():
    parsed = release(quality=QualityParse(source="webrip", resolution=None))
    assert matches([spec("SourceSpecification", value=8)], parsed)


def test_resolution_matches_the_quality_resolution():
    assert matches([spec("ResolutionSpecification", value=1080)])
    assert not matches([spec("ResolutionSpecification", value=2160)])


def test_quality_modifier_remux_matches_a_remux():
    remux = release(quality=QualityParse(source="bluray", resolution=2160, quality_id=31))
    assert matches([spec("QualityModifierSpecification", value=5)], remux)
    assert not matches([spec("QualityModifierSpecification", value=5)])


def test_quality_modifier_zero_means_none():
    assert matches([spec("QualityModifierSpecification", value=0)])


def test_language_matches_a_detected_language():
    parsed = release(languages=["french"])
    assert matches([spec("LanguageSpecification", value=2)], parsed)
    assert not matches([spec("LanguageSpecification", value=1)], parsed)


def test_language_portuguese_brazil_maps_to_the_parser_name():
    assert matches([spec("LanguageSpecification", value=30)], release(languages=["portuguese_br"]))


def test_release_without_language_counts_as_the_original_language():
    assert matches(
        [spec("LanguageSpecification", value=2)],
        release(languages=[]),
        original_language="french",
    )
    assert matches(
        [spec("LanguageSpecification", value=-2)], release(languages=[]), original_language="fr"
    )


def test_original_matches_no_release_when_the_movies_language_is_unknown():
    assert not matches([spec("LanguageSpecification", value=-2)], release(languages=[]))
    assert not matches([spec("LanguageSpecification", value=-2)], release(languages=["french"]))


def test_original_language_may_be_given_as_an_iso_code():
    french = [spec("LanguageSpecification", value=2)]
    assert matches(french, release(languages=[]), original_language="fr")
    assert not matches(french, release(languages=[]), original_language="de")


def test_original_language_matches_the_movies_language_when_named():
    parsed = release(languages=["german"])
    assert matches([spec("LanguageSpecification", value=-2)], parsed, original_language="german")
    assert not matches([spec("LanguageSpecification", value=-2)], parsed, original_language="en")


def test_except_language_matches_a_release_with_another_language():
    fields = {"value": 1, "exceptLanguage": True}
    assert matches([spec("LanguageSpecification", **fields)], release(languages=["german"]))
    assert not matches([spec("LanguageSpecification", **fields)], release(languages=["english"]))


def test_not_english_does_not_match_an_untagged_release_of_an_english_movie():
    not_english = [spec("LanguageSpecification", value=1, exceptLanguage=True)]
    assert not matches(not_english, release(languages=[]), original_language="en")


def test_not_original_does_not_match_a_release_only_in_the_original_language():
    not_original = [spec("LanguageSpecification", value=-2, exceptLanguage=True)]
    french = release("Movie.Title.2020.FRENCH.1080p.BluRay.x264-GRP", languages=["french"])
    assert not matches(not_original, french, original_language="fr")
    assert matches(not_original, french, original_language="en")


def test_parsers_original_language_becomes_the_movies_language():
    german_dl = release(languages=["german", "original"])
    english = [spec("LanguageSpecification", value=1)]
    assert matches(english, german_dl, original_language="en")
    assert not matches(english, german_dl, original_language="de")


def test_indexer_flag_needs_that_bit():
    assert matches([spec("IndexerFlagSpecification", value=1)], indexer_flags=1 | 128)
    assert not matches([spec("IndexerFlagSpecification", value=8)], indexer_flags=1 | 128)


def test_size_lies_above_min_and_up_to_max():
    condition = [spec("SizeSpecification", min=1, max=10)]
    assert matches(condition, size=10 * GB)
    assert not matches(condition, size=1 * GB)
    assert not matches(condition, size=10 * GB + 1)


def test_size_condition_fails_when_size_is_unknown():
    assert not matches([spec("SizeSpecification", min=0, max=10)], size=None)


def test_year_range_includes_both_ends():
    assert matches([spec("YearSpecification", min=2020, max=2021)])
    assert not matches([spec("YearSpecification", min=2021, max=2022)])


def test_year_without_max_has_no_upper_bound():
    assert matches([spec("YearSpecification", min=1990, max=0)])


def test_every_required_condition_of_a_group_must_match():
    specs = [
        spec("ReleaseTitleSpecification", required=True, value="bluray"),
        spec("ReleaseTitleSpecification", required=True, value="hevc"),
    ]
    assert not matches(specs)


def test_one_optional_condition_of_a_group_is_enough():
    specs = [
        spec("ReleaseTitleSpecification", value="hevc"),
        spec("ReleaseTitleSpecification", value="x264"),
    ]
    assert matches(specs)


def test_a_group_with_no_optional_match_fails():
    specs = [
        spec("ReleaseTitleSpecification", value="hevc"),
        spec("ReleaseTitleSpecification", value="av1"),
    ]
    assert not matches(specs)


def test_a_matching_required_condition_needs_no_optional_match_in_its_group():
    specs = [
        spec("ReleaseTitleSpecification", required=True, value="bluray"),
        spec("ReleaseTitleSpecification", value="hevc"),
    ]
    assert matches(specs)


def test_an_optional_match_does_not_save_a_failing_required_condition():
    specs = [
        spec("ReleaseTitleSpecification", required=True, value="hevc"),
        spec("ReleaseTitleSpecification", value="x264"),
    ]
    assert not matches(specs)


def test_every_kind_must_hold_when_kinds_differ():
    specs = [
        spec("ReleaseTitleSpecification", value="x264"),
        spec("ResolutionSpecification", value=2160),
        spec("ResolutionSpecification", value=720),
    ]
    assert not matches(specs)
    specs.append(spec("ResolutionSpecification", value=1080))
    assert matches(specs)


def test_negated_required_condition_excludes():
    specs = [
        spec("SourceSpecification", value=9),
        spec("QualityModifierSpecification", required=True, negate=True, value=5),
    ]
    remux = release(quality=QualityParse(source="bluray", resolution=1080, quality_id=30))
    assert matches(specs)
    assert not matches(specs, remux)


def test_format_without_conditions_matches_nothing():
    assert not matches([])


def test_matching_returns_id_and_name_of_each_matching_format():
    matcher = FormatMatcher(
        [
            compile_format(1, "BluRay", [spec("SourceSpecification", value=9)]),
            compile_format(2, "WEB", [spec("SourceSpecification", value=7)]),
            compile_format(3, "x264", [spec("ReleaseTitleSpecification", value="x264")]),
        ]
    )
    assert matcher.matching(release()) == [MatchedFormat(1, "BluRay"), MatchedFormat(3, "x264")]


def test_score_sums_the_profiles_scores_of_matched_formats():
    matcher = FormatMatcher([], {7: {1: 100, 2: -50, 3: 10}})
    matched = [MatchedFormat(1, "a"), MatchedFormat(2, "b"), MatchedFormat(4, "unscored")]
    assert matcher.score(7, matched) == 50


def test_score_is_zero_for_a_profile_without_scores():
    assert FormatMatcher([], {7: {1: 100}}).score(8, [MatchedFormat(1, "a")]) == 0


@pytest.mark.parametrize(
    ("implementation", "fields", "message"),
    [
        ("ReleaseTitleSpecification", {"value": "("}, "Invalid regular expression"),
        ("ReleaseTitleSpecification", {"value": "a" * 2001}, "longer than 2000"),
        ("SourceSpecification", {"value": 42}, "not a known source"),
        ("ResolutionSpecification", {"value": "big"}, "whole number"),
        ("IndexerFlagSpecification", {"value": 3}, "not a known indexer flag"),
        ("SizeSpecification", {"min": 10, "max": 2}, "Max must not be below min"),
        ("YearSpecification", {"min": -1, "max": 2}, "must not be negative"),
        ("NoSuchSpecification", {"value": 1}, "Unknown condition type"),
    ],
)
def test_invalid_conditions_are_refused_with_a_reason(implementation, fields, message):
    with pytest.raises(ValueError, match=message):
        compile_format(1, "F", [spec(implementation, **fields)])


def test_dotnet_named_groups_are_accepted():
    assert matches([spec("ReleaseTitleSpecification", value=r"(?<codec>x264)")])


def test_inline_ignore_case_is_accepted_anywhere():
    assert matches([spec("ReleaseTitleSpecification", value=r"movie(?i)\.title")])


def test_dotnet_named_backreference_is_accepted():
    assert matches([spec("ReleaseTitleSpecification", value=r"(?<dot>\.)title\k<dot>")])
    assert not matches([spec("ReleaseTitleSpecification", value=r"(?<dot>\.)title\k<dot>x")])


def test_unicode_classes_and_variable_width_lookbehind_are_accepted():
    assert matches([spec("ReleaseTitleSpecification", value=r"(?<=\b(?:blu-?ray|web)\.)\p{L}+\d")])


@pytest.mark.parametrize("pattern", [r"(a|a)+$", r"(.*a){20}$", r"(a+)+$"])
def test_catastrophic_regex_stops_quickly_and_counts_as_not_matching(pattern):
    import time

    start = time.perf_counter()
    assert not matches([spec("ReleaseTitleSpecification", value=pattern)], release("a" * 25 + "!"))
    assert time.perf_counter() - start < 2


def test_timed_out_negated_regex_does_not_make_the_format_match():
    hostile = spec("ReleaseTitleSpecification", negate=True, required=True, value=r"(a|a)+$")
    assert not matches([hostile], release("a" * 25 + "!"))
    assert matches([hostile], release("b" * 25 + "!"))


def test_timed_out_regex_is_logged_once_per_format(caplog):
    matcher = FormatMatcher(
        [compile_format(1, "Hostile", [spec("ReleaseTitleSpecification", value=r"(a|a)+$")])]
    )
    for _ in range(3):
        assert matcher.matching(release("a" * 25 + "!")) == []
    warnings = [r for r in caplog.records if "Hostile" in r.getMessage()]
    assert len(warnings) == 1
    assert "not matching" in warnings[0].getMessage()


def test_hostile_title_is_matched_quickly():
    import time

    condition = [spec("ReleaseTitleSpecification", value=r"(\w+\s?)?x265\b")]
    start = time.perf_counter()
    matches(condition, release("a" * 10_000))
    assert time.perf_counter() - start < 0.5


def test_matcher_says_when_a_format_asks_about_size():
    sized = FormatMatcher([compile_format(1, "Big", [spec("SizeSpecification", min=20, max=0)])])
    assert sized.uses_size and not sized.uses_indexer_flags


def test_matcher_says_when_a_format_asks_about_indexer_flags():
    flagged = FormatMatcher([compile_format(1, "FL", [spec("IndexerFlagSpecification", value=1)])])
    assert flagged.uses_indexer_flags and not flagged.uses_size


def test_matcher_of_name_only_formats_ignores_size_and_flags():
    named = FormatMatcher(
        [compile_format(1, "x265", [spec("ReleaseTitleSpecification", value="x265")])]
    )
    assert not named.uses_size and not named.uses_indexer_flags


def test_matcher_takes_an_iso_code_as_the_original_language():
    original = FormatMatcher([compile_format(1, "Orig", [spec("LanguageSpecification", value=-2)])])
    french = release("Movie.Title.2020.FRENCH.1080p.BluRay.x264-GRP", languages=("french",))
    german = release("Movie.Title.2020.GERMAN.1080p.BluRay.x264-GRP", languages=("german",))
    assert original.matching(french, original_language="fr")
    assert not original.matching(german, original_language="fr")


def test_a_compiled_pattern_searches_with_the_timeout_by_itself():
    from movies.formats.patterns import compile_pattern

    with pytest.raises(TimeoutError):
        compile_pattern(r"(a|a)+$").search("a" * 25 + "!")


def test_not_original_language_does_not_match_without_a_movie():
    condition = spec("LanguageSpecification", negate=True, value=-2)
    assert not matches([condition], release(languages=["french"]))


def test_except_original_language_does_not_match_without_a_movie():
    condition = spec("LanguageSpecification", value=-2, exceptLanguage=True)
    assert not matches([condition], release(languages=["french"]))


def test_not_original_language_matches_a_dub_when_the_movie_is_known():
    condition = spec("LanguageSpecification", negate=True, value=-2)
    assert matches([condition], release(languages=["french"]), original_language="en")


def test_the_matcher_reports_each_timed_out_condition_once_then_forgets_it():
    slow = dict(spec("ReleaseTitleSpecification", value="(a|a)+$"), name="Slow one")
    matcher = FormatMatcher([compile_format(1, "Hostile", [slow])])
    matcher.matching(release("a" * 40 + "!"))
    matcher.matching(release("a" * 40 + "!"))
    assert matcher.take_timeouts() == [("Hostile", "Slow one")]
    assert matcher.take_timeouts() == []


def test_the_matcher_knows_when_a_format_needs_the_original_language():
    matcher = FormatMatcher([compile_format(1, "Orig", [spec("LanguageSpecification", value=-2)])])
    assert matcher.uses_original_language
