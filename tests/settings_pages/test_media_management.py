"""Settings → Media Management: naming formats, live preview, recycle bin, admins only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import MediaManagement

URL = reverse("settings:media_management")
PREVIEW = reverse("settings:media_management_preview")

VALID = {
    "rename_movies": "on",
    "replace_illegal": "on",
    "colon_replacement": "smart",
    "standard_movie_format": "{Movie Title} ({Release Year}) {Quality Full}",
    "movie_folder_format": "{Movie Title} ({Release Year})",
    "use_hardlinks": "on",
    "recycle_bin": "",
    "recycle_bin_days": "7",
}


@pytest.mark.django_db
def test_page_shows_radarrs_default_formats_and_their_preview(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert "{Movie Title} ({Release Year}) {Quality Full}" in response.content.decode()
    assert "The Matrix (1999) Bluray-1080p Repack.mkv" in response.content.decode()


@pytest.mark.django_db
def test_members_cannot_open_the_page(member_client):
    assert member_client.get(URL).status_code == 403


@pytest.mark.django_db
def test_saving_stores_the_formats(admin_client):
    data = {**VALID, "standard_movie_format": "{Movie.Title}.{Release.Year}", "use_hardlinks": ""}
    response = admin_client.post(URL, data)
    assert response.status_code == 302
    saved = MediaManagement.load()
    assert (saved.standard_movie_format, saved.use_hardlinks) == (
        "{Movie.Title}.{Release.Year}",
        False,
    )


@pytest.mark.django_db
def test_unknown_token_is_refused(admin_client):
    response = admin_client.post(URL, {**VALID, "standard_movie_format": "{Movie Tilte}"})
    assert response.status_code == 200
    assert "Unknown token(s): {Movie Tilte}" in response.content.decode()
    assert MediaManagement.load().standard_movie_format != "{Movie Tilte}"


@pytest.mark.django_db
def test_folder_format_with_a_slash_is_refused(admin_client):
    response = admin_client.post(URL, {**VALID, "movie_folder_format": "{Movie Title}/x"})
    assert "no / or" in response.content.decode()


@pytest.mark.django_db
def test_relative_recycle_bin_is_refused(admin_client):
    response = admin_client.post(URL, {**VALID, "recycle_bin": "recycle"})
    assert "Enter an absolute path" in response.content.decode()
    assert MediaManagement.load().recycle_bin == ""


@pytest.mark.django_db
def test_system_folder_as_recycle_bin_is_refused(admin_client):
    response = admin_client.post(URL, {**VALID, "recycle_bin": "/etc/bin"})
    assert "system folder" in response.content.decode()


@pytest.mark.django_db
def test_preview_follows_the_typed_formats_without_saving(admin_client):
    data = {**VALID, "standard_movie_format": "{movie.title}-{Release Group}"}
    response = admin_client.post(PREVIEW, data, HTTP_HX_REQUEST="true")
    assert "the.matrix-SPARKS.mkv" in response.content.decode()
    assert MediaManagement.load().standard_movie_format == VALID["standard_movie_format"]


@pytest.mark.django_db
def test_preview_names_an_unknown_token(admin_client):
    data = {**VALID, "movie_folder_format": "{Movie Title} {Yeer}"}
    response = admin_client.post(PREVIEW, data, HTTP_HX_REQUEST="true")
    assert "Unknown token(s): {Yeer}" in response.content.decode()


@pytest.mark.django_db
def test_preview_uses_the_colon_choice(admin_client):
    data = {**VALID, "standard_movie_format": "{Movie Title}: {Release Year}"}
    data["colon_replacement"] = "delete"
    response = admin_client.post(PREVIEW, data, HTTP_HX_REQUEST="true")
    assert "The Matrix 1999.mkv" in response.content.decode()


@pytest.mark.django_db
def test_settings_subnav_links_to_the_page(admin_client):
    response = admin_client.get(reverse("settings:general"))
    assert URL in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_preview_updates_while_typing_in_a_browser(page, live_server):
    from tests.conftest import make_user

    make_user("alice", "Admin")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{URL}")
    page.evaluate("window.__noReload = true")
    page.fill("input[name=standard_movie_format]", "{Movie.Title}.{Release.Year}-{Release Group}")
    page.wait_for_selector("text=The.Matrix.1999-SPARKS.mkv")
    page.shots("naming-preview")
    assert page.evaluate("window.__noReload") is True
    assert MediaManagement.load().standard_movie_format == VALID["standard_movie_format"]


@pytest.mark.django_db
def test_an_unbalanced_brace_is_refused_on_save_with_a_clear_message(admin_client):
    response = admin_client.post(URL, {**VALID, "standard_movie_format": "{Movie Title"})
    assert response.status_code == 200
    assert (
        "the &quot;{&quot; in &quot;{Movie Title&quot; is never closed" in response.content.decode()
    )
    assert MediaManagement.load().standard_movie_format == VALID["standard_movie_format"]


@pytest.mark.django_db
def test_preview_flags_an_unbalanced_brace(admin_client):
    data = {**VALID, "movie_folder_format": "{Movie Title} ({Release Year})}"}
    response = admin_client.post(PREVIEW, data, HTTP_HX_REQUEST="true")
    assert "Unbalanced braces" in response.content.decode()


@pytest.mark.django_db
def test_plex_style_folder_id_is_saved(admin_client):
    data = {**VALID, "movie_folder_format": "{Movie Title} ({Release Year}) {tmdb-{TmdbId}}"}
    assert admin_client.post(URL, data).status_code == 302
    assert MediaManagement.load().movie_folder_format.endswith("{tmdb-{TmdbId}}")


@pytest.mark.django_db
def test_token_list_shows_tmdbid_with_its_plex_folder_example(admin_client):
    html = admin_client.get(URL).content.decode()
    assert "<code>{tmdb-{TmdbId}}</code></td><td><code>{tmdb-603}</code>" in html
    assert "<code>{ImdbId}</code></td><td><code>tt0133093</code>" in html


@pytest.mark.django_db(transaction=True)
def test_preview_flags_a_missing_closing_brace_while_typing_in_a_browser(page, live_server):
    from tests.conftest import make_user

    make_user("alice", "Admin")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{URL}")
    page.fill("input[name=standard_movie_format]", "{Movie Title} ({Release Year")
    page.wait_for_selector("text=is never closed")
    page.click("summary:has-text('Tokens')")
    page.shots("brace-flagged")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".field-error:has-text('is never closed')")
    assert MediaManagement.load().standard_movie_format == VALID["standard_movie_format"]
