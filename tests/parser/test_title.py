"""Titles, years, editions, ids and hardcoded subs read from release names."""

from __future__ import annotations

import pytest

from movies.parser import parse_path, parse_release


@pytest.mark.parametrize(
    ("name", "title", "year"),
    [
        ("The.Matrix.1999.1080p.BluRay.x264-GRP", "The Matrix", 1999),
        ("Blade Runner 2049 (2017) 2160p", "Blade Runner 2049", 2017),
        ("2001.A.Space.Odyssey.1968.720p", "2001 A Space Odyssey", 1968),
        ("(1995) Movie Name", "Movie Name", 1995),
        ("Amélie.2001.FRENCH.720p.BluRay", "Amélie", 2001),
    ],
)
def test_title_ends_at_the_release_year(name, title, year):
    parsed = parse_release(name)
    assert (parsed.title, parsed.year) == (title, year)


def test_title_without_year_ends_at_the_first_release_tag():
    parsed = parse_release("Cars.2.German.DL.720p.BluRay.x264-EmpireHD")
    assert (parsed.title, parsed.year) == ("Cars 2", None)


def test_language_word_inside_an_english_title_stays_in_the_title():
    assert parse_release("The.Good.German.2006.720p.BluRay").title == "The Good German"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("V.H.S.2.2013.LIMITED.720p.BluRay.x264-GECKOS", "V.H.S. 2"),
        ("V.H.S.Viral.2014.1080p.BluRay.x264-GRP", "V.H.S. Viral"),
        ("L.A.Confidential.1997.1080p.BluRay.x264-GRP", "L.A. Confidential"),
        ("U.S.Marshals.1998.1080p.BluRay.x264-GRP", "U.S. Marshals"),
        ("R.I.P.D.2013.720p.BluRay.x264-SPARKS", "R.I.P.D."),
        ("A.I.Artificial.Movie.(2001)", "A.I. Artificial Movie"),
        ("Das.A.Team.Der.Film.Extended.Cut.German.720p.BluRay", "Das A Team Der Film"),
        ("Mr.Smith.Goes.to.Washington.1939.1080p", "Mr Smith Goes to Washington"),
    ],
)
def test_initials_in_dotted_names_keep_their_dots_and_are_spaced_from_the_next_word(name, title):
    assert parse_release(name).title == title


@pytest.mark.parametrize(
    ("name", "title", "year"),
    [
        ("Leaving Movie by Movie (1897) [DVD].mp4", "Leaving Movie by Movie", 1897),
        ("Movie.Title.1895.1080p.BluRay.x264-GRP", "Movie Title", 1895),
    ],
)
def test_years_of_the_nineteenth_century_are_release_years(name, title, year):
    parsed = parse_release(name)
    assert (parsed.title, parsed.year) == (title, year)


