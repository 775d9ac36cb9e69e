"""Bulk edit of the library: the service functions and the action bar's view."""

from __future__ import annotations

import os
import shutil

import pytest
from django.urls import reverse

from movies.folders import UnsafePath
from movies.library_edit import DeleteIncomplete, bulk_edit, delete_movies
from movies.models import Movie, MovieFile, QualityProfile, RootFolder, Tag
from tests.movies.factories import make_movie

pytestmark = pytest.mark.usefixtures("posters")


@pytest.fixture
def trio(root_folder):
    movies = []
    for title in ("Alien", "Heat", "Up"):
        movie = make_movie(root_folder, title=title)
        os.makedirs(movie.path)
        with open(os.path.join(movie.path, f"{title}.mkv"), "wb") as fh:
            fh.write(b"x")
        movies.append(movie)
    return movies


def ids(movies) -> list[int]:
    return [m.pk for m in movies]


def test_bulk_edit_sets_monitored_on_the_chosen_movies_only(trio):
    assert bulk_edit(ids(trio[:2]), monitored=False).updated == 2
    assert [m.monitored for m in Movie.objects.order_by("title")] == [False, False, True]


def test_bulk_edit_sets_the_quality_profile(trio):
    profile = QualityProfile.objects.exclude(pk=trio[0].quality_profile_id).first()
    bulk_edit(ids(trio), quality_profile=profile)
    assert set(Movie.objects.values_list("quality_profile", flat=True)) == {profile.pk}


def test_bulk_edit_moves_the_path_of_a_movie_without_files_to_a_new_root_folder(trio, tmp_path):
    other = RootFolder.objects.create(path=str(tmp_path / "elsewhere"))
    shutil.rmtree(trio[0].path)
    bulk_edit(ids(trio[:1]), root_folder=other)
    moved = Movie.objects.get(pk=trio[0].pk)
    assert moved.root_folder == other
    assert moved.path == os.path.join(other.path, "Alien")


def test_bulk_edit_adds_and_removes_tags(trio):
    old, new = Tag.objects.create(label="old"), Tag.objects.create(label="new")
    trio[0].tags.add(old)
    bulk_edit(ids(trio[:2]), add_tags=[new], remove_tags=[old])
    assert [t.label for t in trio[0].tags.all()] == ["new"]
    assert [t.label for t in trio[1].tags.all()] == ["new"]
    assert list(trio[2].tags.all()) == []


def test_bulk_edit_adding_a_tag_twice_is_harmless(trio):
    tag = Tag.objects.create(label="keep")
    trio[0].tags.add(tag)
    bulk_edit(ids(trio), add_tags=[tag])
    assert Movie.tags.through.objects.filter(tag=tag).count() == 3


def test_bulk_edit_skips_ids_that_do_not_exist(trio):
    assert bulk_edit([*ids(trio[:1]), 987654], monitored=False).updated == 1


def test_delete_movies_keeps_folders_unless_asked(trio):
    assert delete_movies(ids(trio), delete_files=False).deleted == 3
    assert not Movie.objects.exists()
    assert all(os.path.isdir(m.path) for m in trio)


def test_delete_movies_removes_folders_when_asked(trio):
    delete_movies(ids(trio[:2]), delete_files=True)
    assert [os.path.isdir(m.path) for m in trio] == [False, False, True]
    assert list(Movie.objects.values_list("title", flat=True)) == ["Up"]


def test_delete_movies_with_one_unsafe_path_deletes_nothing(trio):
    Movie.objects.filter(pk=trio[1].pk).update(path="/etc")
    with pytest.raises(UnsafePath):
        delete_movies(ids(trio), delete_files=True)
    assert Movie.objects.count() == 3
    assert all(os.path.isdir(m.path) for m in (trio[0], trio[2]))


@pytest.fixture
def rmtree_fails_on_second_call(monkeypatch):
    """We run as root, so chmod cannot make a folder undeletable; fail the second rmtree."""
    real = shutil.rmtree
    calls = []

    def rmtree(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr("movies.library_edit.shutil.rmtree", rmtree)


def test_delete_movies_stops_at_a_folder_it_cannot_remove(trio, rmtree_fails_on_second_call):
    with pytest.raises(DeleteIncomplete) as caught:
        delete_movies(ids(trio), delete_files=True)
    assert (caught.value.deleted, caught.value.failed, caught.value.total) == (1, trio[1], 3)
    assert "deleted 1 of 3" in caught.value.strerror
    assert "Permission denied" in caught.value.strerror


def test_delete_movies_keeps_the_rows_of_folders_it_did_not_remove(
    trio, rmtree_fails_on_second_call
):
    with pytest.raises(DeleteIncomplete):
        delete_movies(ids(trio), delete_files=True)
    assert list(Movie.objects.order_by("title").values_list("title", flat=True)) == ["Heat", "Up"]
    assert [os.path.isdir(m.path) for m in trio] == [False, True, True]


def test_bulk_delete_reports_how_far_it_got(admin_client, trio, rmtree_fails_on_second_call):
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio), "action": "confirm_delete", "delete_files": "on"},
        follow=True,
    )
    assert b"deleted 1 of 3 movie(s); stopped at Heat" in response.content
    assert Movie.objects.count() == 2


