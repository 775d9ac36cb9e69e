"""Library import in a real browser: scan a root folder, fix one match, import, see the library.

Chromium driven by Playwright against the live server and the fake TMDB; the folders are
real (sparse files) in a temporary root folder. Screenshots land in test-artifacts/e2e/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from movies.models import Movie, MovieFile, RootFolder
from radarr_site.accounts.roles import ADMIN
from tests.conftest import make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_qualities"),
]

PASSWORD = "a-long-household-passphrase"
GB = 1024**3


def make_video(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)


def test_admin_imports_a_library_from_disk(page, live_server, fake_tmdb, tmp_path):
    url = live_server.url
    shots = page.shots
    make_user("alice", ADMIN, PASSWORD)
    root = tmp_path / "movies"
    make_video(root / "The Matrix (1999)" / "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv", 8 * GB)
    make_video(root / "Heat.1995.720p.BluRay.x264-GRP" / "heat.mkv", 4 * GB)
    make_video(root / "Seven Deadly (1995)" / "se7en.mkv", 3 * GB)
    make_video(root / "Loose.Movie.2001.mkv", GB)
    RootFolder.objects.create(path=str(root), accessible=True)

    page.goto(f"{url}/accounts/sign-in/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")

    page.click("nav a:has-text('Library import')")
    page.wait_for_selector("text=has not been scanned yet")
    shots("import-page")
    page.click("button:has-text('Scan')")
    matrix_row = page.locator("tbody.import-folder", has_text="The Matrix (1999)")
    matrix_row.wait_for()
    assert "high" in matrix_row.inner_text() and "Bluray-1080p" in matrix_row.inner_text()
    assert "Heat" in page.locator("tbody.import-folder", has_text="Heat.1995").inner_text()
    assert page.locator("text=move each into its own folder").count() == 1
    shots("proposed-matches")

    # The third folder's name is not TMDB's title: search and pick the right movie.
    seven = page.locator("tbody.import-folder", has_text="Seven Deadly (1995)")
    seven.locator("input[type=search]").fill("Se7en")
    seven.locator("button:has-text('Search')").click()
    choice = seven.locator("li", has_text="Se7en")
    choice.wait_for()
    shots("search-for-a-folder")
    choice.locator("button:has-text('Use this')").click()
    page.locator("tbody.import-folder", has_text="Seven Deadly (1995)").locator(
        "text=chosen"
    ).wait_for()
    shots("match-changed")

    page.locator("tbody.import-folder", has_text="Seven Deadly (1995)").locator(
        "input[name=folders]"
    ).check()
    page.click("button:has-text('Import selected')")
    page.wait_for_selector("text=Imported 3 movie(s).")
    shots("imported")
    assert set(Movie.objects.values_list("tmdb_id", flat=True)) == {603, 949, 807}
    assert MovieFile.objects.count() == 3
    assert Movie.objects.get(tmdb_id=807).path == str(root / "Seven Deadly (1995)")

    page.click("nav a:has-text('Movies')")
    page.wait_for_url(f"{url}/")
    for movie in Movie.objects.all():
        page.locator(f"a[href='/movies/{movie.pk}/']").first.wait_for()
    shots("library")