@pytest.mark.parametrize(
    ("name", "edition"),
    [
        ("The.Warriors.1979.Ultimate.Directors.Cut.1080p.BluRay", "Ultimate Directors Cut"),
        ("Movie.Title.2015.Signature.Edition.1080p.BluRay", "Signature Edition"),
        ("Movie.Title.2001.Imperial.Edition.1080p.BluRay", "Imperial Edition"),
        ("Movie.Title.1992.Diamond.Edition.1080p.BluRay", "Diamond Edition"),
        ("Movie Title 2012 Hunter Edition", "Hunter Edition"),
        ("X-Men.Days.of.Future.Past.2014.Rogue.Cut.1080p", "Rogue Cut"),
        ("Movie Title 2012 Rouge Cut", "Rouge Cut"),
        ("Movie.Title.2010.Special.Cut.1080p.BluRay", "Special Cut"),
        ("Movie.Title.2010.Final.Edition.1080p.BluRay", "Final Edition"),
        ("Movie.Title.2010.Collectors.Cut.1080p.BluRay", "Collectors Cut"),
        ("Movie.Title.2010.3in1.1080p.BluRay", "3in1"),
        ("Movie Title 2012 4in1", "4in1"),
        ("Movie Title 2012 25 Anniversary Edition", "25 Anniversary Edition"),
        ("Movie.Title.2012.OpenMatte.1080p.WEB-DL", "OpenMatte"),
        ("Movie.Title.2012.Open-Matte.1080p.WEB-DL", "Open-Matte"),
        ("Movie.Title.2016.1080p.BluRay.x264.IMAX-GRP", "IMAX"),
    ],
)
def test_edition_vocabulary_is_read_as_written(name, edition):
    assert parse_release(name).edition == edition


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("The.Ultimate.Gift.2006.1080p", "The Ultimate Gift"),
        ("Movie.Title.Extended.Family.2010.1080p", "Movie Title Extended Family"),
    ],
)
def test_edition_words_before_the_year_but_not_next_to_it_are_title_words(name, title):
    parsed = parse_release(name)
    assert (parsed.title, parsed.edition) == (title, None)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("The.Dark.Knight.German.2008.DL.1080p.BluRay.x264-GRP", "The Dark Knight"),
        ("The Movie Title German 2011 DL 1080p BluRay x264-GRP", "The Movie Title"),
        ("The.Good.German.2006.GERMAN.720p.HDTV.x264-GRP", "The Good German"),
        ("The.German.2008.1080p.BluRay.x264-GRP", "The German"),
        ("Movie.Title.NORDiC.2019.1080p.BluRay.x264-GRP", "Movie Title"),
        ("The.French.Connection.1971.1080p.BluRay", "The French Connection"),
        ("The.Movie.TrueFrench.2010.1080p.BluRay", "The Movie"),
    ],
)
def test_language_before_the_year_is_a_tag_only_when_the_name_says_so(name, title):
    assert parse_release(name).title == title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Justice.League.DC.Showcase.2010.1080p.BluRay.x264-GRP", "Justice League DC Showcase"),
        ("LEGO.DC.Comics.Super.Heroes.2015.1080p.BluRay.x264-GRP", "LEGO DC Comics Super Heroes"),
        ("A.COMPLETE.UNKNOWN.2024.1080p.WEB-DL.DDP5.1.H.264-GRP", "A COMPLETE UNKNOWN"),
        ("JOHNNY.ENGLISH.2003.1080p.BluRay.x264-GRP", "JOHNNY ENGLISH"),
        ("THE.DUAL.2019.1080p.WEB.H264-GRP", "THE DUAL"),
    ],
)
def test_titles_written_in_capitals_are_not_cut_at_capitals_only_tags(name, title):
    assert parse_release(name).title == title


@pytest.mark.parametrize(
    ("name", "subs"),
    [
        ("Movie.Title.2019.SWESUB.1080p.WEB-DL.x264-GRP", "SWESUB"),
        ("Movie.Title.2019.1080p.WEB-DL.NLSubs.x264-GRP", "NLSubs"),
        ("HC.Movie.2019.1080p.WEB-DL-GRP", None),
        ("Movie Title 2024 [Web][x265][1080p][EAC3][MultiSubs]", None),
    ],
)
def test_hardcoded_subtitle_tags_count_only_after_the_title(name, subs):
    assert parse_release(name).hardcoded_subs == subs


@pytest.mark.parametrize(
    ("name", "tmdb_id"),
    [
        ("Movie Title (2019) {tmdb-603}", 603),
        ("Movie Title (2019) {tmdb-99999999999999999999}", None),
        ("Movie Title (2019) {tmdb-2147483648}", None),
        ("Movie Title (2019) {tmdb-0}", None),
    ],
)
def test_tmdb_ids_beyond_what_tmdb_issues_are_ignored(name, tmdb_id):
    parsed = parse_release(name)
    assert (parsed.tmdb_id, parsed.year) == (tmdb_id, 2019)


