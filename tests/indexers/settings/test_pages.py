"""Settings → Indexers: the list (switches, state, capabilities, last RSS sync), per-kind
add / edit forms with defaults and validation, write-only keys, delete, admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indexers.models import Indexer, RssSyncReport
from radarr_site.models import ProviderStatus
from tests.indexers.settings.helpers import KEY, form_data, make_indexer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_indexers")]

LIST = reverse("settings:indexers")
ADD = reverse("settings:indexer_add")


def edit_url(row):
    return reverse("settings:indexer_edit", args=[row.pk])


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        ADD,
        reverse("settings:indexer_edit", args=[1]),
        reverse("settings:indexer_delete", args=[1]),
    ],
)
def test_members_cannot_open_indexer_settings(member_client, url):
    make_indexer()
    assert member_client.get(url).status_code == 403


def test_members_cannot_add_an_indexer(member_client):
    response = member_client.post(ADD, form_data("torznab"))
    assert response.status_code == 403
    assert not Indexer.objects.exists()


def test_subnav_leads_to_the_indexers_list(admin_client):
    html = admin_client.get(reverse("settings:general")).content.decode()
    assert f'href="{LIST}"' in html


def test_list_links_to_indexer_options(admin_client):
    html = admin_client.get(LIST).content.decode()
    assert f'href="{reverse("settings:indexer_options")}"' in html


def test_list_offers_every_kind_to_add(admin_client):
    html = admin_client.get(LIST).content.decode()
    for kind in ("torznab", "newznab", "jackett", "prowlarr", "hdbits"):
        assert f"?kind={kind}" in html


def test_list_shows_kind_protocol_priority_and_switches(admin_client):
    make_indexer("Films", kind="newznab", priority=7, enable_rss=False)
    item = admin_client.get(LIST).context["listing"][0]
    html = admin_client.get(LIST).content.decode()
    assert item["row"].name == "Films"
    assert "Newznab" in html and "usenet" in html and "<td>7</td>" in html
    assert 'class="badge muted" title="RSS sync off"' in html
    assert 'class="badge ok" title="Automatic search on"' in html


def test_list_shows_prowlarr_as_both_protocols(admin_client):
    make_indexer("Prowl", kind="prowlarr")
    assert "torrent and usenet" in admin_client.get(LIST).content.decode()


def test_list_shows_a_held_off_indexer_with_its_last_error(admin_client):
    row = make_indexer()
    ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=2,
        first_failure_at=timezone.now() - timedelta(minutes=9),
        disabled_until=timezone.now() + timedelta(minutes=5),
        last_error="Torznab (h) did not answer in time",
    )
    state = admin_client.get(LIST).context["listing"][0]["state"]
    assert state.css == "err" and state.text.startswith("held off until")
    assert state.error == "Torznab (h) did not answer in time"


def test_list_shows_an_indexer_failing_since_its_first_failure(admin_client):
    row = make_indexer()
    since = timezone.now() - timedelta(hours=2)
    ProviderStatus.objects.create(
        key=row.provider_key,
        label=row.name,
        consecutive_failures=1,
        first_failure_at=since,
        disabled_until=timezone.now() - timedelta(minutes=1),
        last_error="HTTP 503",
    )
    state = admin_client.get(LIST).context["listing"][0]["state"]
    assert state.css == "warn"
    assert state.text == f"failing since {timezone.localtime(since):%Y-%m-%d %H:%M}"


def test_list_shows_ok_after_a_success(admin_client):
    row = make_indexer()
    ProviderStatus.objects.create(
        key=row.provider_key, label=row.name, last_success_at=timezone.now()
    )
    assert admin_client.get(LIST).context["listing"][0]["state"].text == "OK"


def test_list_shows_how_the_indexer_is_searched(admin_client):
    make_indexer(capabilities={"movie_params": ["q", "imdbid"], "search_params": ["q"]})
    make_indexer("Titles", capabilities={"movie_params": ["q"], "search_params": ["q"]})
    words = {
        item["row"].name: item["search_by"] for item in admin_client.get(LIST).context["listing"]
    }
    assert words == {"Fake": "imdb", "Titles": "title only"}


def test_list_shows_the_last_rss_sync_with_rejection_counts(admin_client):
    row = make_indexer()
    started = timezone.now() - timedelta(minutes=3)
    RssSyncReport.objects.create(
        indexer=row, started_at=started - timedelta(hours=1), items=1, new_items=1
    )
    RssSyncReport.objects.create(
        indexer=row,
        started_at=started,
        items=100,
        new_items=40,
        matched=5,
        grabbed=1,
        rejections={"Quality not wanted": 3, "Too few seeders": 1},
    )
    html = admin_client.get(LIST).content.decode()
    assert "100 items, 40 new, 5 matched, 1 grabbed" in html
    assert "Quality not wanted \u00d73, Too few seeders \u00d71" in html


def test_list_shows_a_failed_rss_sync_error(admin_client):
    row = make_indexer()
    RssSyncReport.objects.create(
        indexer=row, started_at=timezone.now(), error="Torznab refused the key"
    )
    assert "Torznab refused the key" in admin_client.get(LIST).content.decode()


def test_list_never_shows_the_api_key(admin_client):
    make_indexer()
    assert KEY not in admin_client.get(LIST).content.decode()


def test_add_without_kind_offers_the_kinds(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert "?kind=hdbits" in html and "indexer-form" not in html


@pytest.mark.parametrize(
    ("kind", "url", "categories"),
    [
        ("hdbits", "https://hdbits.org", "1"),
        ("prowlarr", "http://localhost:9696", "2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060"),
        ("jackett", "http://localhost:9117", "2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060"),
        ("torznab", None, "2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060"),
    ],
)
def test_add_page_offers_each_kinds_defaults(admin_client, kind, url, categories):
    form = admin_client.get(ADD, {"kind": kind}).context["form"]
    assert form["base_url"].value() == url
    assert form["categories"].value() == categories


def test_jackett_add_page_defaults_to_all_indexers(admin_client):
    form = admin_client.get(ADD, {"kind": "jackett"}).context["form"]
    assert form["indexer"].value() == "all"


def test_newznab_form_has_an_api_path_and_no_seed_goals(admin_client):
    form = admin_client.get(ADD, {"kind": "newznab"}).context["form"]
    assert {"api_path", "api_key"} <= set(form.fields)
    assert not {"minimum_seeders", "seed_ratio", "seed_time_minutes", "username"} & set(form.fields)


def test_hdbits_form_asks_for_user_name_passkey_codecs_and_mediums(admin_client):
    form = admin_client.get(ADD, {"kind": "hdbits"}).context["form"]
    assert {"username", "api_key", "codecs", "mediums", "seed_ratio"} <= set(form.fields)
    assert form.fields["api_key"].label == "Passkey"
    assert "api_path" not in form.fields


def test_add_torznab_saves_every_field(admin_client):
    response = admin_client.post(
        ADD,
        form_data(
            "torznab",
            name="Tracker",
            base_url="http://127.0.0.1:9117/api/v2.0/indexers/x/results/torznab/",
            api_path="/api",
            categories="2000, 2040 2045",
            minimum_seeders=3,
            seed_ratio="1.5",
            seed_time_minutes=60,
            enable_rss="",
            priority=10,
        ),
    )
    row = Indexer.objects.get()
    assert response.status_code == 302 and response["Location"] == edit_url(row)
    assert row.kind == "torznab" and row.name == "Tracker"
    assert row.base_url == "http://127.0.0.1:9117/api/v2.0/indexers/x/results/torznab"
    assert row.categories == [2000, 2040, 2045]
    assert (row.minimum_seeders, row.seed_ratio, row.seed_time_minutes) == (3, 1.5, 60)
    assert (row.enable_rss, row.enable_automatic_search, row.priority) == (False, True, 10)
    assert row.api_key == KEY


def test_add_newznab_saves_no_seed_goals(admin_client):
    admin_client.post(ADD, form_data("newznab", seed_ratio="2"))
    row = Indexer.objects.get()
    assert row.kind == "newznab" and row.seed_ratio is None and row.api_path == "/api"


def test_add_jackett_keeps_its_indexer_in_the_options(admin_client):
    admin_client.post(ADD, form_data("jackett", indexer="1337x"))
    assert Indexer.objects.get().options == {"indexer": "1337x"}


def test_add_prowlarr_keeps_its_indexer_ids_in_the_options(admin_client):
    admin_client.post(ADD, form_data("prowlarr", indexer_ids="3, 7"))
    assert Indexer.objects.get().options == {"indexer_ids": [3, 7]}


def test_add_hdbits_keeps_codecs_and_mediums_in_the_options(admin_client):
    data = form_data("hdbits", username="alice", codecs=["1", "5"], mediums=["5"])
    admin_client.post(ADD, data)
    row = Indexer.objects.get()
    assert row.username == "alice" and row.options == {"codecs": [1, 5], "mediums": [5]}


def test_edit_shows_stored_options(admin_client):
    row = make_indexer(kind="prowlarr", options={"indexer_ids": [4, 9]})
    assert admin_client.get(edit_url(row)).context["form"]["indexer_ids"].value() == "4, 9"


def test_edit_keeps_the_key_when_left_empty(admin_client):
    row = make_indexer(kind="torznab")
    admin_client.post(edit_url(row), form_data("torznab", name="Renamed", api_key=""))
    row.refresh_from_db()
    assert row.name == "Renamed" and row.api_key == KEY


def test_edit_replaces_the_key_when_typed(admin_client):
    row = make_indexer(kind="torznab")
    admin_client.post(edit_url(row), form_data("torznab", api_key="new-key-1"))
    row.refresh_from_db()
    assert row.api_key == "new-key-1"


def test_edit_clears_the_key_when_asked(admin_client):
    row = make_indexer(kind="torznab")
    admin_client.post(edit_url(row), form_data("torznab", api_key="", clear_api_key="on"))
    row.refresh_from_db()
    assert row.api_key == ""


def test_edit_page_never_shows_the_key(admin_client):
    row = make_indexer(kind="torznab")
    html = admin_client.get(edit_url(row)).content.decode()
    assert KEY not in html
    assert "•••• (set)" in html


def test_refused_form_never_echoes_a_typed_key(admin_client):
    response = admin_client.post(
        ADD, form_data("torznab", base_url="ftp://x", api_key="typed-key-77")
    )
    assert response.status_code == 400
    assert "typed-key-77" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("base_url", "localhost:9117", "starting http:// or https://"),
        ("base_url", "http://h:9117/api?apikey=abc", "without ?"),
        ("priority", "0", "Priority runs from 1"),
        ("priority", "51", "Priority runs from 1"),
        ("categories", "2000, movies", "“movies” is not a category id"),
        ("categories", "-5", "“-5” is not a category id"),
        ("api_path", "api", "starting with /"),
        ("seed_ratio", "-1", "cannot be negative"),
        ("requests_per_minute", "100000", "0 (no limit) to 600"),
    ],
)
def test_refuses_bad_values(admin_client, field, value, error):
    response = admin_client.post(ADD, form_data("torznab", **{field: value}))
    assert response.status_code == 400
    assert any(error in message for message in response.context["form"].errors[field])
    assert not Indexer.objects.exists()


def test_refuses_a_taken_name(admin_client):
    make_indexer("Tracker")
    response = admin_client.post(ADD, form_data("torznab", name="Tracker"))
    assert "name" in response.context["form"].errors


@pytest.mark.parametrize("kind", ["jackett", "prowlarr"])
def test_refuses_an_aggregator_without_api_key(admin_client, kind):
    response = admin_client.post(ADD, form_data(kind, api_key=""))
    assert "needs its API key" in response.context["form"].errors["api_key"][0]


def test_refuses_hdbits_without_user_name_or_passkey(admin_client):
    response = admin_client.post(ADD, form_data("hdbits", username="", api_key=""))
    errors = response.context["form"].errors
    assert errors["username"] == ["HDBits needs your user name."]
    assert errors["api_key"] == ["HDBits needs its passkey."]


def test_refuses_a_bad_prowlarr_indexer_id(admin_client):
    response = admin_client.post(ADD, form_data("prowlarr", indexer_ids="3, x"))
    assert "indexer_ids" in response.context["form"].errors


def test_refuses_a_jackett_indexer_with_a_slash(admin_client):
    response = admin_client.post(ADD, form_data("jackett", indexer="../admin"))
    assert "indexer" in response.context["form"].errors


def test_saving_gives_the_indexer_its_row_on_health(admin_client):
    admin_client.post(ADD, form_data("torznab", name="Tracker"))
    row = Indexer.objects.get()
    assert ProviderStatus.objects.get(key=row.provider_key).label == "Tracker"


def test_delete_asks_first(admin_client):
    row = make_indexer()
    html = admin_client.get(reverse("settings:indexer_delete", args=[row.pk])).content.decode()
    assert "Delete Fake?" in html
    assert Indexer.objects.filter(pk=row.pk).exists()


def test_delete_removes_the_indexer_and_its_health_row(admin_client):
    row = make_indexer()
    ProviderStatus.objects.create(key=row.provider_key, label=row.name)
    response = admin_client.post(reverse("settings:indexer_delete", args=[row.pk]))
    assert response["Location"] == LIST
    assert not Indexer.objects.exists() and not ProviderStatus.objects.exists()


def test_edit_page_of_prowlarr_offers_the_import(admin_client):
    row = make_indexer(kind="prowlarr")
    html = admin_client.get(edit_url(row)).content.decode()
    assert reverse("settings:indexer_import_prowlarr", args=[row.pk]) in html


def test_edit_page_of_torznab_offers_no_prowlarr_import(admin_client):
    row = make_indexer(kind="torznab")
    assert "Import indexers from Prowlarr" not in admin_client.get(edit_url(row)).content.decode()


def test_edit_page_shows_stored_capabilities(admin_client):
    caps = {
        "movie_params": ["imdbid", "q", "tmdbid"],
        "search_params": ["q"],
        "categories": [
            {"id": 2000, "name": "Movies", "subcategories": [{"id": 2040, "name": "HD"}]}
        ],
        "server_title": "Jackett",
    }
    row = make_indexer(capabilities=caps, capabilities_at=timezone.now())
    html = admin_client.get(edit_url(row)).content.decode()
    assert "imdbid, q, tmdbid" in html and "Jackett" in html


@pytest.mark.parametrize("kind", ["torznab", "newznab", "jackett", "prowlarr", "hdbits"])
def test_edit_each_kind_saves_changes_and_keeps_the_key(admin_client, kind):
    admin_client.post(ADD, form_data(kind, name="Before"))
    row = Indexer.objects.get()
    response = admin_client.post(
        edit_url(row), form_data(kind, name="After", priority=4, api_key="")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.kind, row.name, row.priority, row.api_key) == (kind, "After", 4, KEY)


def test_a_bad_jackett_indexer_id_is_shown_on_its_field(admin_client):
    # The check is Indexer.clean()'s: its "options" error lands on the kind's option field.
    response = admin_client.post(ADD, form_data("jackett", indexer="../admin"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["indexer"] == ["Use the indexer's id as Jackett shows it, or “all”."]
    assert not Indexer.objects.exists()
