"""Scene Groups pages: the list (sort, filter, pages), one group, run now and its live
state, the analysis settings, the exports, and what a member may not do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from radarr_site import progress
from scenegroups import services
from scenegroups.models import AnalysisRun, AnalysisSettings, GroupTorrent, SceneGroup
from scenegroups.views.analysis import PROGRESS_KEY

LIST = reverse("scenegroups:list")
RUN_NOW = reverse("scenegroups:run_now")
STATUS = reverse("scenegroups:run_status")
CANCEL = reverse("scenegroups:cancel")
RECOMPUTE = reverse("scenegroups:recompute")
SETTINGS = reverse("scenegroups:settings")


def make_group(name: str, score: float | None = 50, **fields) -> SceneGroup:
    defaults = {"tier": "Average", "confidence": "medium", "releases": 10}
    return SceneGroup.objects.create(
        key=name.lower(), name=name, score=score, **{**defaults, **fields}
    )


def names(response) -> list[str]:
    return [group.name for group in response.context["page"].object_list]


@pytest.fixture
def groups(db):
    now = timezone.now()
    make_group("FraMeSToR", 91, tier="Elite", confidence="high", releases=400,
               last_analyzed_at=now)  # fmt: skip
    make_group("CtrlHD", 70, tier="Good", confidence="high", releases=120,
               last_analyzed_at=now - timedelta(days=3))  # fmt: skip
    make_group("NTb", 48, tier="Average", confidence="medium", releases=25,
               last_analyzed_at=now - timedelta(days=9))  # fmt: skip
    make_group("YTS", 12, tier="Bad", confidence="low", releases=3)
    make_group("NewGuys", None, tier="", confidence="low", releases=0)


# --- the list -------------------------------------------------------------------------


def test_lists_groups_best_score_first_and_unscored_last(member_client, groups):
    response = member_client.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["FraMeSToR", "CtrlHD", "NTb", "YTS", "NewGuys"]


def test_sorts_by_score_ascending_with_unscored_still_last(member_client, groups):
    response = member_client.get(LIST, {"sort": "score", "dir": "asc"})
    assert names(response) == ["YTS", "NTb", "CtrlHD", "FraMeSToR", "NewGuys"]


def test_sorts_by_name(member_client, groups):
    response = member_client.get(LIST, {"sort": "name"})
    assert names(response) == ["CtrlHD", "FraMeSToR", "NewGuys", "NTb", "YTS"]


def test_sorts_by_confidence_high_first(member_client, groups):
    response = member_client.get(LIST, {"sort": "confidence"})
    assert [g.confidence for g in response.context["page"].object_list] == [
        "high", "high", "medium", "low", "low"
    ]  # fmt: skip


def test_sorts_by_releases_ascending(member_client, groups):
    response = member_client.get(LIST, {"sort": "releases", "dir": "asc"})
    assert names(response) == ["NewGuys", "YTS", "NTb", "CtrlHD", "FraMeSToR"]


def test_sorts_by_last_analyzed_newest_first_and_never_analyzed_last(member_client, groups):
    response = member_client.get(LIST, {"sort": "last_analyzed"})
    assert names(response)[:3] == ["FraMeSToR", "CtrlHD", "NTb"]
    assert set(names(response)[3:]) == {"YTS", "NewGuys"}


def test_sorts_by_tier_best_tier_first_and_worst_first_reversed(member_client, groups):
    make_group("Other", 85, tier="Elite", confidence="medium")
    best = names(member_client.get(LIST, {"sort": "tier"}))
    assert best[:3] == ["FraMeSToR", "Other", "CtrlHD"]
    worst = names(member_client.get(LIST, {"sort": "tier", "dir": "desc"}))
    assert worst[:2] == ["NewGuys", "YTS"]  # no tier, then Bad


def test_an_unknown_sort_falls_back_to_score(member_client, groups):
    response = member_client.get(LIST, {"sort": "password", "dir": "sideways"})
    assert names(response)[0] == "FraMeSToR"
    assert response.context["params"].dir == "desc"


def test_active_sort_header_links_to_the_other_direction(member_client, groups):
    response = member_client.get(LIST, {"sort": "name", "dir": "asc"})
    header = next(c for c in response.context["columns"] if c["label"] == "Group")
    assert header["query"] == "sort=name&dir=desc"


def test_filters_by_tier(member_client, groups):
    assert names(member_client.get(LIST, {"tier": "Good"})) == ["CtrlHD"]


def test_filters_by_confidence(member_client, groups):
    assert names(member_client.get(LIST, {"confidence": "low"})) == ["YTS", "NewGuys"]


def test_searches_names_in_any_case(member_client, groups):
    assert names(member_client.get(LIST, {"q": "framestor"})) == ["FraMeSToR"]


def test_says_when_no_group_matches_the_filter(member_client, groups):
    response = member_client.get(LIST, {"q": "nothing-like-it"})
    assert b"No group matches this filter." in response.content


def test_pages_fifty_groups_at_a_time_in_a_fixed_number_of_queries(
    member_client, db, django_assert_max_num_queries
):
    SceneGroup.objects.bulk_create(
        SceneGroup(key=f"g{i:03}", name=f"G{i:03}", score=i % 100, tier="Average")
        for i in range(120)
    )
    with django_assert_max_num_queries(12):
        response = member_client.get(LIST, {"sort": "name", "page": 3})
    assert names(response) == [f"G{i:03}" for i in range(100, 120)]
    assert len(names(member_client.get(LIST, {"sort": "name"}))) == 50


def test_page_links_keep_the_filter_and_sort(member_client, db):
    SceneGroup.objects.bulk_create(
        SceneGroup(key=f"g{i:03}", name=f"G{i:03}", score=1, confidence="high") for i in range(60)
    )
    response = member_client.get(LIST, {"confidence": "high", "sort": "name"})
    assert b"?sort=name&amp;dir=asc&amp;confidence=high&amp;page=2" in response.content


def test_htmx_filter_returns_the_table_alone(member_client, groups):
    response = member_client.get(LIST, {"tier": "Elite"}, HTTP_HX_REQUEST="true")
    assert response.content.lstrip().startswith(b'<div id="group-table"')
    assert b"FraMeSToR" in response.content


def test_escapes_a_hostile_group_name_in_the_list(member_client, db):
    make_group("<script>alert(1)</script>")
    response = member_client.get(LIST)
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


# --- what a member may do -------------------------------------------------------------


def test_member_sees_the_list_without_the_actions(member_client, groups):
    response = member_client.get(LIST)
    assert b"FraMeSToR" in response.content
    for action in (RUN_NOW, SETTINGS, reverse("scenegroups:export_csv")):
        assert action.encode() not in response.content


def test_admin_sees_the_actions(admin_client, groups):
    response = admin_client.get(LIST)
    for action in (RUN_NOW, SETTINGS, reverse("scenegroups:export_json")):
        assert action.encode() in response.content


@pytest.mark.parametrize(
    "url",
    [
        RUN_NOW,
        CANCEL,
        RECOMPUTE,
        SETTINGS,
        reverse("scenegroups:export_json"),
        reverse("scenegroups:export_csv"),
    ],
)
def test_member_is_refused_every_action(member_client, db, url):
    assert member_client.post(url).status_code == 403


def test_member_cannot_open_the_settings(member_client, db):
    assert member_client.get(SETTINGS).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, admin_user):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_nav_links_to_scene_groups(member_client, db):
    response = member_client.get(reverse("movies:library"))
    assert f'href="{LIST}"'.encode() in response.content


# --- run now and the run's state ------------------------------------------------------


@pytest.fixture
def analysis_task(monkeypatch):
    """The task "Run now" queues, replaced by a recorder (Q runs it at once in tests)."""
    calls = []

    def analyse_groups(*args, **kwargs):
        calls.append(kwargs)

    monkeypatch.setattr("scenegroups.tasks.analyse_groups", analyse_groups)
    return calls


def test_run_now_queues_the_analysis_task(admin_client, analysis_task):
    response = admin_client.post(RUN_NOW)
    assert response.status_code == 302
    assert analysis_task == [{"force": True}]  # a click runs it whatever the interval
    from django_q.models import Task

    assert Task.objects.get().group == PROGRESS_KEY


def test_run_now_by_htmx_answers_with_the_run_state(admin_client, analysis_task):
    response = admin_client.post(RUN_NOW, HTTP_HX_REQUEST="true")
    assert b"The scene-group analysis is queued." in response.content
    assert response.content.lstrip().startswith(b'<section id="analysis-run"')


def running_run(**fields) -> AnalysisRun:
    now = timezone.now()
    values = {"started_at": now, "updated_at": now, "categories": [1, 2], "pages_per_category": 3}
    return AnalysisRun.objects.create(**{**values, **fields})


def test_run_now_is_refused_while_a_run_is_pacing_its_pages(admin_client, analysis_task):
    running_run(next_page_at=timezone.now() + timedelta(seconds=30))
    response = admin_client.post(RUN_NOW, HTTP_HX_REQUEST="true")
    assert b"already running" in response.content
    assert analysis_task == []


def test_run_now_queues_a_stalled_run_again_so_it_resumes(admin_client, analysis_task):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    running_run(updated_at=an_hour_ago, next_page_at=an_hour_ago)
    admin_client.post(RUN_NOW)
    assert len(analysis_task) == 1


def test_run_state_polls_while_running_with_live_progress(member_client, db):
    running_run(pages_done=2, torrents_seen=200)
    progress.start(PROGRESS_KEY, total=6)
    progress.advance(PROGRESS_KEY, 2, "Movie page 3")
    response = member_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 5s"' in response.content
    assert b"2 of 6 page(s) read, 200 torrent(s) seen" in response.content
    assert b"2/6 Movie page 3" in response.content


def test_run_state_stops_polling_when_the_run_is_done(member_client, db):
    running_run(state=AnalysisRun.State.DONE, finished_at=timezone.now())
    progress.start(PROGRESS_KEY, total=6)
    progress.finish(PROGRESS_KEY, "done")
    response = member_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in response.content
    assert b"badge ok" in response.content


def test_a_failed_run_shows_its_error(member_client, db):
    running_run(state=AnalysisRun.State.FAILED, error="HDBits: authentication failed")
    response = member_client.get(LIST)
    assert b"HDBits: authentication failed" in response.content


def test_run_now_by_htmx_polls_while_the_task_is_only_queued(admin_client, analysis_task):
    # The task was queued but has not started: no run and no progress exist yet.
    response = admin_client.post(RUN_NOW, HTTP_HX_REQUEST="true")
    assert AnalysisRun.objects.count() == 0
    assert b'hx-trigger="every 5s"' in response.content


def test_run_state_polls_while_a_task_of_it_waits_in_the_queue(member_client, db):
    from django_q.tasks import async_task

    async_task("scenegroups.tasks.analyse_groups", group=PROGRESS_KEY, sync=False)
    response = member_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 5s"' in response.content


def test_a_poll_finding_the_run_stopped_tells_the_groups_table_to_reload(member_client, db):
    running_run(state=AnalysisRun.State.DONE, finished_at=timezone.now())
    response = member_client.get(STATUS, {"polling": "1"}, HTTP_HX_REQUEST="true")
    assert "scenegroups-changed" in response["HX-Trigger"]


def test_a_poll_while_still_running_does_not_reload_the_groups_table(member_client, db):
    running_run()
    response = member_client.get(STATUS, {"polling": "1"}, HTTP_HX_REQUEST="true")
    assert "HX-Trigger" not in response


def test_the_groups_table_reloads_itself_with_its_filter_when_told(member_client, groups):
    response = member_client.get(LIST, {"tier": "Good"})
    assert b'hx-trigger="scenegroups-changed from:body"' in response.content
    assert b'hx-get="/scene-groups/?tier=Good"' in response.content


def test_a_page_being_read_shows_reading_not_the_lease_end(member_client, db):
    from scenegroups.analysis import LEASE

    claimed = timezone.now()
    running_run(updated_at=claimed, next_page_at=claimed + LEASE)
    response = member_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert "Reading a page…" in response.content.decode()
    assert b"Next page at" not in response.content


def test_a_pacing_run_shows_when_its_next_page_is_due(member_client, db):
    paced = timezone.now()
    running_run(updated_at=paced, next_page_at=paced + timedelta(seconds=35))
    response = member_client.get(STATUS, HTTP_HX_REQUEST="true")
    assert b"Next page at" in response.content
    assert "Reading a page" not in response.content.decode()


def test_run_now_while_a_page_is_read_says_so_not_the_lease_end(admin_client, analysis_task):
    from scenegroups.analysis import LEASE

    claimed = timezone.now()
    running_run(updated_at=claimed, next_page_at=claimed + LEASE)
    response = admin_client.post(RUN_NOW, HTTP_HX_REQUEST="true")
    assert b"already running (reading a page now)" in response.content


# --- cancel ---------------------------------------------------------------------------


def test_admin_sees_cancel_while_a_run_is_running(admin_client, db):
    running_run()
    assert CANCEL.encode() in admin_client.get(LIST).content


def test_cancel_is_not_offered_when_no_run_is_running(admin_client, db):
    running_run(state=AnalysisRun.State.DONE, finished_at=timezone.now())
    assert CANCEL.encode() not in admin_client.get(LIST).content


def test_member_is_not_offered_cancel(member_client, db):
    running_run()
    assert CANCEL.encode() not in member_client.get(LIST).content


def test_cancel_stops_the_running_run(admin_client, db):
    run = running_run()
    response = admin_client.post(CANCEL, HTTP_HX_REQUEST="true")
    run.refresh_from_db()
    assert run.state == AnalysisRun.State.CANCELLED
    assert b"The scene-group analysis is cancelled" in response.content
    assert b'hx-trigger="every 5s"' not in response.content


def test_cancel_without_a_running_run_says_so(admin_client, db):
    response = admin_client.post(CANCEL, follow=True)
    assert b"No scene-group analysis is running." in response.content


# --- recompute ------------------------------------------------------------------------


@pytest.fixture
def stored_torrents(db):
    now = timezone.now()
    GroupTorrent.objects.bulk_create(
        GroupTorrent(
            hdbits_id=500 + i,
            group_key="ntb",
            group_name="NTb",
            name=f"Show.S01E0{i}.1080p.WEB-DL-NTb",
            category=2,
            resolution="1080p",
            size=2 * 1024**3,
            seeders=10,
            times_completed=50,
            added=now - timedelta(days=i),
            seen_at=now,
        )
        for i in range(3)
    )


def test_recompute_scores_the_stored_torrents_without_hdbits(admin_client, stored_torrents):
    response = admin_client.post(RECOMPUTE, follow=True)
    group = SceneGroup.objects.get(key="ntb")
    assert group.score is not None
    assert group.releases == 3
    assert b"Scored 1 group(s) from the stored torrents." in response.content


def test_recompute_says_when_scoring_failed(admin_client, db, monkeypatch):
    def broken():
        raise ValueError("no figures")

    monkeypatch.setattr(services, "recompute_scores", broken)
    response = admin_client.post(RECOMPUTE, follow=True)
    assert b"Scoring the groups failed: no figures" in response.content


def test_admin_sees_recompute_on_the_list(admin_client, db):
    assert RECOMPUTE.encode() in admin_client.get(LIST).content


def test_member_is_not_offered_recompute(member_client, db):
    assert RECOMPUTE.encode() not in member_client.get(LIST).content


def test_run_state_fragment_without_htmx_goes_to_the_list(member_client, db):
    response = member_client.get(STATUS)
    assert response.status_code == 302
    assert response["Location"] == LIST


# --- the group page -------------------------------------------------------------------


@pytest.fixture
def framestor(db):
    group = make_group(
        "FraMeSToR",
        87.4,
        tier="Elite",
        confidence="high",
        releases=3,
        components={"seeder_health": 90, "internal_ratio": 100, "recency": 40},
        figures={
            "releases": 3,
            "internal": 3,
            "seeders_total": 150,
            "leechers_total": 4,
            "completed_total": 900,
            "seeders_median": 45.0,
            "completed_median": 300.0,
            "first_release": "2024-01-05T10:00:00+00:00",
            "newest_release": "2026-11-01T10:00:00+00:00",
            "categories": {"1": 2, "3": 1},
            "resolutions": {
                "2160p": {
                    "releases": 2,
                    "judged": 2,
                    "typical": 2,
                    "size_total": 120 * 1024**3,
                    "size_min": 50 * 1024**3,
                    "size_max": 70 * 1024**3,
                },
            },
        },
        history={"grabbed": 7, "imported": 5, "failed": 2},
    )
    now = timezone.now()
    GroupTorrent.objects.bulk_create(
        GroupTorrent(
            hdbits_id=1000 + i,
            group_key="framestor",
            group_name="FraMeSToR",
            name=f"Movie.{i}.2023.2160p.UHD.BluRay.REMUX-FraMeSToR",
            category=1,
            resolution="2160p",
            size=60 * 1024**3,
            added=now - timedelta(days=i),
            seen_at=now,
        )
        for i in range(25)
    )
    return group


def test_group_page_shows_the_score_and_the_component_chart(member_client, framestor):
    response = member_client.get(reverse("scenegroups:group", args=[framestor.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>87.4</strong>" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="component-chart"' in body
    assert "Seeder health (25%)" in body


def test_group_page_shows_the_figures(member_client, framestor):
    response = member_client.get(reverse("scenegroups:group", args=[framestor.pk]))
    figures = dict(response.context["figures"])
    assert figures["Internal releases"] == "3 (100%)"
    assert figures["Seeders"] == "150 in all, median 45 per torrent"
    assert figures["Categories"] == "Movie: 2, Documentary: 1"
    assert figures["First release"] == "2024-01-05"
    assert response.context["sizes"][0]["average"] == "60.0 GB"
    assert response.context["sizes"][0]["range"] == "50.0 GB \N{EN DASH} 70.0 GB"


def test_group_page_shows_our_own_history(member_client, framestor):
    response = member_client.get(reverse("scenegroups:group", args=[framestor.pk]))
    assert response.context["history"] == {"grabbed": 7, "imported": 5, "failed": 2}
    assert b"<dt>Failed</dt><dd>2</dd>" in response.content


def test_group_page_lists_the_newest_twenty_torrents(member_client, framestor):
    response = member_client.get(reverse("scenegroups:group", args=[framestor.pk]))
    torrents = response.context["torrents"]
    assert len(torrents) == 20
    assert torrents[0].hdbits_id == 1000  # added today
    assert torrents[-1].hdbits_id == 1019


def test_group_page_of_an_unknown_group_is_not_found(member_client, db):
    assert member_client.get(reverse("scenegroups:group", args=[999])).status_code == 404


def test_group_page_escapes_a_hostile_group_name(member_client, db):
    group = make_group('"><img src=x onerror=alert(1)>', components={"recency": 10})
    response = member_client.get(reverse("scenegroups:group", args=[group.pk]))
    assert b"<img src=x" not in response.content


# --- settings -------------------------------------------------------------------------


def settings_data(**changes) -> dict:
    data = {
        "enabled": "on",
        "interval_days": 7,
        "categories": ["1", "3"],
        "pages_per_category": 5,
        "pause_seconds": 35,
        "minimum_releases_medium": 10,
        "minimum_releases_high": 30,
    }
    return {**data, **changes}


def test_settings_are_saved(admin_client, db):
    response = admin_client.post(SETTINGS, settings_data(pause_seconds=60, categories=["3", "1"]))
    assert response.status_code == 302
    saved = AnalysisSettings.load()
    assert saved.pause_seconds == 60
    assert saved.categories == [1, 3]


def test_saving_the_settings_scores_the_groups_again(admin_client, stored_torrents):
    response = admin_client.post(
        SETTINGS, settings_data(minimum_releases_medium=1, minimum_releases_high=2), follow=True
    )
    assert SceneGroup.objects.get(key="ntb").confidence == "high"  # 3 releases, 2 for high
    assert b"Scored 1 group(s) from the stored torrents." in response.content


def test_saved_settings_stay_saved_when_scoring_fails(admin_client, db, monkeypatch):
    def broken():
        raise ValueError("no figures")

    monkeypatch.setattr(services, "recompute_scores", broken)
    response = admin_client.post(SETTINGS, settings_data(pause_seconds=60), follow=True)
    assert AnalysisSettings.load().pause_seconds == 60
    assert b"Scoring the groups failed: no figures" in response.content


def test_settings_refuse_a_pause_under_ten_seconds(admin_client, db):
    response = admin_client.post(SETTINGS, settings_data(pause_seconds=5))
    assert response.status_code == 400
    assert "pause_seconds" in response.context["form"].errors
    assert AnalysisSettings.load().pause_seconds == 35


def test_settings_need_at_least_one_category(admin_client, db):
    data = settings_data()
    del data["categories"]
    response = admin_client.post(SETTINGS, data)
    assert response.context["form"].errors["categories"] == ["Choose at least one category."]


def test_settings_refuse_a_category_other_than_movie_tv_documentary(admin_client, db):
    response = admin_client.post(SETTINGS, settings_data(categories=["7"]))
    assert "categories" in response.context["form"].errors


def test_settings_refuse_high_confidence_below_medium(admin_client, db):
    response = admin_client.post(
        SETTINGS, settings_data(minimum_releases_medium=20, minimum_releases_high=10)
    )
    assert "minimum_releases_high" in response.context["form"].errors


def test_settings_refuse_zero_releases_for_medium_confidence(admin_client, db):
    response = admin_client.post(SETTINGS, settings_data(minimum_releases_medium=0))
    assert "minimum_releases_medium" in response.context["form"].errors


def test_settings_warn_when_no_hdbits_indexer_is_configured(admin_client, db):
    response = admin_client.get(SETTINGS)
    assert b"No HDBits indexer is configured" in response.content
    assert reverse("settings:indexers").encode() in response.content


def test_settings_name_the_first_enabled_hdbits_indexer(admin_client, db):
    from indexers.models import Indexer

    common = {"kind": "hdbits", "base_url": "https://hdbits.org", "username": "u", "api_key": "k"}
    Indexer.objects.create(name="Off", priority=1, enable_rss=False,
                           enable_automatic_search=False, enable_interactive_search=False,
                           **common)  # fmt: skip
    used = Indexer.objects.create(name="HDB main", priority=10, **common)
    response = admin_client.get(SETTINGS)
    assert response.context["indexer"] == {"id": used.pk, "name": "HDB main"}
    assert reverse("settings:indexer_edit", args=[used.pk]).encode() in response.content
    assert b"No HDBits indexer" not in response.content


# --- exports --------------------------------------------------------------------------


def test_exports_json_as_a_dated_attachment(admin_client, db, monkeypatch):
    monkeypatch.setattr(services, "export_json", lambda: '[{"name": "NTb"}]', raising=False)
    response = admin_client.get(reverse("scenegroups:export_json"))
    assert response["Content-Type"] == "application/json"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="scene-groups-{day}.json"'
    assert response.json() == [{"name": "NTb"}]


def test_exports_csv_as_a_dated_attachment(admin_client, db, monkeypatch):
    monkeypatch.setattr(services, "export_csv", lambda: "name,score\r\nNTb,48\r\n", raising=False)
    response = admin_client.get(reverse("scenegroups:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content == b"name,score\r\nNTb,48\r\n"


# --- the Django admin -----------------------------------------------------------------


@pytest.mark.parametrize("model", ["scenegroup", "grouptorrent", "analysisrun"])
def test_admin_lists_analysis_rows_read_only(admin_client, framestor, model):
    running_run()
    changelist = admin_client.get(reverse(f"admin:scenegroups_{model}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["has_add_permission"] is False
    row = {"scenegroup": framestor, "grouptorrent": GroupTorrent.objects.first()}.get(model)
    row = row or AnalysisRun.objects.get()
    change = admin_client.get(reverse(f"admin:scenegroups_{model}_change", args=[row.pk]))
    assert change.context["has_change_permission"] is False


def test_admin_searches_torrents_by_name(admin_client, framestor):
    url = reverse("admin:scenegroups_grouptorrent_changelist")
    response = admin_client.get(url, {"q": "Movie.3.2023"})
    assert [t.hdbits_id for t in response.context["cl"].result_list] == [1003]


def test_admin_settings_refuse_a_pause_under_ten_seconds(admin_client, db):
    settings = AnalysisSettings.load()
    url = reverse("admin:scenegroups_analysissettings_change", args=[settings.pk])
    response = admin_client.post(url, settings_data(pause_seconds=3))
    assert response.status_code == 200  # the form again, with the error
    assert "pause_seconds" in response.context["adminform"].form.errors
    assert AnalysisSettings.load().pause_seconds == 35


def test_exports_the_stored_groups_through_the_scoring_export(admin_client, framestor):
    rows = admin_client.get(reverse("scenegroups:export_csv")).content.decode().splitlines()
    assert rows[0].startswith("name,key,score")
    assert rows[1].startswith("FraMeSToR,framestor,87.4")
