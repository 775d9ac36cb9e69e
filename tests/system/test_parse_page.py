"""System → Parse: parsed fields, mapped quality, matching custom formats and the score."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from movies.models import CustomFormat, ProfileFormatScore, QualityProfile
from tests.settings_pages.test_settings_in_browser import (  # noqa: F401 (fixtures)
    mark_page,
    signed_in,
)

pytestmark = pytest.mark.django_db

REMUX_TITLE = "Movie.Title.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT"
WEB_TITLE = "Movie.Title.2019.1080p.WEB-DL.x265-GRP"


@pytest.fixture
def remux_format(db):
    return CustomFormat.objects.create(
        name="Remux",
        specifications=[
            {
                "name": "Remux",
                "implementation": "QualityModifierSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": 5},
            }
        ],
    )


def parse(client, titles: str, **extra):
    return client.post(reverse("system:parse"), {"titles": titles, **extra})


def test_page_opens_empty_for_an_admin(admin_client):
    response = admin_client.get(reverse("system:parse"))
    assert response.status_code == 200
    assert response.context["results"] == []


def test_page_is_forbidden_to_a_member(member_client):
    assert member_client.get(reverse("system:parse")).status_code == 403


def test_system_subnav_links_to_parse(admin_client):
    html = admin_client.get(reverse("system:status")).content.decode()
    assert reverse("system:parse") in html


def test_shows_every_parsed_field_and_the_mapped_quality(admin_client):
    response = parse(admin_client, REMUX_TITLE)
    [result] = response.context["results"]
    fields = dict(result.fields)
    assert result.quality == "Remux-1080p"
    assert fields["release_group"] == "iFT" and fields["year"] == "2016"
    assert {"title", "source", "resolution", "languages", "hdr"} <= fields.keys()
    assert "<dt>release_group</dt><dd>iFT</dd>" in response.content.decode()


def test_parses_one_title_per_line_skipping_blank_lines(admin_client):
    response = parse(admin_client, f"{REMUX_TITLE}\n\n  {WEB_TITLE}  \n")
    assert [r.title for r in response.context["results"]] == [REMUX_TITLE, WEB_TITLE]


def test_shows_matching_custom_formats_and_the_profile_score(admin_client, remux_format):
    profile = QualityProfile.objects.get(name="HD-1080p")
    ProfileFormatScore.objects.create(profile=profile, custom_format=remux_format, score=300)
    response = parse(admin_client, f"{REMUX_TITLE}\n{WEB_TITLE}", profile=profile.pk)
    remux, web = response.context["results"]
    assert [m.name for m in remux.formats] == ["Remux"] and remux.score == 300
    assert web.formats == [] and web.score == 0
    assert 'class="parse-score">300<' in response.content.decode()


def test_without_a_profile_no_score_is_shown(admin_client, remux_format):
    response = parse(admin_client, REMUX_TITLE)
    assert response.context["results"][0].score is None
    assert "parse-score" not in response.content.decode()


def test_htmx_gets_only_the_result(admin_client):
    response = admin_client.post(
        reverse("system:parse"), {"titles": REMUX_TITLE}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "Remux-1080p" in html


def test_a_get_with_titles_parses_too(admin_client):
    response = admin_client.get(reverse("system:parse"), {"titles": WEB_TITLE})
    assert response.context["results"][0].quality == "WEBDL-1080p"


def test_more_than_fifty_titles_are_refused(admin_client):
    response = parse(admin_client, "\n".join(f"Movie.{n}.2020.720p" for n in range(51)))
    assert response.status_code == 400
    assert "At most 50 titles at once; you entered 51." in response.content.decode()


def test_errors_reach_htmx_with_a_status_it_swaps(admin_client):
    response = admin_client.post(
        reverse("system:parse"), {"titles": "\n".join(["x"] * 51)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="parse-errors"' in response.content.decode()


def test_empty_input_asks_for_a_title(admin_client):
    response = parse(admin_client, " \n ")
    assert response.status_code == 400
    assert response.context["results"] == []


def test_an_overlong_line_is_refused(admin_client):
    response = parse(admin_client, "a" * 10_001)
    assert "Line 1 is longer than 10,000 characters." in response.content.decode()


def test_a_hostile_line_of_ten_thousand_characters_is_parsed(admin_client):
    response = parse(admin_client, "[(" * 5000)
    assert response.status_code == 200
    assert len(response.context["results"]) == 1


def test_the_total_input_is_bounded(admin_client):
    response = parse(admin_client, "\n".join(["b" * 9000] * 12))
    assert response.status_code == 400
    assert "At most 100,000 characters in all" in response.content.decode()


def test_the_help_text_states_the_per_line_limit(admin_client):
    html = admin_client.get(reverse("system:parse")).content.decode()
    assert "up to 10,000 characters each" in html


def test_titles_are_escaped(admin_client):
    html = parse(admin_client, "<script>alert(1)</script>.2020.1080p").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_parsing_many_titles_queries_formats_once(
    admin_client, remux_format, django_assert_max_num_queries
):
    titles = "\n".join(f"Movie.{n}.2020.1080p.BluRay.REMUX-GRP" for n in range(50))
    with django_assert_max_num_queries(12):
        response = parse(admin_client, titles)
    assert len(response.context["results"]) == 50


# Decide for a movie: the titles judged as releases by the decision engine.

MATRIX_1080P = "The.Matrix.1999.1080p.BluRay.x264-GRP"
MATRIX_2160P = "The.Matrix.1999.2160p.UHD.BluRay.x265-GRP"
OTHER_MOVIE = "Some.Other.Movie.2005.480p.DVDRip.XviD-GRP"


@pytest.fixture
def matrix(seeded_qualities, root_folder):
    from datetime import date

    from movies.models import Movie

    return Movie.objects.create(
        tmdb_id=603,
        imdb_id="tt0133093",
        title="The Matrix",
        year=1999,
        runtime=136,
        digital_release=date(1999, 9, 21),
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )


def make_movie(root_folder, title: str, year: int, tmdb_id: int):
    from movies.models import Movie

    return Movie.objects.create(
        tmdb_id=tmdb_id,
        title=title,
        year=year,
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/{title} ({year})",
    )


def decide(client, titles: str, movie: str, **extra):
    return parse(client, titles, movie=movie, **extra)


def by_title(response):
    return {r.title: r for r in response.context["results"]}


def test_accepted_titles_are_ranked_for_the_movie(admin_client, matrix):
    response = decide(admin_client, f"{MATRIX_1080P}\n{MATRIX_1080P}.PROPER", str(matrix.pk))
    results = by_title(response)
    assert results[MATRIX_1080P].accepted and results[f"{MATRIX_1080P}.PROPER"].accepted
    assert {r.rank for r in results.values()} == {1, 2}
    assert 'class="parse-rank">#1<' in response.content.decode()


def test_rejected_titles_show_every_reason(admin_client, matrix):
    response = decide(admin_client, OTHER_MOVIE, str(matrix.pk))
    [result] = response.context["results"]
    assert not result.accepted and result.rank is None
    assert len(result.reasons) >= 2
    html = response.content.decode()
    for reason in result.reasons:
        assert f"<li>{reason}</li>" in html.replace("&#x27;", "'")


def test_without_a_movie_no_decision_is_made(admin_client, matrix):
    response = parse(admin_client, OTHER_MOVIE)
    assert not response.context["results"][0].judged
    assert "Rejected" not in response.content.decode()


def test_the_size_applies_to_every_title(admin_client, matrix):
    from movies.models import QualityDefinition

    QualityDefinition.objects.filter(quality_id=7).update(max_size=10)  # Bluray-1080p, MB/min
    response = decide(admin_client, f"{MATRIX_1080P}\n{MATRIX_2160P}", str(matrix.pk), size_gb="50")
    result = by_title(response)[MATRIX_1080P]
    assert any("above the maximum" in reason for reason in result.reasons)


def test_without_a_size_the_size_is_not_checked(admin_client, matrix):
    [result] = decide(admin_client, MATRIX_1080P, str(matrix.pk)).context["results"]
    assert result.accepted
    assert any("no size" in note for note in result.notes)


def test_a_torrent_without_seeders_is_rejected(admin_client, matrix):
    response = decide(admin_client, MATRIX_1080P, str(matrix.pk), protocol="torrent", seeders=0)
    assert "No seeders" in " ".join(response.context["results"][0].reasons)


def test_seeders_do_not_count_for_usenet(admin_client, matrix):
    response = decide(admin_client, MATRIX_1080P, str(matrix.pk), protocol="usenet", seeders=0)
    assert response.context["results"][0].accepted


def test_the_score_is_the_movies_profile_score(admin_client, matrix, remux_format):
    ProfileFormatScore.objects.create(
        profile=matrix.quality_profile, custom_format=remux_format, score=40
    )
    title = "The.Matrix.1999.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT"
    [result] = decide(admin_client, title, str(matrix.pk)).context["results"]
    assert result.score == 40 and [m.name for m in result.formats] == ["Remux"]


def test_a_movie_is_found_by_its_suggestion_label(admin_client, matrix, root_folder):
    make_movie(root_folder, "The Matrix", 2021, tmdb_id=624860)
    response = decide(admin_client, MATRIX_1080P, f"The Matrix (1999) #{matrix.pk}")
    assert response.context["movie"] == matrix


def test_a_movie_is_found_by_title_and_year(admin_client, matrix, root_folder):
    make_movie(root_folder, "The Matrix", 2021, tmdb_id=624860)
    assert decide(admin_client, MATRIX_1080P, "the matrix (1999)").context["movie"] == matrix


def test_a_bare_number_that_is_no_id_is_read_as_a_title(admin_client, matrix, root_folder):
    war = make_movie(root_folder, "1917", 2019, tmdb_id=530915)
    assert decide(admin_client, MATRIX_1080P, "1917").context["movie"] == war


def test_an_ambiguous_title_asks_to_pick_one(admin_client, matrix, root_folder):
    make_movie(root_folder, "The Matrix", 2021, tmdb_id=624860)
    response = decide(admin_client, MATRIX_1080P, "Matrix")
    assert response.status_code == 400 and response.context["results"] == []
    assert "Several library movies match" in response.content.decode()


def test_an_unknown_movie_is_refused(admin_client, matrix):
    response = decide(admin_client, MATRIX_1080P, "Nothing Like It")
    assert response.status_code == 400
    assert "No library movie matches" in response.content.decode()


def test_an_unknown_movie_id_is_refused(admin_client, matrix):
    response = decide(admin_client, MATRIX_1080P, "The Matrix #99999")
    assert "No library movie has the id 99999." in response.content.decode()


def test_an_invalid_size_is_refused(admin_client, matrix):
    response = decide(admin_client, MATRIX_1080P, str(matrix.pk), size_gb="-1")
    assert response.status_code == 400 and response.context["results"] == []


def test_movie_suggestions_list_at_most_twenty_matches(admin_client, root_folder, seeded_qualities):
    for n in range(25):
        make_movie(root_folder, f"Alien {n}", 2000 + n, tmdb_id=1000 + n)
    make_movie(root_folder, "Heat", 1995, tmdb_id=949)
    response = admin_client.get(reverse("system:parse_movies"), {"movie": "alien"})
    options = response.context["options"]
    assert len(options) == 20 and all(label.startswith("Alien") for label in options)
    assert 'id="parse-movie-options"' in response.content.decode()


def test_movie_suggestions_are_escaped(admin_client, root_folder, seeded_qualities):
    make_movie(root_folder, '<b>"Bold"</b>', 2000, tmdb_id=1)
    html = admin_client.get(reverse("system:parse_movies"), {"movie": "bold"}).content.decode()
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_movie_suggestions_are_forbidden_to_a_member(member_client):
    assert member_client.get(reverse("system:parse_movies"), {"movie": "a"}).status_code == 403


def test_deciding_many_titles_needs_a_bounded_number_of_queries(
    admin_client, matrix, remux_format, django_assert_max_num_queries
):
    titles = "\n".join(f"The.Matrix.1999.1080p.BluRay.REMUX-G{n}" for n in range(50))
    with django_assert_max_num_queries(25):
        response = decide(admin_client, titles, str(matrix.pk))
    assert all(r.judged for r in response.context["results"])


@pytest.mark.django_db(transaction=True)
def test_picks_a_suggested_movie_and_sees_decisions_in_a_browser(
    live_server,
    signed_in,  # noqa: F811
    root_folder,
):
    # Transactional tests start from an empty database: seed qualities and profiles again.
    import importlib
    from datetime import date

    from django.apps import apps

    importlib.import_module("movies.migrations.0002_seed_qualities_and_profiles").seed(apps, None)
    matrix = make_movie(root_folder, "The Matrix", 1999, tmdb_id=603)
    matrix.digital_release = date(1999, 9, 21)  # released: minimum availability reached
    matrix.save()
    make_movie(root_folder, "Heat", 1995, tmdb_id=949)
    tab = signed_in
    tab.goto(f"{live_server.url}{reverse('system:parse')}")
    mark_page(tab)
    tab.fill("#id_titles", f"{MATRIX_1080P}\n{OTHER_MOVIE}")
    tab.locator("#id_movie").press_sequentially("matr")
    tab.wait_for_selector("#parse-movie-options option", state="attached")
    options = tab.eval_on_selector_all("#parse-movie-options option", "os => os.map(o => o.value)")
    assert options == [f"The Matrix (1999) #{matrix.pk}"]
    tab.fill("#id_movie", options[0])
    tab.click("#parse-form button[type=submit]")
    tab.wait_for_selector(".parse-decision")
    assert tab.evaluate("window.__noReload") is True
    verdicts = tab.locator(".parse-decision .badge").all_inner_texts()
    assert verdicts == ["Accepted", "Rejected"]
    tab.shots("parse-decisions")


def test_parse_page_reaches_the_movies_app_only_through_its_services_and_models():
    import ast
    from pathlib import Path

    import radarr_site.system.parse as page

    tree = ast.parse(Path(page.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    reached = {name for name in imported if name and name.split(".")[0] == "movies"}
    assert reached <= {"movies.services", "movies.models"}, reached


def test_a_failed_htmx_request_shows_an_error_instead_of_the_stale_result(admin_client):
    html = admin_client.get(reverse("system:parse")).content.decode()
    assert 'id="parse-failed" hidden' in html
    assert "hx-on::response-error=" in html and "hx-on::send-error=" in html


def test_an_oversized_size_is_refused_with_a_plain_message(admin_client):
    response = parse(admin_client, WEB_TITLE, size_gb="5000")
    assert "The size can be at most 1,000 GB." in response.content.decode()


def test_a_regex_timeout_is_named_on_the_page(admin_client):
    CustomFormat.objects.create(
        name="Hostile",
        specifications=[
            {
                "name": "Backtracker",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": "(a|a)+$"},
            }
        ],
    )
    html = parse(admin_client, "a" * 40 + "!").content.decode()
    assert (
        "Custom format Hostile: condition Backtracker took too long and was treated as "
        "not matching." in html
    )


NOT_ORIGINAL = [
    {
        "name": "Not original",
        "implementation": "LanguageSpecification",
        "negate": True,
        "required": False,
        "fields": {"value": -2},
    }
]


def test_not_original_matches_nothing_without_a_movie_and_the_page_says_why(admin_client):
    CustomFormat.objects.create(name="Dubbed", specifications=NOT_ORIGINAL)
    response = parse(admin_client, "Movie.Title.2019.FRENCH.1080p.WEB-DL-GRP")
    [result] = response.context["results"]
    assert result.formats == []
    assert "Original language needs a movie: choose one under Decide for a movie" in (
        response.content.decode()
    )


def test_the_original_language_note_is_absent_when_no_format_needs_it(admin_client, remux_format):
    html = parse(admin_client, REMUX_TITLE).content.decode()
    assert "Original language needs a movie" not in html


def test_each_title_has_a_summary_line_and_its_fields_in_details(admin_client):
    html = parse(admin_client, WEB_TITLE).content.decode()
    line = html.split('class="parse-line"')[1].split("</p>")[0]
    assert "Group</span> GRP" in line and "Year</span> 2019" in line
    assert "<summary>All parsed fields</summary>" in html


def test_decide_mode_starts_with_a_ranked_summary_table(admin_client, matrix):
    response = decide(admin_client, f"{OTHER_MOVIE}\n{MATRIX_1080P}", str(matrix.pk))
    html = response.content.decode()
    table = html.split('id="parse-ranking"')[1].split("</table>")[0]
    rows = table.split("<tr>")[2:]
    assert "#1" in rows[0] and "Accepted" in rows[0]
    assert "Rejected" in rows[1]
    assert escape(response.context["ranked"][1].first_reason) in rows[1]
    assert html.index('id="parse-ranking"') < html.index('class="card parse-result"')
