"""Add movie: search as you type against the fake TMDB, then add with options."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from movies.forms import AddMovieForm, parse_lookup_term
from movies.models import Movie, QualityProfile, RootFolder, Tag
from tests.movies.factories import make_movie


def search(client, term: str):
    return client.get(reverse("movies:add_search"), {"q": term}, HTTP_HX_REQUEST="true")


@pytest.fixture
def add_data(root_folder, quality_profile):
    return {
        "tmdb_id": 603,
        "root_folder": root_folder.pk,
        "quality_profile": quality_profile.pk,
        "monitored": "on",
        "minimum_availability": "inCinemas",
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("tmdb:603", ("tmdb", "603")),
        ("TMDB: 603", ("tmdb", "603")),
        ("imdb:tt0133093", ("imdb", "tt0133093")),
        ("tt0133093", ("imdb", "tt0133093")),
        ("The Matrix 1999", ("title", "The Matrix 1999")),
    ],
)
def test_reads_ids_and_titles_from_the_search_box(term, expected):
    assert parse_lookup_term(term) == expected


def test_page_has_a_debounced_search_box(admin_client, fake_tmdb):
    content = admin_client.get(reverse("movies:add")).content.decode()
    assert f'hx-get="{reverse("movies:add_search")}"' in content
    assert 'hx-trigger="input changed delay:400ms, search"' in content
    assert "hx-indicator" in content


def test_search_shows_title_year_overview_and_an_add_form(admin_client, root_folder, fake_tmdb):
    response = search(admin_client, "matrix")
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "The Matrix" in content and "(1999)" in content
    assert 'name="tmdb_id" value="603"' in content
    assert 'name="root_folder"' in content and 'name="quality_profile"' in content


def test_search_without_js_renders_the_whole_page(admin_client, root_folder, fake_tmdb):
    response = admin_client.get(reverse("movies:add"), {"q": "matrix"})
    assert b"<html" in response.content and b'value="603"' in response.content


def test_search_fragment_url_opened_without_htmx_redirects_to_the_add_page_with_its_query(
    admin_client, db
):
    response = admin_client.get(reverse("movies:add_search"), {"q": "the matrix", "page": "2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("movies:add") + "?q=the+matrix&page=2"
    assert "HX-Request" in response["Vary"]


def test_search_fragment_url_without_a_query_redirects_to_the_bare_add_page(admin_client, db):
    response = admin_client.get(reverse("movies:add_search"))
    assert response["Location"] == reverse("movies:add")


def test_search_fragment_over_htmx_is_a_fragment_that_varies_on_the_htmx_header(
    admin_client, root_folder, fake_tmdb
):
    response = search(admin_client, "matrix")
    assert response.status_code == 200 and b"<html" not in response.content
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("term", ["tmdb:603", "imdb:tt0133093", "tt0133093"])
def test_search_by_tmdb_or_imdb_id(admin_client, root_folder, fake_tmdb, term):
    assert b'name="tmdb_id" value="603"' in search(admin_client, term).content


def test_search_with_a_malformed_id_explains_the_format(admin_client, fake_tmdb):
    response = search(admin_client, "tmdb:abc")
    assert b"positive number" in response.content
    assert fake_tmdb.requests == []


def test_search_marks_movies_already_in_the_library(admin_client, root_folder, fake_tmdb):
    movie = make_movie(root_folder, title="The Matrix", tmdb_id=603, year=1999)
    content = search(admin_client, "tmdb:603").content.decode()
    assert "Already in library" in content
    assert reverse("movies:detail", args=[movie.pk]) in content
    assert 'name="tmdb_id" value="603"' not in content


def test_search_shows_tmdb_errors_in_the_fragment(admin_client, fake_tmdb):
    fake_tmdb.fail_next(status=401)
    response = search(admin_client, "matrix")
    assert response.status_code == 200
    assert b'class="errorbox"' in response.content
    assert b"refused our credentials" in response.content


def test_search_without_a_tmdb_key_tells_the_admin_where_to_set_it(admin_client, settings, db):
    settings.TMDB_API_KEY = ""
    assert b"Settings" in search(admin_client, "matrix").content


def test_adds_the_movie_and_redirects_htmx_to_its_page(admin_client, add_data, fake_tmdb):
    Tag.objects.create(label="keep")
    add_data.update(tags=[Tag.objects.get().pk], new_tags="Sci-Fi")
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    movie = Movie.objects.get(tmdb_id=603)
    assert response["HX-Redirect"] == reverse("movies:detail", args=[movie.pk])
    assert movie.title == "The Matrix" and movie.minimum_availability == "inCinemas"
    assert sorted(t.label for t in movie.tags.all()) == ["keep", "sci-fi"]
    assert movie.added_by.username == "alice"


def test_adding_without_js_redirects_with_a_success_message(admin_client, add_data, fake_tmdb):
    response = admin_client.post(reverse("movies:add"), add_data, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "movies:detail", args=[Movie.objects.get(tmdb_id=603).pk]
    )
    assert b"Added The Matrix" in response.content


def test_adding_a_movie_twice_is_a_field_error(admin_client, add_data, root_folder, fake_tmdb):
    existing = make_movie(root_folder, title="The Matrix", tmdb_id=603)
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert b"already in the library" in response.content
    assert reverse("movies:detail", args=[existing.pk]).encode() in response.content
    assert Movie.objects.count() == 1


def test_unknown_root_folder_is_a_field_error(admin_client, add_data, fake_tmdb):
    add_data["root_folder"] = 9999
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert b"Choose one of the configured root folders" in response.content
    assert not Movie.objects.exists()


def test_unknown_quality_profile_is_a_field_error(admin_client, add_data, fake_tmdb):
    add_data["quality_profile"] = QualityProfile.objects.order_by("-pk").first().pk + 100
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert b"Choose one of the quality profiles" in response.content
    assert not Movie.objects.exists()


@pytest.mark.parametrize(
    ("bad_id", "message"),
    [("abc", b"Enter a whole number"), ("0", b"greater than or equal to 1"), ("", b"required")],
)
def test_invalid_tmdb_id_is_a_field_error(admin_client, add_data, fake_tmdb, bad_id, message):
    add_data["tmdb_id"] = bad_id
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and message in response.content
    assert not Movie.objects.exists()
    assert fake_tmdb.requests == []


def test_tmdb_refusing_the_key_shows_its_message_and_adds_nothing(
    admin_client, add_data, fake_tmdb
):
    fake_tmdb.fail_next(status=401)
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'class="errorbox"' in response.content
    assert b"refused our credentials (HTTP 401): Invalid API key" in response.content
    assert not Movie.objects.exists()


def test_a_failed_add_creates_none_of_the_typed_tags(admin_client, add_data, fake_tmdb):
    fake_tmdb.fail_next(status=401)
    add_data["new_tags"] = "family, kids"
    admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert not Movie.objects.exists()
    assert not Tag.objects.exists()


def test_a_duplicate_found_by_the_service_creates_none_of_the_typed_tags(
    admin_client, add_data, root_folder, fake_tmdb, monkeypatch
):
    make_movie(root_folder, title="The Matrix", tmdb_id=603)
    # As if another admin added it after the form's own duplicate check had passed.
    monkeypatch.setattr(AddMovieForm, "clean_tmdb_id", lambda form: form.cleaned_data["tmdb_id"])
    add_data["new_tags"] = "family"
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert b"already in the library" in response.content
    assert not Tag.objects.exists()


def test_a_tmdb_id_tmdb_does_not_know_shows_a_clear_error(admin_client, add_data, fake_tmdb):
    add_data["tmdb_id"] = 999_999_999
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert b"TMDB has no movie with id 999999999" in response.content
    assert not Movie.objects.exists()


def test_a_failed_add_keeps_the_chosen_options(admin_client, add_data, fake_tmdb):
    fake_tmdb.fail_next(status=401)
    add_data["new_tags"] = "family"
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert b'value="family"' in response.content
    assert b'<option value="inCinemas" selected>' in response.content


@pytest.mark.parametrize("method", ["get", "post"])
def test_members_cannot_add_movies(member_client, add_data, fake_tmdb, method):
    url = reverse("movies:add")
    response = getattr(member_client, method)(url, add_data if method == "post" else {})
    assert response.status_code == 403
    assert member_client.get(reverse("movies:add_search"), {"q": "x"}).status_code == 403
    assert not Movie.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, admin_user):
    response = client.get(reverse("movies:add"))
    assert response.status_code == 302 and "sign" in response["Location"]


def test_the_next_add_preselects_the_options_of_the_last_add(
    admin_client, add_data, root_folder, fake_tmdb, tmp_path
):
    later = RootFolder.objects.create(path=str(tmp_path / "zz-movies"))
    (tmp_path / "zz-movies").mkdir()
    profile = QualityProfile.objects.exclude(pk=add_data["quality_profile"]).order_by("pk").last()
    add_data.update(
        root_folder=later.pk, quality_profile=profile.pk, minimum_availability="announced"
    )
    del add_data["monitored"]
    admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert Movie.objects.filter(root_folder=later).exists()
    response = search(admin_client, "matrix")
    assert response.context["selected"] == {
        "root_folder": str(later.pk),
        "quality_profile": str(profile.pk),
        "monitored": False,
        "minimum_availability": "announced",
        "tags": [],
        "new_tags": "",
    }
    assert f'<option value="{later.pk}" selected>'.encode() in response.content


def test_without_a_previous_add_the_first_root_folder_is_preselected(
    admin_client, root_folder, fake_tmdb, tmp_path
):
    RootFolder.objects.create(path=str(tmp_path / "zz-movies"))
    selected = search(admin_client, "matrix").context["selected"]
    assert selected["root_folder"] == str(root_folder.pk) and selected["monitored"] is True


def test_refuses_a_root_folder_that_has_gone_missing(
    admin_client, add_data, root_folder, fake_tmdb
):
    shutil.rmtree(root_folder.path)
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert response.context["form"].errors["root_folder"] == [
        "This root folder is missing or not writable."
    ]
    assert b"This root folder is missing or not writable." in response.content
    assert not Movie.objects.exists()
    root_folder.refresh_from_db()
    assert root_folder.accessible is False and root_folder.free_space is None


def test_typed_tags_turn_spaces_into_dashes(admin_client, add_data, fake_tmdb):
    add_data["new_tags"] = "Sci Fi, kids"
    admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    movie = Movie.objects.get(tmdb_id=603)
    assert sorted(t.label for t in movie.tags.all()) == ["kids", "sci-fi"]


def test_typed_tags_refuse_html_and_other_characters(admin_client, add_data, fake_tmdb):
    add_data["new_tags"] = "kids, <b>bold</b>"
    response = admin_client.post(reverse("movies:add"), add_data, HTTP_HX_REQUEST="true")
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.content.decode()
    assert "lower-case letters, digits and dashes" in response.context["form"].errors["new_tags"][0]
    assert not Movie.objects.exists() and not Tag.objects.exists()
