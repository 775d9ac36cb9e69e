"""A new household's first session in a real browser, from first run to a movie in the library.

Chromium (Debian's package) driven by Playwright against a live server, with the fake TMDB
on loopback. Each step leaves a screenshot in test-artifacts/e2e/.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from movies.models import Movie

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_qualities"),
]

PASSWORD = "a-long-household-passphrase"


def sign_in(page, url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/accounts/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


def sign_out(page) -> None:
    page.click("header button:has-text('Sign out')")
    page.wait_for_url(re.compile(r".*/accounts/sign-in/.*"))


def test_first_admin_adds_a_movie_and_a_member_browses_without_settings(
    page, live_server, fake_tmdb, tmp_path
):
    url = live_server.url
    shots = page.shots

    # First run: any URL leads to the page that creates the first admin.
    page.goto(f"{url}/settings/")
    page.wait_for_url(f"{url}/accounts/first-run/")
    shots("first-run")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/settings/root-folders/")
    assert get_user_model().objects.get(username="alice").is_superuser

    # A root folder through the settings page.
    library_dir = tmp_path / "movies"
    library_dir.mkdir()
    page.fill("#root-folders input[name=path]", str(library_dir))
    page.click("#root-folders button.primary")
    page.wait_for_selector(f"text=Added root folder {library_dir}.")
    shots("root-folder-added")

    # Sign out and back in.
    sign_out(page)
    shots("signed-out")
    sign_in(page, url, "alice")
    shots("signed-in-empty-library")

    # Add a movie through search as you type: no submit, just typing.
    page.click("nav a:has-text('Add movie')")
    page.wait_for_url(f"{url}/movies/add/")
    page.locator("input[name=q]").press_sequentially("the matrix", delay=60)
    result = page.locator("article.add-result", has_text="The Matrix").first
    result.wait_for()
    assert page.url == f"{url}/movies/add/" or "q=" in page.url  # no full page submit needed
    shots("search-results")
    result.locator("summary:has-text('Add')").click()
    shots("add-options")
    result.locator("button:has-text('Add movie')").click()
    page.wait_for_url(re.compile(rf"{re.escape(url)}/movies/\d+/$"))
    movie = Movie.objects.get(tmdb_id=603)
    assert movie.added_by.username == "alice"
    assert page.locator("h1").first.inner_text().startswith("The Matrix")
    shots("movie-added")

    # It is in the library; open it from there.
    page.click("nav a:has-text('Movies')")
    page.wait_for_url(f"{url}/")
    card = page.locator(f"a[href='/movies/{movie.pk}/']").first
    card.wait_for()
    shots("library-with-movie")
    card.click()
    page.wait_for_url(f"{url}/movies/{movie.pk}/")
    assert "Keanu Reeves" in page.content()
    shots("movie-detail")

    # A household member through the Users page.
    page.click("nav a:has-text('Users')")
    page.click("text=Add user")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.select_option("select[name=role]", "Member")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/accounts/users/")
    shots("member-created")
    sign_out(page)

    # The member browses the library and the movie, but settings stay closed.
    sign_in(page, url, "bob")
    assert page.locator("nav a:has-text('Settings')").count() == 0
    page.locator(f"a[href='/movies/{movie.pk}/']").first.click()
    page.wait_for_url(f"{url}/movies/{movie.pk}/")
    assert page.locator("text=Delete").count() == 0
    shots("member-movie-detail")
    response = page.goto(f"{url}/settings/root-folders/")
    assert response.status == 403
    shots("member-settings-forbidden")
    response = page.goto(f"{url}/movies/add/")
    assert response.status == 403
