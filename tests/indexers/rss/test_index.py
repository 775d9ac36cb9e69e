"""The RSS matching index: feed items to monitored movies by id, title and year."""

from __future__ import annotations

import pytest

from indexers.release import Release
from indexers.rss.index import MovieIndex
from movies.services import parse_release

# id, title, original title, alternative titles, year, tmdb id, imdb id
ROWS = [
    (1, "The Matrix", "The Matrix", ["Matrix"], 1999, 603, "tt0133093"),
    (2, "Amélie", "Le Fabuleux Destin d'Amélie Poulain", [], 2001, 194, "tt0211915"),
    (3, "Dune", "Dune", [], 2021, 438631, "tt1160419"),
    (4, "Dune", "Dune", [], 1984, 841, "tt0087182"),
    (5, "Crouching Tiger, Hidden Dragon", "", ["Wo hu cang long"], 2000, 146, ""),
]


@pytest.fixture
def index():
    return MovieIndex.from_rows(ROWS)


def match(index, title, **fields):
    release = Release(title=title, **fields)
    return index.match(release, parse_release(title))


def test_matches_by_the_tmdb_id_the_indexer_sends(index):
    assert match(index, "Some.Obfuscated.Name-GRP", tmdb_id=194) == 2


def test_matches_by_the_imdb_id_the_indexer_sends_without_its_tt(index):
    assert match(index, "Some.Obfuscated.Name-GRP", imdb_id="0087182") == 4


def test_matches_by_clean_title_and_year(index):
    assert match(index, "The.Matrix.1999.1080p.BluRay.x264-GRP") == 1


def test_the_year_tells_apart_two_movies_of_one_title(index):
    assert (
        match(index, "Dune.2021.2160p.WEB-DL.DDP5.1-GRP"),
        match(index, "Dune.1984.1080p.BluRay.x264-GRP"),
    ) == (3, 4)


def test_matches_by_the_original_title(index):
    assert match(index, "Le.Fabuleux.Destin.d.Amelie.Poulain.2001.1080p.BluRay.x264-GRP") == 2


def test_matches_by_an_alternative_title(index):
    assert match(index, "Wo.Hu.Cang.Long.2000.1080p.BluRay.x264-GRP") == 5


def test_accepts_a_year_one_off_when_one_movie_has_the_title(index):
    assert match(index, "The.Matrix.2000.720p.BluRay.x264-GRP") == 1


def test_refuses_a_year_one_off_when_two_movies_qualify():
    index = MovieIndex.from_rows(
        [(1, "Twin", "", [], 2000, 1, ""), (2, "Twin", "", [], 2002, 2, "")]
    )

    assert match(index, "Twin.2001.1080p.BluRay.x264-GRP") is None


def test_refuses_a_year_two_off(index):
    assert match(index, "The.Matrix.2001.1080p.BluRay.x264-GRP") is None


def test_an_unknown_title_matches_nothing(index):
    assert match(index, "Heat.1995.1080p.BluRay.x264-GRP") is None


def test_an_unknown_id_falls_back_to_the_title(index):
    assert match(index, "The.Matrix.1999.1080p.BluRay.x264-GRP", tmdb_id=99999) == 1


@pytest.mark.django_db
def test_build_indexes_monitored_movies_only(matrix):
    from movies.models import Movie

    Movie.objects.create(
        tmdb_id=604,
        title="The Matrix Reloaded",
        year=2003,
        monitored=False,
        quality_profile=matrix.quality_profile,
        root_folder=matrix.root_folder,
        path=f"{matrix.root_folder.path}/The Matrix Reloaded (2003)",
    )

    index = MovieIndex.build()

    assert (
        match(index, "The.Matrix.1999.1080p.BluRay.x264-GRP"),
        match(index, "The.Matrix.Reloaded.2003.1080p.BluRay.x264-GRP"),
        match(index, "Whatever-GRP", tmdb_id=604),
        index.movies,
    ) == (matrix.pk, None, None, 1)


@pytest.mark.django_db
def test_build_reads_the_library_in_one_query(matrix, django_assert_num_queries):
    with django_assert_num_queries(1):
        MovieIndex.build()