def test_action_bar_applies_changes_and_returns_to_the_same_page(admin_client, trio):
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio[:2]), "monitored": "false", "next": "/?view=table&page=1"},
    )
    assert response.status_code == 302 and response["Location"] == "/?view=table&page=1"
    assert list(Movie.objects.filter(monitored=False).order_by("title")) == trio[:2]


def test_action_bar_ignores_a_next_url_on_another_site(admin_client, trio):
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio[:1]), "monitored": "false", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("movies:library")


def test_action_bar_without_ticked_movies_changes_nothing(admin_client, trio):
    response = admin_client.post(reverse("movies:bulk"), {"monitored": "false"}, follow=True)
    assert b"Tick at least one movie" in response.content
    assert not Movie.objects.filter(monitored=False).exists()


def test_bulk_delete_asks_for_confirmation_first(admin_client, trio):
    response = admin_client.post(
        reverse("movies:bulk"), {"movie_ids": ids(trio[:2]), "action": "delete"}
    )
    assert response.status_code == 200
    assert b'value="confirm_delete"' in response.content
    assert b'name="delete_files"' in response.content
    assert Movie.objects.count() == 3


def test_bulk_delete_confirmed_with_files_removes_folders(admin_client, trio):
    admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio[:2]), "action": "confirm_delete", "delete_files": "on"},
    )
    assert list(Movie.objects.values_list("title", flat=True)) == ["Up"]
    assert not os.path.exists(trio[0].path) and os.path.isdir(trio[2].path)


def test_bulk_delete_confirmed_without_files_keeps_folders(admin_client, trio):
    admin_client.post(
        reverse("movies:bulk"), {"movie_ids": ids(trio[:2]), "action": "confirm_delete"}
    )
    assert Movie.objects.count() == 1
    assert os.path.isdir(trio[0].path)


def test_bulk_delete_reports_an_unsafe_path(admin_client, trio):
    Movie.objects.filter(pk=trio[0].pk).update(path="/")
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio), "action": "confirm_delete", "delete_files": "on"},
        follow=True,
    )
    assert b"Nothing was deleted" in response.content
    assert Movie.objects.count() == 3


@pytest.mark.parametrize("action", ["apply", "delete", "confirm_delete"])
def test_members_get_403_on_bulk_actions(member_client, trio, action):
    response = member_client.post(
        reverse("movies:bulk"), {"movie_ids": ids(trio), "action": action, "monitored": "false"}
    )
    assert response.status_code == 403
    assert Movie.objects.filter(monitored=True).count() == 3


def test_bulk_is_post_only(admin_client, db):
    assert admin_client.get(reverse("movies:bulk")).status_code == 405


def test_action_bar_with_every_field_on_no_change_says_nothing_to_change(admin_client, trio):
    before = list(Movie.objects.order_by("pk").values())
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio), "monitored": "", "quality_profile": "", "root_folder": ""},
        follow=True,
    )
    content = response.content.decode()
    assert "Nothing to change" in content
    assert "Updated" not in content
    assert list(Movie.objects.order_by("pk").values()) == before


def test_bulk_edit_refuses_a_new_root_folder_for_a_movie_whose_folder_holds_files(trio, tmp_path):
    other = RootFolder.objects.create(path=str(tmp_path / "elsewhere"))
    result = bulk_edit(ids(trio[:1]), root_folder=other, monitored=False)
    kept = Movie.objects.get(pk=trio[0].pk)
    assert (kept.root_folder_id, kept.path, kept.monitored) == (
        trio[0].root_folder_id,
        trio[0].path,
        True,
    )
    assert result.updated == 0
    assert result.refused == [
        f"Alien (2000) has files in {trio[0].path}; moving files is not supported yet "
        "— move them yourself, then change the path."
    ]


def test_bulk_edit_refuses_a_new_root_folder_for_a_movie_with_file_rows(trio, tmp_path):
    other = RootFolder.objects.create(path=str(tmp_path / "elsewhere"))
    shutil.rmtree(trio[0].path)
    MovieFile.objects.create(movie=trio[0], relative_path="Alien.mkv", size=1)
    result = bulk_edit(ids(trio[:1]), root_folder=other)
    assert Movie.objects.get(pk=trio[0].pk).root_folder_id == trio[0].root_folder_id
    assert len(result.refused) == 1 and "has files in" in result.refused[0]


