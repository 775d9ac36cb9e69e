"""Interactive search in a real browser: an admin opens a movie, searches a Torznab
indexer (the fake server on loopback), reads the decisions, grabs the accepted release and
finds it in the queue; a rejected release asks first and Cancel puts its Grab button back.

The live server runs in this process, so the fake download-client kind works here.
Each step leaves a screenshot in test-artifacts/e2e/.
"""

from __future__ import annotations

import datetime
import re

import pytest

from downloads.models import Download
from indexers.models import Indexer
from movies.models import Movie, QualityProfile
from radarr_site.accounts.roles import ADMIN
from tests.conftest import make_user
from tests.fakes.download_client import install, make_client
from tests.servers.torznab import API_KEY, torznab_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_qualities"),
]

PASSWORD = "a-long-household-passphrase"
ACCEPTED = "The.Matrix.1999.1080p.BluRay.x264-GRP"
REJECTED = "The.Matrix.1999.720p.HDTV.x264-OTHER"


@pytest.fixture
def indexer_server(tmp_path):
    with torznab_server() as server:
        server.add("movies")
        for title, size in ((ACCEPTED, 8 * 2**30), (REJECTED, 3 * 2**30)):
            payload = tmp_path / f"{title}.mkv"
            payload.write_bytes(b"\0" * 4096)
            server.add_torrent("movies", payload, title=title, size=size, imdb="0133093")
        yield server


def test_an_admin_grabs_an_accepted_release_from_the_interactive_search(
    page, live_server, indexer_server, root_folder, monkeypatch
):
    install(monkeypatch)  # the fake download-client kind, in this process
    make_client(name="Fake qBit")
    make_user("alice", ADMIN, PASSWORD)
    Indexer.objects.create(
        name="Loopback Torznab",
        kind="torznab",
        base_url=indexer_server.url_for("movies"),
        api_key=API_KEY,
        requests_per_minute=0,
    )
    movie = Movie.objects.create(
        tmdb_id=603,
        imdb_id="tt0133093",
        title="The Matrix",
        year=1999,
        digital_release=datetime.date(1999, 9, 21),
        quality_profile=QualityProfile.objects.get(name="HD-1080p"),
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )
    url = live_server.url
    shots = page.shots

    page.goto(f"{url}/accounts/sign-in/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")

    page.goto(f"{url}/movies/{movie.pk}/")
    shots("movie-page")
    page.click("a:has-text('Interactive search')")
    table = page.locator("table.release-table")
    table.wait_for()
    assert page.url == f"{url}/movies/{movie.pk}/"  # loaded into the page, not a new one
    assert "Loopback Torznab: 2 releases" in page.locator(".indexer-outcomes").inner_text()
    accepted = table.locator("tr.accepted", has_text=ACCEPTED)
    rejected = table.locator("tr.rejected", has_text=REJECTED)
    assert "Accepted #1" in accepted.inner_text()
    assert "HDTV-720p" in rejected.inner_text()
    assert "English" in accepted.inner_text()  # an untagged release, as Radarr reads it
    # The rows carry signed references only, never the keyed download links.
    assert API_KEY not in page.content()
    shots("interactive-results")

    rejected.locator("button:has-text('Grab')").click()
    rejected.locator("button:has-text('Grab anyway')").wait_for()
    assert rejected.inner_text().count("not wanted") == 1  # the reasons are listed once
    shots("confirm-rejected")
    rejected.locator("button:has-text('Cancel')").click()
    rejected.locator("button:text-is('Grab')").wait_for()
    assert not Download.objects.exists()

    accepted.locator("button:has-text('Grab')").click()
    accepted.locator("text=Sent to Fake qBit").wait_for()
    shots("grabbed")
    assert Download.objects.get(movie=movie).source_title == ACCEPTED
    assert indexer_server.count("movies", "download") == 1  # the .torrent, fetched once

    accepted.locator("a:has-text('Queue')").click()
    page.wait_for_url(re.compile(rf"{re.escape(url)}/activity/.*"))
    page.locator("text=" + ACCEPTED).first.wait_for()
    shots("queue")