@pytest.mark.parametrize(
    "name",
    [
        "test.net - Movie.Title.2023.720p.HDTV.X264-DIMENSION",
        "[www.site.info] - Movie.Title.2023.720p.HDTV.X264-DIMENSION",
        "(movieawake.com) Movie Title 2023 [720p]",
        "www.5MovieRulz.show - Movie Title (2023) 720p HDRip",
        "[ www.Torrenting.com ] - Movie.Title.2023.720p.HDTV.X264-DIMENSION",
    ],
)
def test_any_website_prefix_is_dropped(name):
    assert parse_release(name).title == "Movie Title"


def test_acronyms_and_abbreviations_keep_their_dots():
    assert parse_release("The.Movie.from.U.N.C.L.E.2015.1080p").title == (
        "The Movie from U.N.C.L.E."
    )
    assert parse_release("Reise.des.Dr.Dolittle.2020.1080p").title == "Reise des Dr. Dolittle"


def test_aka_titles_are_split_after_the_full_title():
    parsed = parse_release("Mon cousin a.k.a. My Cousin 2020 1080p Blu-ray")
    assert parsed.titles == ["Mon cousin AKA My Cousin", "Mon cousin", "My Cousin"]


def test_clean_title_is_what_matching_compares():
    assert parse_release("The.Lord.of.the.Rings.2001.1080p").clean_title == "lordrings"


@pytest.mark.parametrize(
    ("name", "edition"),
    [
        ("Movie.Title.2012.Directors.Cut.1080p", "Directors Cut"),
        ("Movie.Title.Extended.2012.1080p", "Extended"),
        ("Movie.1990.Ultimate.Rekall.Edition.REMUX.1080p", "Ultimate Rekall Edition"),
        ("Movie 2012 50th Anniversary Edition.mkv", "50th Anniversary Edition"),
        ("The.Hateful.Eight.2015.Roadshow.Edition.1080p", "Roadshow Edition"),
        ("Brazil.1985.Criterion.Collection.1080p", "Criterion Collection"),
    ],
)
def test_edition_is_read_before_or_after_the_year(name, edition):
    assert parse_release(name).edition == edition


@pytest.mark.parametrize(
    "name",
    ["The.Christmas.Edition.1941.720p.HDTV", "Directors.Cut.German.2006.PAL.DVDR"],
)
def test_edition_words_that_are_the_title_are_not_an_edition(name):
    assert parse_release(name).edition is None


def test_tmdb_and_imdb_ids_are_read_and_the_tmdb_id_is_not_a_year():
    parsed = parse_release("Movie Name (2016) {tmdb-2020} [tt1234567]")
    assert (parsed.tmdb_id, parsed.imdb_id, parsed.year) == (2020, "tt1234567", 2016)


@pytest.mark.parametrize(
    ("name", "subs"),
    [
        ("Movie.2016.1080p.KORSUB.WEBRip.x264-GRP", "KORSUB"),
        ("Movie 2017 HC 720p HDRiP x264-GRP", "Generic Hardcoded Subs"),
        ("Movie 2018 [Web][h264][480p][Softsubs]", None),
    ],
)
def test_hardcoded_subtitles(name, subs):
    assert parse_release(name).hardcoded_subs == subs


@pytest.mark.parametrize(
    "name",
    [
        "185d86a343e39f3341e35c4dad3f9959",
        "76El6LcgLzqb426WoVFg1vVVVGx4uCYopQkfjmLe",
        "THIS SHOULD NEVER PARSE",
        "Big Movie (S01E18) Complete 360p HDTV AAC H.264-NEXT",
        "Punky.Brewster.S01.EXTRAS.DVDRip.XviD-RUNNER",
        "[SubsPlease] Anime Title - 01 (1080p) [B1F227CF]",
        "",
    ],
)
def test_names_that_are_no_movie_have_no_title(name):
    assert parse_release(name).title is None


def test_a_website_prefix_is_not_part_of_the_title():
    assert parse_release("[www.site-name.com] - Movie.Title.2023.720p").title == "Movie Title"