def test_bulk_edit_moves_the_movies_it_can_and_the_page_names_the_refused_ones(
    admin_client, trio, tmp_path
):
    other = RootFolder.objects.create(path=str(tmp_path / "elsewhere"))
    shutil.rmtree(trio[1].path)
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio[:2]), "root_folder": other.pk},
        follow=True,
    )
    content = response.content.decode()
    assert Movie.objects.get(pk=trio[1].pk).path == os.path.join(other.path, "Heat")
    assert Movie.objects.get(pk=trio[0].pk).path == trio[0].path
    assert "Updated 1 movie(s)." in content
    assert "Not changed: Alien (2000) has files in" in content


def test_bulk_edit_refuses_two_movies_moving_into_the_same_folder(root_folder, tmp_path):
    first_root = RootFolder.objects.create(path=str(tmp_path / "one"))
    twins = [make_movie(root_folder, title="Twin"), make_movie(first_root, title="Twin")]
    target = RootFolder.objects.create(path=str(tmp_path / "target"))
    result = bulk_edit(ids(twins), root_folder=target)
    assert result.updated == 1
    assert len(result.refused) == 1 and "overlaps the folder of Twin" in result.refused[0]
    paths = sorted(Movie.objects.values_list("path", flat=True))
    assert os.path.join(target.path, "Twin") in paths and len(set(paths)) == 2


def test_bulk_edit_names_a_movie_without_a_folder_by_the_folder_name_rules(root_folder, tmp_path):
    movie = make_movie(root_folder, title="Mad Max: Fury Road", year=2015, path="")
    target = RootFolder.objects.create(path=str(tmp_path / "target"))
    assert bulk_edit([movie.pk], root_folder=target).updated == 1
    assert Movie.objects.get(pk=movie.pk).path == f"{target.path}/Mad Max Fury Road (2015)"


def test_bulk_edit_refuses_a_movie_without_a_folder_whose_new_folder_is_taken(
    root_folder, tmp_path
):
    target = RootFolder.objects.create(path=str(tmp_path / "target"))
    make_movie(target, title="Heat", path=f"{target.path}/Heat (1995)")
    newcomer = make_movie(root_folder, title="Heat", year=1995, path="")
    result = bulk_edit([newcomer.pk], root_folder=target)
    assert result.updated == 0
    assert "overlaps the folder of Heat (2000)" in result.refused[0]
    assert Movie.objects.get(pk=newcomer.pk).path == ""


def test_delete_movies_refuses_a_folder_that_holds_another_movies_folder(trio):
    outer = Movie.objects.get(pk=trio[0].pk)
    Movie.objects.filter(pk=trio[1].pk).update(path=os.path.join(outer.path, "Heat"))
    with pytest.raises(UnsafePath):
        delete_movies(ids(trio[:1]), delete_files=True)
    assert Movie.objects.count() == 3
    assert os.path.isdir(outer.path)


def test_delete_movies_refuses_a_folder_inside_another_movies_folder(trio):
    inner = os.path.join(trio[0].path, "extras")
    os.makedirs(inner)
    Movie.objects.filter(pk=trio[1].pk).update(path=inner)
    with pytest.raises(UnsafePath):
        delete_movies(ids(trio[1:2]), delete_files=True)
    assert os.path.isdir(inner) and Movie.objects.count() == 3


def test_delete_movies_refuses_a_folder_another_movie_shares(trio):
    Movie.objects.filter(pk=trio[1].pk).update(path=trio[0].path + "/./")
    with pytest.raises(UnsafePath):
        delete_movies(ids(trio[1:2]), delete_files=True)
    assert os.path.isfile(os.path.join(trio[0].path, "Alien.mkv"))


def test_delete_movies_deletes_nested_movies_when_both_go(trio):
    Movie.objects.filter(pk=trio[1].pk).update(path=os.path.join(trio[0].path, "Heat"))
    assert delete_movies(ids(trio[:2]), delete_files=True).deleted == 2
    assert not os.path.exists(trio[0].path)


def test_delete_movies_with_files_deletes_the_row_and_says_the_folder_was_not_on_disk(trio):
    shutil.rmtree(trio[0].path)
    result = delete_movies(ids(trio[:1]), delete_files=True)
    assert (result.deleted, result.not_on_disk) == (1, ["Alien (2000)"])
    assert not Movie.objects.filter(pk=trio[0].pk).exists()


def test_bulk_delete_message_says_which_folder_was_not_on_disk(admin_client, trio):
    shutil.rmtree(trio[0].path)
    response = admin_client.post(
        reverse("movies:bulk"),
        {"movie_ids": ids(trio[:2]), "action": "confirm_delete", "delete_files": "on"},
        follow=True,
    )
    assert (
        "Deleted 2 movie(s); folder was not on disk for: Alien (2000)." in response.content.decode()
    )
