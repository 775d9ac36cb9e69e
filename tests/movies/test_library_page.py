"""The library page: views, search, filters, sort, paging, HTMX fragments, query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from movies.library import PER_PAGE
from movies.models import Movie, QualityProfile, RootFolder, Tag
from tests.conftest import make_user
from tests.movies.factories import make_movie

pytestmark = pytest.mark.usefixtures("posters")


def titles(response) -> list[str]:
    return [m.title for m in response.context["page"].movies]


@pytest.fixture
def library(root_folder):
    drama = Tag.objects.create(label="drama")
    return {
        "matrix": make_movie(
            root_folder,
            title="The Matrix",
            year=1999,
            in_cinemas=dt.date(1999, 3, 31),
            has_file=True,
            size_on_disk=8_000,
            poster_path="/matrix.jpg",
        ),
        "alien": make_movie(
            root_folder,
            title="Alien",
            year=1979,
            in_cinemas=dt.date(1979, 5, 25),
            alternative_titles=["Alien: Das unheimliche Wesen"],
            tags=[drama],
        ),
        "heat": make_movie(
            root_folder,
            title="Heat",
            year=1995,
            monitored=False,
            in_cinemas=dt.date(1995, 12, 15),
            size_on_disk=3_000,
            has_file=True,
        ),
        "amelie": make_movie(
            root_folder,
            title="Amélie",
            original_title="Le Fabuleux Destin d'Amélie Poulain",
            year=2001,
            in_cinemas=dt.date(2001, 4, 25),
        ),
        "drama": drama,
    }


def test_grid_is_the_default_view_sorted_by_title(admin_client, library):
    response = admin_client.get(reverse("movies:library"))
    assert response.status_code == 200
    assert titles(response) == ["Alien", "Amélie", "Heat", "The Matrix"]
    assert b'class="posters"' in response.content
    assert b"https://img.example/w342/matrix.jpg" in response.content


def test_table_view_is_kept_in_the_query_string(member_client, library):
    response = member_client.get(reverse("movies:library"), {"view": "table", "page": "1"})
    assert b"library-table" in response.content
    page = response.context["page"]
    assert "view=table" in page.query(sort="year")


def test_grid_status_bar_shows_missing_downloaded_and_unmonitored(member_client, library):
    content = member_client.get(reverse("movies:library")).content.decode()
    assert 'class="bar ok"' in content
    assert 'class="bar missing"' in content
    assert 'class="bar unmonitored"' in content


def test_search_matches_title_ignoring_case(member_client, library):
    response = member_client.get(reverse("movies:library"), {"q": "matrix"})
    assert titles(response) == ["The Matrix"]


def test_search_matches_original_title(member_client, library):
    response = member_client.get(reverse("movies:library"), {"q": "Fabuleux"})
    assert titles(response) == ["Amélie"]


def test_search_matches_alternative_title(member_client, library):
    response = member_client.get(reverse("movies:library"), {"q": "unheimliche"})
    assert titles(response) == ["Alien"]


def test_search_matches_clean_title_without_accents_or_punctuation(member_client, library):
    response = member_client.get(reverse("movies:library"), {"q": "amelie"})
    assert titles(response) == ["Amélie"]


def test_search_with_a_term_shorter_than_three_letters(member_client, library, root_folder):
    make_movie(root_folder, title="Up", year=2009)
    assert titles(member_client.get(reverse("movies:library"), {"q": "up"})) == ["Up"]


def test_search_follows_a_changed_title(member_client, library):
    movie = library["heat"]
    movie.title = "Heat Wave"
    movie.save()
    assert titles(member_client.get(reverse("movies:library"), {"q": "wave"})) == ["Heat Wave"]
    Movie.objects.filter(pk=movie.pk).update(title="Cold", clean_title="cold")
    assert titles(member_client.get(reverse("movies:library"), {"q": "wave"})) == []


def test_search_forgets_deleted_movies(member_client, library):
    library["heat"].delete()
    assert titles(member_client.get(reverse("movies:library"), {"q": "heat"})) == []


@pytest.mark.parametrize("term", ['"; drop table movies_movie; --', "a*b:c OR", "100%_", "NEAR("])
def test_search_treats_odd_characters_as_text(member_client, library, term):
    response = member_client.get(reverse("movies:library"), {"q": term})
    assert response.status_code == 200
    assert titles(response) == []


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ("monitored", ["Alien", "Amélie", "The Matrix"]),
        ("unmonitored", ["Heat"]),
        ("missing", ["Alien", "Amélie"]),
        ("has_file", ["Heat", "The Matrix"]),
    ],
)
def test_status_filters_select_the_right_movies(member_client, library, flt, expected):
    assert titles(member_client.get(reverse("movies:library"), {"filter": flt})) == expected


def test_filters_by_quality_profile(member_client, library):
    other = QualityProfile.objects.exclude(pk=library["heat"].quality_profile_id).first()
    Movie.objects.filter(pk=library["heat"].pk).update(quality_profile=other)
    response = member_client.get(reverse("movies:library"), {"profile": other.pk})
    assert titles(response) == ["Heat"]


def test_filters_by_tag(member_client, library):
    response = member_client.get(reverse("movies:library"), {"tag": library["drama"].pk})
    assert titles(response) == ["Alien"]


@pytest.mark.parametrize(
    ("sort", "direction", "expected"),
    [
        ("year", "asc", ["Alien", "Heat", "The Matrix", "Amélie"]),
        ("year", "desc", ["Amélie", "The Matrix", "Heat", "Alien"]),
        ("release", "desc", ["Amélie", "The Matrix", "Heat", "Alien"]),
        # Equal sizes fall back to the newest first, so the order is stable across pages.
        ("size", "desc", ["The Matrix", "Heat", "Amélie", "Alien"]),
        ("title", "desc", ["The Matrix", "Heat", "Amélie", "Alien"]),
    ],
)
def test_sorts_by_each_column(member_client, library, sort, direction, expected):
    response = member_client.get(reverse("movies:library"), {"sort": sort, "dir": direction})
    assert titles(response) == expected


def test_sorts_by_date_added(member_client, library):
    Movie.objects.filter(pk=library["heat"].pk).update(
        added_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    )
    response = member_client.get(reverse("movies:library"), {"sort": "added", "dir": "desc"})
    assert titles(response)[0] == "Heat"


def test_table_header_of_the_current_sort_flips_its_direction(member_client, library):
    response = member_client.get(reverse("movies:library"), {"view": "table", "sort": "year"})
    queries = response.context["page"].sort_queries
    assert "sort=year" in queries["year"] and "dir=desc" in queries["year"]
    assert "sort=size" in queries["size"] and "dir" not in queries["size"]
    assert f'href="?{queries["year"]}"'.replace("&", "&amp;") in response.content.decode()


def test_unknown_parameters_fall_back_to_defaults(member_client, library):
    response = member_client.get(
        reverse("movies:library"), {"sort": "drop table", "filter": "x", "page": "-3", "tag": "a"}
    )
    assert response.status_code == 200
    assert titles(response) == ["Alien", "Amélie", "Heat", "The Matrix"]


def test_pages_hold_fifty_movies_and_link_to_the_next(member_client, root_folder):
    for n in range(PER_PAGE + 5):
        make_movie(root_folder, title=f"Film {n:03d}")
    first = member_client.get(reverse("movies:library"))
    second = member_client.get(reverse("movies:library"), {"page": 2})
    assert len(titles(first)) == PER_PAGE and first.context["page"].has_next
    assert b"page=2" in first.content
    assert titles(second) == [f"Film {n:03d}" for n in range(PER_PAGE, PER_PAGE + 5)]
    assert not second.context["page"].has_next


def test_htmx_request_gets_only_the_results_fragment(member_client, library):
    response = member_client.get(reverse("movies:library"), {"q": "heat"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert b"Heat" in response.content
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(member_client, library):
    response = member_client.get(
        reverse("movies:library"),
        {"q": "heat"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert b"<html" in response.content


def test_full_page_has_the_htmx_filter_form(member_client, library):
    content = member_client.get(reverse("movies:library")).content.decode()
    assert "<html" in content
    assert 'hx-target="#library-results"' in content
    assert 'hx-push-url="true"' in content


def test_members_get_no_bulk_controls(member_client, library):
    response = member_client.get(reverse("movies:library"), {"view": "table"})
    assert b'name="movie_ids"' not in response.content


def test_admins_get_checkboxes_and_the_bulk_bar_in_the_table(admin_client, library):
    response = admin_client.get(reverse("movies:library"), {"view": "table"})
    assert response.content.count(b'name="movie_ids"') == 4
    assert reverse("movies:bulk").encode() in response.content


def test_titles_are_escaped(member_client, root_folder):
    make_movie(root_folder, title="<script>alert(1)</script>")
    response = member_client.get(reverse("movies:library"), {"view": "table"})
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client, admin_user):
    response = client.get(reverse("movies:library"))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_query_count_does_not_grow_with_the_library(admin_client, root_folder, library):
    def queries(params: dict) -> int:
        with CaptureQueriesContext(connection) as ctx:
            admin_client.get(reverse("movies:library"), params)
        return len(ctx.captured_queries)

    cases = [{}, {"view": "table"}, {"view": "table", "tag": library["drama"].pk}]
    small = [queries(params) for params in cases]
    for n in range(120):
        make_movie(root_folder, title=f"Extra {n}", tags=[library["drama"]])
    assert [queries(params) for params in cases] == small


def test_header_click_fragment_brings_the_new_sort_to_the_toolbar(member_client, library):
    response = member_client.get(
        reverse("movies:library"),
        {"view": "table", "sort": "year", "dir": "desc"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert '<span id="library-sort" hx-swap-oob="true">' in html
    toolbar = html[html.index('id="library-sort"') : html.index("</span>")]
    assert '<option value="year" selected>' in toolbar
    assert '<option value="desc" selected>' in toolbar
    assert '<option value="title" selected>' not in toolbar


def test_full_page_has_one_sort_toolbar_and_no_out_of_band_copy(member_client, library):
    html = member_client.get(reverse("movies:library"), {"sort": "year"}).content.decode()
    assert html.count('id="library-sort"') == 1
    assert "hx-swap-oob" not in html


def test_in_cinemas_sort_puts_movies_without_a_date_last(member_client, library):
    Movie.objects.filter(pk=library["heat"].pk).update(in_cinemas=None)
    for direction, expected in [
        ("asc", ["Alien", "The Matrix", "Amélie", "Heat"]),
        ("desc", ["Amélie", "The Matrix", "Alien", "Heat"]),
    ]:
        response = member_client.get(
            reverse("movies:library"), {"sort": "release", "dir": direction}
        )
        assert titles(response) == expected, direction


def test_the_release_sort_is_labelled_in_cinemas_as_it_sorts(member_client, library):
    html = member_client.get(reverse("movies:library")).content.decode()
    assert '<option value="release">In cinemas</option>' in html
    assert "Release date" not in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_qualities")
def test_in_a_browser_a_header_sort_survives_typing_a_search(page, live_server, tmp_path):
    make_user("bob", "Member")
    folder = RootFolder.objects.create(path=str(tmp_path))
    for title, year in [("Alien", 1979), ("Heat", 1995), ("Amélie", 2001)]:
        make_movie(folder, title=title, year=year)
    page.goto(f"{live_server.url}{reverse('movies:library')}?view=table")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("main button[type=submit]")
    first_title = "table.library-table tbody tr:first-child td:first-child"
    page.click("th a:has-text('Year')")  # ascending
    page.wait_for_function("document.querySelector('select[name=sort]').value === 'year'")
    page.click("th a:has-text('Year')")  # flips to descending
    page.wait_for_function("document.querySelector('select[name=dir]').value === 'desc'")
    assert page.inner_text(first_title) == "Amélie"
    page.fill("input[name=q]", "e")
    page.wait_for_url(lambda url: "q=e" in url)
    page.wait_for_function("document.querySelectorAll('table.library-table tbody tr').length === 3")
    assert "sort=year" in page.url and "dir=desc" in page.url
    assert page.inner_text(first_title) == "Amélie"
    page.shots("sorted-search")


def test_profile_and_tag_filters_have_all_placeholders_not_a_second_any(member_client, library):
    content = member_client.get(reverse("movies:library")).content.decode()
    assert '<option value="">All profiles</option>' in content
    assert '<option value="">All tags</option>' in content
    assert '<option value="">Any</option>' not in content


@pytest.mark.parametrize("term", ["[", '"', "[]", '["', '", "', "\\"])
def test_search_for_json_punctuation_does_not_match_alternative_titles(
    member_client, library, root_folder, term
):
    make_movie(root_folder, title="Heat 2", alternative_titles=["Heat Two", "Hitze"])
    assert titles(member_client.get(reverse("movies:library"), {"q": term})) == []


def test_search_for_a_quote_still_finds_a_title_that_has_one(member_client, library, root_folder):
    make_movie(root_folder, title='The "Best" Movie', alternative_titles=["Best"])
    assert titles(member_client.get(reverse("movies:library"), {"q": '"'})) == ['The "Best" Movie']


def test_search_does_not_match_across_two_alternative_titles(member_client, library, root_folder):
    make_movie(root_folder, title="Heat 2", alternative_titles=["Heat Two", "Hitze"])
    response = member_client.get(reverse("movies:library"), {"q": 'Two", "Hitze'})
    assert titles(response) == []


def test_search_ignores_json_punctuation_typed_around_an_alternative_title(member_client, library):
    response = member_client.get(reverse("movies:library"), {"q": '"Das unheimliche"'})
    assert titles(response) == ["Alien"]


def test_table_shows_the_best_files_quality_or_missing(member_client, root_folder, library):
    from movies.models import MovieFile

    matrix = library["matrix"]
    MovieFile.objects.create(movie=matrix, relative_path="a.mkv", size=9_000, quality_id=4)
    MovieFile.objects.create(movie=matrix, relative_path="b.mkv", size=1_000, quality_id=31)

    response = member_client.get(reverse("movies:library"), {"view": "table"})

    by_title = {m.title: m.quality_label for m in response.context["page"].movies}
    assert by_title["The Matrix"] == "Remux-2160p"  # the better quality, not the bigger file
    assert by_title["Alien"] == "Missing"
    assert "<th>Quality</th>" in response.content.decode()


def test_table_quality_column_keeps_the_query_count_fixed(member_client, root_folder, library):
    from movies.models import MovieFile

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            member_client.get(reverse("movies:library"), {"view": "table"})
        return len(ctx.captured_queries)

    before = queries()
    for n in range(30):
        movie = make_movie(root_folder, title=f"Filed {n}", has_file=True)
        MovieFile.objects.create(movie=movie, relative_path=f"{n}.mkv", quality_id=7)
    assert queries() == before
