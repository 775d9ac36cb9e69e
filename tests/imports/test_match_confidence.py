"""Match confidence: clean title, year and TMDB's rank, read as high / medium / low."""

from __future__ import annotations

from movies.imports.match import Candidate, best_match, confidence, confidence_label

MATRIX = Candidate(603, "The Matrix", 1999)
AMELIE = Candidate(194, "Amélie", 2001, ("Le Fabuleux Destin d'Amélie Poulain",))


def test_same_title_and_year_at_the_top_is_high():
    score = confidence("The Matrix", 1999, MATRIX, rank=0)
    assert confidence_label(score) == "high" and score >= 90


def test_a_year_off_by_one_scores_lower_than_the_same_year():
    assert confidence("The Matrix", 2000, MATRIX) < confidence("The Matrix", 1999, MATRIX)
    assert confidence_label(confidence("The Matrix", 2000, MATRIX)) == "high"


def test_a_year_further_off_is_medium_at_best():
    assert confidence_label(confidence("The Matrix", 2005, MATRIX)) == "medium"


def test_title_matching_ignores_case_punctuation_and_little_words():
    assert confidence("matrix", 1999, MATRIX) == confidence("The Matrix", 1999, MATRIX)


def test_an_original_title_counts_almost_as_much_as_the_title():
    by_original = confidence("Le Fabuleux Destin d'Amelie Poulain", 2001, AMELIE)
    assert confidence_label(by_original) == "high"
    assert by_original < confidence("Amelie", 2001, AMELIE)


def test_a_different_title_is_low_even_with_the_right_year():
    assert confidence_label(confidence("Heat", 1999, MATRIX)) == "low"


def test_no_year_in_the_name_keeps_an_exact_title_below_high():
    assert confidence_label(confidence("The Matrix", None, MATRIX)) == "medium"


def test_later_ranks_score_lower():
    assert confidence("The Matrix", 1999, MATRIX, rank=3) < confidence(
        "The Matrix", 1999, MATRIX, rank=0
    )


def test_best_match_prefers_the_exact_title_over_tmdbs_first_result():
    reloaded = Candidate(604, "The Matrix Reloaded", 2003)
    best = best_match("The Matrix", 1999, [reloaded, MATRIX])
    assert best.candidate.tmdb_id == 603


def test_best_match_of_nothing_is_none():
    assert best_match("The Matrix", 1999, []) is None
