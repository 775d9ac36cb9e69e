"""RSS sync hands back the items it could not grab through no fault of theirs, so the
next sync considers them again; items the rules rejected stay seen."""

from __future__ import annotations

import pytest
from django.utils import timezone

from downloads.models import Download
from indexers.models import SeenRelease
from indexers.rss import rss_sync
from indexers.rss.seen import release_claims
from radarr_site.models import ProviderStatus
from tests.fakes.download_client import make_client, server
from tests.indexers.rss.test_sync import BLURAY, SD, item, make_indexer, released  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(fake_indexers, fake_kinds, released):  # noqa: F811
    return fake_indexers


def test_items_not_grabbed_for_want_of_a_download_client_are_seen_again_next_sync(setup):
    setup("One").recent = [item(BLURAY)]
    make_indexer("One")
    rss_sync()
    make_client()

    [report] = rss_sync()

    assert (report.new_items, report.grabbed, Download.objects.count()) == (1, 1, 1)


def test_items_not_grabbed_while_the_client_is_down_are_seen_again_next_sync(setup):
    make_client()
    server("Fake").down = True
    setup("One").recent = [item(BLURAY)]
    make_indexer("One")
    rss_sync()
    server("Fake").down = False
    ProviderStatus.objects.all().delete()  # the client's hold after its failure

    [report] = rss_sync()

    assert (report.new_items, report.grabbed) == (1, 1)


def test_an_item_whose_torrent_would_not_fetch_is_seen_again_next_sync(setup):
    make_client()
    setup("One").recent = [item(BLURAY, download_url="http://127.0.0.1:1/matrix.torrent")]
    row = make_indexer("One")

    [report] = rss_sync()

    assert (report.grabbed, SeenRelease.objects.filter(indexer=row).count()) == (0, 0)


def test_items_of_a_movie_whose_judging_crashed_are_seen_again_next_sync(setup, monkeypatch):
    from indexers.rss import sync

    make_client()
    setup("One").recent = [item(BLURAY)]
    make_indexer("One")

    calls = []

    def crash_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("bad data")
        return judge(*args, **kwargs)

    judge = sync.judge
    monkeypatch.setattr(sync, "judge", crash_once)
    rss_sync()
    [report] = rss_sync()

    assert (report.new_items, report.grabbed) == (1, 1)


def test_an_unexpected_grab_crash_is_noted_and_the_item_seen_again(setup, monkeypatch):
    from indexers.rss import sync

    make_client()
    setup("One").recent = [item(BLURAY)]
    row = make_indexer("One")

    def crash(*args, **kwargs):
        raise RuntimeError("client bug")

    monkeypatch.setattr(sync, "grab_release", crash)

    [report] = rss_sync()

    assert ("client bug" in report.error, SeenRelease.objects.filter(indexer=row).count()) == (
        True,
        0,
    )


def test_items_the_rules_rejected_stay_seen(setup):
    make_client()
    server("Fake").down = True
    setup("One").recent = [item(SD)]
    row = make_indexer("One")

    [report] = rss_sync()

    assert (report.rejections, SeenRelease.objects.filter(indexer=row).count()) == (
        {"quality_allowed": 1},
        1,
    )


def test_the_losers_to_a_grabbed_release_stay_seen(setup):
    make_client()
    setup("One").recent = [
        item(BLURAY),
        item("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GRP"),
    ]
    row = make_indexer("One")

    [report] = rss_sync()

    assert (report.grabbed, SeenRelease.objects.filter(indexer=row).count()) == (1, 2)


def test_release_claims_forgets_only_the_given_keys(setup):
    row = make_indexer("One")
    for key in ("a", "b"):
        SeenRelease.objects.create(indexer=row, key=key, seen_at=timezone.now())

    removed = release_claims([(row.pk, "a"), (None, "b")])

    assert (removed, list(SeenRelease.objects.values_list("key", flat=True))) == (1, ["b"])


def test_the_last_reports_carry_each_rejections_label_and_count(setup):
    from indexers.rss import last_sync_reports

    make_client()
    setup("One").recent = [item(SD), item("The.Matrix.1999.576p.DVDRip.XviD-GRP", n=2)]
    row = make_indexer("One")
    rss_sync()

    report = last_sync_reports()[row.pk]

    assert report.rejection_labels == [("Quality not wanted", 2)]


def test_every_decision_rule_has_a_label():
    from indexers.decisions.specs import RULES
    from indexers.decisions.wording import rule_label

    assert [rule.name for rule in RULES if not rule.label] == []
    assert (rule_label("minimum_seeders"), rule_label("gone_rule")) == (
        "Too few seeders",
        "Gone rule",
    )
