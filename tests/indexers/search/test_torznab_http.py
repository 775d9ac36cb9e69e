"""Search over real HTTP: two Torznab indexers of the fake server, one refusing our key."""

from __future__ import annotations

import pytest

from downloads.models import Download
from indexers.models import Indexer
from indexers.search import automatic_search
from radarr_site.models import ProviderStatus
from tests.fakes.download_client import make_client, server
from tests.indexers.newznab import conftest as newznab
from tests.servers.torznab import API_KEY

pytestmark = pytest.mark.django_db
torznab, torznab_session = newznab.torznab, newznab.torznab_session  # fixtures

TITLE = "The.Matrix.1999.1080p.BluRay.x264-GRP"


def torznab_indexer(server, slug: str, name: str) -> Indexer:
    return Indexer.objects.create(
        name=name,
        kind="torznab",
        base_url=server.url_for(slug),
        api_key=API_KEY,
        requests_per_minute=0,
    )


def test_an_automatic_search_grabs_a_torrent_served_by_a_torznab_indexer(
    torznab, fake_kinds, matrix, tmp_path
):
    movie_file = tmp_path / f"{TITLE}.mkv"
    movie_file.write_bytes(b"\0" * 4096)
    torznab.add("good")
    entry = torznab.add_torrent(
        "good", movie_file, title=TITLE, size=8 * 2**30, seeders=40, imdb="0133093", tmdbid=603
    )
    torznab.add("locked", failure="error100")
    torznab_indexer(torznab, "good", "Good")
    locked = torznab_indexer(torznab, "locked", "Locked")
    make_client()

    outcome = automatic_search(matrix)

    assert outcome.message == f"Grabbed {TITLE} from Good"
    assert Download.objects.get().info_hash == entry["infohash"]
    assert server("Fake").added[0].content.startswith(b"d")  # the .torrent itself
    assert torznab.count("good", "download") == 1
    failed = {o.name: o for o in outcome.result.outcomes}["Locked"]
    assert "Incorrect user credentials" in failed.error
    assert ProviderStatus.objects.get(key=locked.provider_key).last_error_kind == "AuthError"
