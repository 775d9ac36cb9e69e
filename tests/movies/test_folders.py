"""Folder rules in movies.folders: paths compared as written and as resolved, one rule set."""

from __future__ import annotations

import os

import pytest

from movies.folders import (
    PathIndex,
    UnsafePath,
    movie_folder_name,
    movie_path_in,
    path_change_problem,
)
from movies.library_edit import delete_movies
from movies.models import Movie, RootFolder
from tests.movies.factories import make_movie


def test_index_finds_a_movie_stored_under_a_symlink_into_the_folder_asked_about(tmp_path):
    doomed = tmp_path / "movies" / "Doomed"
    (doomed / "Other").mkdir(parents=True)
    link = tmp_path / "movies" / "Link"
    link.symlink_to(doomed)
    index = PathIndex([(2, str(link / "Other"), "Other (2001)")])
    assert index.clash(str(doomed), ignore=1) == ("Other (2001)", str(doomed / "Other"))


def test_index_finds_a_stored_folder_that_resolves_to_the_one_asked_about(tmp_path):
    real = tmp_path / "Real"
    real.mkdir()
    link = tmp_path / "Alias"
    link.symlink_to(real)
    index = PathIndex([(2, str(link), "Alias (2001)")])
    assert index.clash(str(real)) is not None


def test_index_forgets_the_resolved_form_of_a_moved_folder(tmp_path):
    real = tmp_path / "Real"
    real.mkdir()
    link = tmp_path / "Alias"
    link.symlink_to(real)
    index = PathIndex([(2, str(link), "Alias (2001)")])
    index.move(2, str(link), str(tmp_path / "Moved"), "Alias (2001)")
    assert index.clash(str(real)) is None
    assert index.clash(str(tmp_path / "Moved")) == ("Alias (2001)", str(tmp_path / "Moved"))


def test_delete_movies_keeps_a_movie_stored_under_a_symlink_into_the_folder(root_folder):
    doomed = make_movie(root_folder, title="Doomed")
    os.makedirs(os.path.join(doomed.path, "Other"))
    with open(os.path.join(doomed.path, "Other", "other.mkv"), "wb") as fh:
        fh.write(b"x")
    link = os.path.join(root_folder.path, "Link")
    os.symlink(doomed.path, link)
    make_movie(root_folder, title="Other", path=os.path.join(link, "Other"))
    with pytest.raises(UnsafePath):
        delete_movies([doomed.pk], delete_files=True)
    assert os.path.isfile(os.path.join(doomed.path, "Other", "other.mkv"))
    assert Movie.objects.count() == 2


def test_folder_name_carries_radarrs_tmdb_token_when_given_an_id():
    assert movie_folder_name("Heat", 1995, 949) == "Heat (1995) {tmdb-949}"


def test_movie_path_in_names_a_movie_without_a_folder_by_the_folder_name_rules(root_folder):
    movie = Movie(title="Mad Max: Fury Road?", year=2015, path="")
    assert movie_path_in(root_folder, movie) == f"{root_folder.path}/Mad Max Fury Road (2015)"


def test_path_change_checks_overlap_for_a_movie_without_a_folder_yet(root_folder):
    heat = make_movie(root_folder, title="Heat")
    newcomer = make_movie(root_folder, title="Newcomer", path="")
    index = PathIndex.of(Movie.objects.all())
    problem = path_change_problem(newcomer, heat.path, root_folder.path, index)
    assert problem is not None and problem.field == "path"
    assert "overlaps the folder of Heat (2000)" in problem.message


def test_path_change_checks_the_root_for_a_movie_without_a_folder_yet(root_folder, tmp_path):
    newcomer = make_movie(root_folder, title="Newcomer", path="")
    problem = path_change_problem(
        newcomer, str(tmp_path / "elsewhere"), root_folder.path, PathIndex([])
    )
    assert problem is not None and problem.message.startswith("The path must be a folder inside")


def test_path_change_allows_an_unchanged_folder_inside_the_root(root_folder):
    movie = make_movie(root_folder, title="Heat")
    index = PathIndex.of(Movie.objects.all())
    assert path_change_problem(movie, movie.path, root_folder.path, index) is None


def test_path_change_refuses_a_folder_outside_a_new_root_folder(root_folder, tmp_path):
    movie = make_movie(root_folder, title="Heat")
    other = RootFolder.objects.create(path=str(tmp_path / "other"))
    problem = path_change_problem(movie, movie.path, other.path, PathIndex([]))
    assert problem is not None and problem.field == "path"
