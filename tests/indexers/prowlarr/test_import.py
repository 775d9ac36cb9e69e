"""Import from Prowlarr: one of our indexers per enabled Prowlarr indexer, idempotently."""

from __future__ import annotations

import pytest

from indexers import services
from indexers.models import Indexer
from indexers.models.indexer import default_categories
from indexers.prowlarr_import import import_from_prowlarr
from radarr_site.http.errors import AuthError, Unavailable

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(prowlarr):
    return Indexer.objects.create(
        kind="prowlarr",
        name="Prowlarr",
        base_url=prowlarr.base_url,
        api_key=prowlarr.api_key,
        requests_per_minute=0,
    )


def imported():
    return {i.name: i for i in Indexer.objects.exclude(kind="prowlarr")}


def test_services_exposes_the_import():
    assert services.import_from_prowlarr is import_from_prowlarr


def test_creates_one_indexer_per_enabled_prowlarr_indexer(source):
    result = import_from_prowlarr(source)
    assert sorted(result.created) == ["1337x", "NZBgeek"]
    assert set(imported()) == {"1337x", "NZBgeek"}


def test_skips_a_disabled_prowlarr_indexer_with_the_reason(source):
    result = import_from_prowlarr(source)
    assert ("AnimeTosho", "disabled in Prowlarr") in result.skipped
    assert "AnimeTosho" not in imported()


def test_a_torrent_indexer_becomes_torznab_through_prowlarrs_proxy(source, prowlarr):
    import_from_prowlarr(source)
    row = imported()["1337x"]
    assert row.kind == "torznab"
    assert row.base_url == f"{prowlarr.base_url}/1"
    assert row.api_path == "/api"
    assert row.api_key == prowlarr.api_key


def test_a_usenet_indexer_becomes_newznab(source, prowlarr):
    import_from_prowlarr(source)
    row = imported()["NZBgeek"]
    assert row.kind == "newznab"
    assert row.base_url == f"{prowlarr.base_url}/2"


def test_keeps_prowlarrs_priority_within_one_to_fifty(source, prowlarr):
    prowlarr.indexers[0]["priority"] = 60
    import_from_prowlarr(source)
    assert imported()["NZBgeek"].priority == 10
    assert imported()["1337x"].priority == 50


def test_takes_only_the_movie_categories_of_the_indexer(source):
    import_from_prowlarr(source)
    assert imported()["1337x"].categories == [2000, 2030, 2040, 2045]


def test_skips_a_tv_only_indexer_saying_it_has_no_movie_categories(source):
    result = import_from_prowlarr(source)
    assert ("TorrentLeech", "no movie categories") in result.skipped
    assert "TorrentLeech" not in imported()


def test_skips_a_music_only_indexer_too(source, prowlarr):
    prowlarr.indexers[0]["capabilities"]["categories"] = [
        {"id": 3000, "name": "Audio", "subCategories": [{"id": 3040, "name": "Audio/Lossless"}]}
    ]
    result = import_from_prowlarr(source)
    assert ("1337x", "no movie categories") in result.skipped
    assert "1337x" not in imported()


def test_an_indexer_listing_no_categories_gets_the_default_movie_ones(source, prowlarr):
    prowlarr.indexers[0]["capabilities"]["categories"] = []
    import_from_prowlarr(source)
    assert imported()["1337x"].categories == default_categories()


def test_a_second_import_creates_nothing(source):
    import_from_prowlarr(source)
    again = import_from_prowlarr(source)
    assert again.created == []
    assert ("1337x", "already exists") in again.skipped
    assert Indexer.objects.count() == 3  # Prowlarr itself, 1337x, NZBgeek


def test_skips_a_name_we_already_have(source):
    Indexer.objects.create(kind="torznab", name="1337X", base_url="http://elsewhere:9117")
    result = import_from_prowlarr(source)
    assert ("1337x", "already exists") in result.skipped
    assert Indexer.objects.get(name="1337X").base_url == "http://elsewhere:9117"


def test_skips_an_address_we_already_have_under_another_name(source, prowlarr):
    Indexer.objects.create(kind="torznab", name="My 1337x", base_url=f"{prowlarr.base_url}/1")
    result = import_from_prowlarr(source)
    assert ("1337x", "its address is already used by My 1337x") in result.skipped
    assert "1337x" not in imported()


def test_a_refused_key_creates_nothing(source):
    source.api_key = "wrong"
    with pytest.raises(AuthError):
        import_from_prowlarr(source)
    assert Indexer.objects.count() == 1


def test_an_unreachable_prowlarr_creates_nothing(source, prowlarr):
    prowlarr.failure = "500"
    with pytest.raises(Unavailable):
        import_from_prowlarr(source)
    assert Indexer.objects.count() == 1


def test_refuses_an_indexer_that_is_not_prowlarr(prowlarr):
    other = Indexer.objects.create(kind="hdbits", name="HDBits", base_url=prowlarr.base_url)
    with pytest.raises(ValueError, match="not a Prowlarr indexer"):
        import_from_prowlarr(other)


def test_a_failure_part_way_leaves_nothing_half_created(source, monkeypatch):
    from django.db import DatabaseError

    real_create = Indexer.objects.create
    calls = []

    def create_then_fail(**fields):
        calls.append(fields["name"])
        if len(calls) == 2:
            raise DatabaseError("disk full")
        return real_create(**fields)

    monkeypatch.setattr(Indexer.objects, "create", create_then_fail)
    with pytest.raises(DatabaseError):
        import_from_prowlarr(source)
    assert Indexer.objects.count() == 1