def test_path_with_a_hashed_file_name_takes_the_title_from_its_folder():
    parsed = parse_path("/data/Movie.Title.2018.720p.HDTV.x264-GRP/cgajsofuejsa501.mkv")
    assert (parsed.title, parsed.year, parsed.release_group) == ("Movie Title", 2018, "GRP")
    assert parsed.quality.quality.name == "HDTV-720p"


def test_path_with_a_good_file_name_reads_the_file_name():
    parsed = parse_path(
        "C:\\Movies\\0e895c37245186812cb08aab1529cf8e\\Heat.1995.1080p.BluRay-X.mkv"
    )
    assert (parsed.title, parsed.release_group) == ("Heat", "X")


def test_results_are_copies_so_changing_one_does_not_change_the_next():
    first = parse_release("Heat.1995.1080p.BluRay.x264-GRP")
    first.titles.append("changed")
    first.quality.version = 9
    again = parse_release("Heat.1995.1080p.BluRay.x264-GRP")
    assert again.titles == ["Heat"]
    assert again.quality.version == 1


def test_a_failing_part_leaves_the_other_parts_standing(monkeypatch):
    import movies.parser as parser

    def broken(name):
        raise RuntimeError("bug in the quality rules")

    monkeypatch.setattr(parser, "parse_quality", broken)
    parser.parse_release.cache_clear()
    parsed = parser.parse_release("Some.Unique.Movie.2011.1080p.BluRay-GRP")
    parser.parse_release.cache_clear()
    assert parsed.title == "Some Unique Movie"
    assert parsed.quality.quality_id == 0


def test_edition_words_that_make_the_whole_title_stay_the_title():
    parsed = parse_release("The.Final.Cut.2004.DVDRip.XviD-GRP")
    assert (parsed.title, parsed.edition) == ("The Final Cut", None)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Mr. & Mrs. Smith (2005)", "Mr. & Mrs. Smith"),
        ("Once Upon a Time... in Hollywood (2019)", "Once Upon a Time... in Hollywood"),
        ("Kimi no Na wa. (2016)", "Kimi no Na wa"),
    ],
)
def test_names_written_with_spaces_keep_their_punctuation(name, title):
    assert parse_release(name).title == title


def test_path_with_a_bare_file_name_borrows_quality_and_group_from_its_folder():
    parsed = parse_path("/downloads/Heat.1995.1080p.BluRay.x264-GRP/Heat.1995.mkv")
    assert (parsed.title, parsed.release_group) == ("Heat", "GRP")
    assert parsed.quality.quality.name == "Bluray-1080p"


def test_path_does_not_borrow_from_a_folder_naming_another_movie():
    parsed = parse_path("/downloads/Alien.1979.1080p.BluRay.x264-GRP/Heat.1995.mkv")
    assert (parsed.title, parsed.release_group) == ("Heat", None)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Johnny.English.2003.1080p.BluRay", "Johnny English"),
        ("The.English.Patient.1996.1080p", "The English Patient"),
        ("Der.Film.deines.Lebens.German.2011.PAL.DVDR-ETM", "Der Film deines Lebens"),
        ("Movie.Title.GERMAN.2011.1080p", "Movie Title"),
    ],
)
def test_language_before_the_year_is_a_tag_only_where_trackers_put_one(name, title):
    assert parse_release(name).title == title


def test_a_name_written_backwards_is_read_forwards():
    parsed = parse_release("PRG-yaRulB.p0801.9102.eltiT.eivoM.mkv")
    assert (parsed.title, parsed.year, parsed.release_group) == ("Movie Title", 2019, "GRP")


def test_a_slash_between_spaced_titles_separates_alternative_titles():
    parsed = parse_release("Movie Name / Other Name (2019) 1080p")
    assert parsed.titles == ["Movie Name / Other Name", "Movie Name", "Other Name"]


def test_the_abc_xyz_obfuscation_names_no_movie():
    assert parse_release("abc.xyz.Movie.2019.1080p.mkv").title is None
