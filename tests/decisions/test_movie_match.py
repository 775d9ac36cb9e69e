"""Release is this movie rule."""

from indexers.decisions.specs.movie_match import ReleaseIsThisMovie
from tests.decisions.factories import decision, evaluate, parsed, release


def judged(title, year=1999, rel=None, **fields):
    return evaluate(
        ReleaseIsThisMovie(), decision(rel or release(), parsed(title, year=year, **fields))
    )


def test_accepts_matching_title_and_year():
    assert judged("The Matrix", 1999) is None


def test_accepts_a_title_differing_only_in_punctuation_and_little_words():
    assert judged("Matrix", 1999) is None


def test_accepts_a_year_one_off():
    assert judged("The Matrix", 2000) is None


def test_rejects_a_year_two_off_with_both_years():
    rejection = judged("The Matrix", 2001)
    assert rejection.reason == "Year 2001 is more than one year from The Matrix's 1999"


def test_accepts_a_title_without_a_year():
    assert judged("The Matrix", None) is None


def test_accepts_an_alternative_title():
    assert (
        evaluate(
            ReleaseIsThisMovie(),
            decision(parsed_=parsed("Matrix, The")),
        )
        is None
    )


def test_accepts_when_an_aka_part_matches():
    aka = parsed("Die Matrix", titles=["Die Matrix", "The Matrix"])
    assert evaluate(ReleaseIsThisMovie(), decision(parsed_=aka)) is None


def test_rejects_another_movie_naming_the_title():
    rejection = judged("The Matrix Reloaded", 2003)
    assert rejection.reason == (
        "Title 'The Matrix Reloaded' does not match The Matrix (1999) or its alternative titles"
    )


def test_rejects_a_title_that_did_not_parse():
    rejection = judged(None, None, rel=release("a8f7c6e5d4b3a2f1e0d9c8b7a6f5e4d3"))
    assert rejection.reason == (
        "Could not find a movie title in 'a8f7c6e5d4b3a2f1e0d9c8b7a6f5e4d3'"
    )


def test_accepts_a_release_the_indexer_tags_with_the_movies_tmdb_id():
    assert judged("Matrix Special", 2010, rel=release(tmdb_id=603)) is None


def test_accepts_a_title_that_carries_the_movies_imdb_id():
    assert judged("Some Name", 2010, imdb_id="tt0133093") is None


def test_accepts_an_indexer_imdb_id_without_the_tt_prefix():
    assert judged("Some Name", 2010, rel=release(imdb_id="0133093")) is None


def test_falls_back_to_the_title_when_the_indexer_id_is_another_movies():
    assert judged("The Matrix", 1999, rel=release(tmdb_id=604, imdb_id="tt0234215")) is None
    assert judged("Other Film", 1999, rel=release(tmdb_id=604)) is not None
