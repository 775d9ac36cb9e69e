"""Figures per group from stored GroupTorrent rows, recompute_scores, and our own
history per group (downloads.services.group_history)."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scenegroups.figures import group_figures
from scenegroups.models import AnalysisSettings, GroupTorrent, SceneGroup, group_key
from scenegroups.services import recompute_scores

GB = 1024**3
NOW = timezone.now().replace(microsecond=0)
_ids = count(1000)


def torrent(group: str, **fields) -> GroupTorrent:
    """One stored HDBits torrent of `group` (a 1080p movie unless told otherwise)."""
    days = fields.pop("days", 10)
    values = {
        "hdbits_id": next(_ids),
        "group_key": group_key(group),
        "group_name": group,
        "name": f"Some.Movie.2020.1080p.BluRay.x264-{group}",
        "category": 1,
        "resolution": "1080p",
        "size": 10 * GB,
        "seeders": 10,
        "leechers": 1,
        "times_completed": 100,
        "internal": False,
        "added": NOW - timedelta(days=days) if days is not None else None,
        "seen_at": NOW,
    }
    values.update(fields)
    return GroupTorrent.objects.create(**values)


def realistic_rows() -> None:
    """FraMeSToR: four movie/documentary releases; TVGRP: two TV releases."""
    torrent("FraMeSToR", resolution="2160p", size=60 * GB, seeders=40, times_completed=300,
            internal=True, leechers=2, days=10)  # fmt: skip
    torrent("FraMeSToR", resolution="2160p", size=80 * GB, seeders=10, times_completed=100,
            internal=True, leechers=0, days=40)  # fmt: skip
    torrent("FraMeSToR", resolution="1080p", size=30 * GB, seeders=20, times_completed=200,
            leechers=1, days=100)  # fmt: skip
    torrent("framestor", category=3, resolution="2160p", size=120 * GB, seeders=5,
            times_completed=50, internal=True, leechers=3, days=400)  # fmt: skip
    torrent("TVGRP", category=2, resolution="720p", size=3 * GB // 2, seeders=0,
            times_completed=0, days=800)  # fmt: skip
    torrent("TVGRP", category=2, resolution="720p", size=3 * GB // 2, seeders=1,
            times_completed=3, days=None)  # fmt: skip


@pytest.mark.django_db
def test_figures_aggregate_every_torrent_of_a_group_whatever_its_case():
    realistic_rows()
    found = {group.key: group for group in group_figures()}
    figures = found["framestor"].figures
    assert figures["releases"] == 4
    assert figures["internal"] == 3
    assert figures["seeders_total"] == 75
    assert figures["leechers_total"] == 6
    assert figures["completed_total"] == 650
    assert figures["categories"] == {"1": 3, "3": 1}
    assert figures["newest_release"] == (NOW - timedelta(days=10)).isoformat()
    assert figures["first_release"] == (NOW - timedelta(days=400)).isoformat()


@pytest.mark.django_db
def test_figures_take_the_median_of_seeders_and_completions():
    realistic_rows()
    figures = {group.key: group.figures for group in group_figures()}
    # seeders 5, 10, 20, 40 → (10 + 20) / 2 = 15; completed 50, 100, 200, 300 → 150
    assert figures["framestor"]["seeders_median"] == 15
    assert figures["framestor"]["completed_median"] == 150
    # seeders 0, 1 → 0.5; completed 0, 3 → 1.5
    assert figures["tvgrp"]["seeders_median"] == 0.5
    assert figures["tvgrp"]["completed_median"] == 1.5


@pytest.mark.django_db
def test_figures_keep_sizes_per_resolution_and_judge_only_movie_length_releases():
    realistic_rows()
    figures = {group.key: group.figures for group in group_figures()}
    assert figures["framestor"]["resolutions"] == {
        # 60 and 80 GB fall in 2160p's 10-100 GB band; the 120 GB documentary does not
        "2160p": {"releases": 3, "judged": 3, "typical": 2, "size_total": 260 * GB,
                  "size_min": 60 * GB, "size_max": 120 * GB},
        "1080p": {"releases": 1, "judged": 1, "typical": 1, "size_total": 30 * GB,
                  "size_min": 30 * GB, "size_max": 30 * GB},
    }  # fmt: skip
    # TV releases are not judged by size (an episode or a season)
    assert figures["tvgrp"]["resolutions"]["720p"]["judged"] == 0


@pytest.mark.django_db
def test_figures_count_releases_by_month_and_skip_undated_ones():
    realistic_rows()
    figures = {group.key: group.figures for group in group_figures()}
    by_month = figures["tvgrp"]["releases_by_month"]
    assert by_month == {f"{NOW - timedelta(days=800):%Y-%m}": 1}
    assert sum(figures["framestor"]["releases_by_month"].values()) == 4
    assert list(figures["framestor"]["releases_by_month"]) == sorted(
        figures["framestor"]["releases_by_month"]
    )


@pytest.mark.django_db
def test_a_group_is_named_as_most_often_written():
    realistic_rows()
    names = {group.key: group.name for group in group_figures()}
    assert names == {"framestor": "FraMeSToR", "tvgrp": "TVGRP"}


@pytest.mark.django_db
def test_torrents_naming_no_group_make_no_group():
    realistic_rows()
    torrent("")
    assert [group.key for group in group_figures()] == ["framestor", "tvgrp"]


@pytest.mark.django_db
def test_recompute_scores_creates_and_scores_every_group():
    realistic_rows()
    AnalysisSettings.objects.update_or_create(
        pk=1, defaults={"categories": [1, 2, 3], "minimum_releases_medium": 2,
                        "minimum_releases_high": 4},
    )  # fmt: skip
    assert recompute_scores(now=NOW) == 2
    best = SceneGroup.objects.get(key="framestor")
    # components: seeders 20 + 40·log10(15) = 67.04; internal 3/4 = 75;
    # completed 10 + 30·log10(150) = 75.28; consistency 3/4 = 75; recency 10 days = 100;
    # categories {1, 3} of {1, 2, 3} = 66.67; volume log10(4)/3·100 = 20.07; size 3/4 = 75
    # score (25·67.04 + 20·75 + 15·75.28 + 12·75 + 10·100 + 8·66.67 + 5·20.07 + 5·75) / 100
    #     = 7213.91 / 100 = 72.1
    assert best.components == {
        "seeder_health": 67.04, "internal_ratio": 75.0, "completion_rate": 75.28,
        "quality_consistency": 75.0, "recency": 100.0, "category_diversity": 66.67,
        "volume": 20.07, "size_appropriateness": 75.0,
    }  # fmt: skip
    assert (best.name, best.score, best.tier, best.confidence) == (
        "FraMeSToR",
        72.1,
        "Good",
        "high",
    )
    assert best.releases == 4
    assert best.last_analyzed_at == NOW
    tv = SceneGroup.objects.get(key="tvgrp")
    # seeders 20·0.5 = 10; internal 0; completed 10 + 30·log10(1.5) = 15.28; one
    # resolution = 100; newest 800 days = 0; {2} of 3 = 33.33; log10(2)/3·100 = 10.03;
    # no release judged by size = 50
    # (25·10 + 15·15.28 + 12·100 + 8·33.33 + 5·10.03 + 5·50) / 100 = 2245.99 / 100 = 22.5
    assert (tv.score, tv.tier, tv.confidence) == (22.5, "Bad", "medium")


@pytest.mark.django_db
def test_recompute_scores_updates_a_known_group_in_place():
    group = SceneGroup.objects.create(key="framestor", name="old name", score=10, tier="Bad")
    realistic_rows()
    recompute_scores(now=NOW)
    group.refresh_from_db()
    assert group.name == "FraMeSToR"
    assert group.score == 72.1
    assert SceneGroup.objects.filter(key="framestor").count() == 1


@pytest.mark.django_db
def test_recompute_scores_leaves_the_score_of_a_group_no_torrent_names_any_more():
    SceneGroup.objects.create(key="gone", name="GONE", score=55, tier="Average")
    realistic_rows()
    recompute_scores(now=NOW)
    assert SceneGroup.objects.get(key="gone").score == 55


@pytest.mark.django_db
def test_confidence_follows_the_analysis_settings_thresholds():
    realistic_rows()  # 4 and 2 releases; the defaults ask 10 (medium) and 30 (high)
    recompute_scores(now=NOW)
    assert set(SceneGroup.objects.values_list("confidence", flat=True)) == {"low"}


def _queries_for(groups: int) -> int:
    GroupTorrent.objects.all().delete()
    SceneGroup.objects.all().delete()
    for n in range(groups):
        torrent(f"GRP{n}", category=1 + n % 3, resolution=["2160p", "1080p", "720p"][n % 3])
        torrent(f"GRP{n}", days=200)
    with CaptureQueriesContext(connection) as queries:
        recompute_scores(now=NOW)
    return len(queries)


@pytest.mark.django_db
def test_recompute_scores_takes_as_many_queries_for_many_groups_as_for_few():
    AnalysisSettings.load()
    assert _queries_for(3) == _queries_for(30)


@pytest.mark.django_db
def test_recompute_scores_attaches_our_own_history_without_mixing_it_into_the_score():
    from downloads.models import History

    realistic_rows()
    recompute_scores(now=NOW)
    before = SceneGroup.objects.get(key="framestor").score
    title = "Some.Movie.2020.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.7.1-FraMeSToR"
    History.objects.create(event=History.Event.GRABBED, source_title=title)
    History.objects.create(event=History.Event.FAILED, source_title=title)
    recompute_scores(now=NOW)
    group = SceneGroup.objects.get(key="framestor")
    assert group.history == {"grabbed": 1, "imported": 0, "failed": 1}
    assert group.score == before
    assert SceneGroup.objects.get(key="tvgrp").history == {}


def _history_rows():
    from downloads.models import History

    E = History.Event
    for event, title in [
        (E.GRABBED, "Heat.1995.1080p.BluRay.x264-SPARKS"),
        (E.IMPORTED, "Heat.1995.1080p.BluRay.x264-SPARKS"),
        (E.GRABBED, "Alien.1979.1080p.BluRay.x264-sparks"),
        (E.FAILED, "Alien.1979.1080p.BluRay.x264-sparks"),
        (E.GRABBED, "Up.2009.2160p.UHD.BluRay.x265-TERMiNAL"),
        (E.IMPORT_FAILED, "Up.2009.2160p.UHD.BluRay.x265-TERMiNAL"),  # not a failed download
        (E.FILE_DELETED, "Heat.1995.1080p.BluRay.x264-SPARKS"),  # not counted
        (E.GRABBED, "Some Movie 2020"),  # names no group
    ]:
        History.objects.create(event=event, source_title=title)


@pytest.mark.django_db
def test_group_history_counts_per_group_name_as_parsed():
    from downloads.services import group_history

    _history_rows()
    assert group_history() == {
        "SPARKS": {"grabbed": 1, "imported": 1, "failed": 0},
        "sparks": {"grabbed": 1, "imported": 0, "failed": 1},
        "TERMiNAL": {"grabbed": 1, "imported": 0, "failed": 0},
    }


@pytest.mark.django_db
def test_history_by_group_adds_up_the_names_of_one_group_under_its_key():
    from scenegroups.figures import history_by_group

    _history_rows()
    assert history_by_group() == {
        "sparks": {"grabbed": 2, "imported": 1, "failed": 1},
        "terminal": {"grabbed": 1, "imported": 0, "failed": 0},
    }


def test_downloads_does_not_import_scenegroups():
    """downloads sits below scenegroups: its group history must not call back up."""
    import inspect

    from downloads import services

    assert "scenegroups" not in inspect.getsource(services)


def _done_run(started, finished=None):
    from scenegroups.models import AnalysisRun

    return AnalysisRun.objects.create(
        state=AnalysisRun.State.DONE,
        started_at=started,
        finished_at=finished or started + timedelta(hours=1),
        updated_at=started,
        categories=[1],
    )


@pytest.mark.django_db
def test_scores_come_from_the_torrents_seen_by_the_latest_completed_run():
    for _ in range(3):
        torrent("OLDIE", seen_at=NOW - timedelta(days=20))  # seen only by earlier runs
    torrent("FraMeSToR", seen_at=NOW - timedelta(days=20))
    torrent("FraMeSToR", seen_at=NOW)
    _done_run(NOW - timedelta(days=21))
    _done_run(NOW - timedelta(minutes=30))

    recompute_scores(now=NOW)

    assert SceneGroup.objects.get(key="framestor").releases == 1
    assert not SceneGroup.objects.filter(key="oldie").exists()


@pytest.mark.django_db
def test_without_a_completed_run_scores_come_from_every_stored_torrent():
    from scenegroups.models import AnalysisRun

    torrent("FraMeSToR", seen_at=NOW - timedelta(days=20))
    torrent("FraMeSToR", seen_at=NOW)
    AnalysisRun.objects.create(
        state=AnalysisRun.State.FAILED, started_at=NOW - timedelta(hours=1),
        updated_at=NOW, categories=[1],
    )  # fmt: skip

    assert recompute_scores(now=NOW) == 1
    assert SceneGroup.objects.get(key="framestor").releases == 2


@pytest.mark.django_db
def test_a_group_key_longer_than_the_column_is_never_scored():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite stores a value longer than its column (PostgreSQL refuses it)")
    torrent("A" * 150, group_key="a" * 150)  # SQLite kept what PostgreSQL would refuse
    torrent("FraMeSToR")

    assert recompute_scores(now=NOW) == 1
    assert list(SceneGroup.objects.values_list("key", flat=True)) == ["framestor"]


@pytest.mark.django_db
def test_housekeeping_forgets_torrents_not_seen_for_ninety_days():
    from radarr_site.tasks import housekeeping

    torrent("OLDIE", seen_at=timezone.now() - timedelta(days=91))
    kept = torrent("FraMeSToR", seen_at=timezone.now() - timedelta(days=89))

    counts = housekeeping()

    assert counts["group_torrents_deleted"] == 1
    assert list(GroupTorrent.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db
def test_refresh_history_attaches_our_history_without_scoring():
    from downloads.models import History
    from scenegroups.services import refresh_history

    SceneGroup.objects.create(key="sparks", name="SPARKS", score=42.0)
    History.objects.create(
        event=History.Event.GRABBED, source_title="Heat.1995.1080p.BluRay.x264-SPARKS"
    )

    assert refresh_history() == 1
    group = SceneGroup.objects.get(key="sparks")
    assert group.history == {"grabbed": 1, "imported": 0, "failed": 0}
    assert group.score == 42.0
