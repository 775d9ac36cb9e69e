"""Settings → Profiles: list, edit (cutoff, allowed, order), add, copy and delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movies.models import QualityDefinition, QualityProfile
from movies.profile_forms import item_key
from movies.quality import profile_items
from movies.views.settings_profiles import profile_rows

pytestmark = pytest.mark.django_db

BLURAY_1080P, REMUX_1080P, HDTV_720P = 7, 30, 4


def edit_url(profile):
    return reverse("settings:profile_edit", args=[profile.pk])


def posted_state(profile, **changes):
    """The form data the edit page posts for `profile` as stored (items best first)."""
    items = list(reversed(profile.items))
    data = {
        "name": profile.name,
        "cutoff": profile.cutoff,
        "order": [item_key(i) for i in items],
        "allowed": [item_key(i) for i in items if i["allowed"]],
    }
    if profile.upgrade_allowed:
        data["upgrade_allowed"] = "on"
    data.update(changes)
    return data


def test_lists_profiles_with_allowed_qualities_and_cutoff(admin_client, hd_profile):
    response = admin_client.get(reverse("settings:profiles"))
    row = next(r for r in response.context["rows"] if r["profile"].name == "HD-1080p")
    assert row["cutoff"] == "Bluray-1080p"
    assert row["allowed"][0] == "Remux-1080p"  # best first
    assert "WEB 1080p" in row["allowed"]


def test_profile_list_reads_cutoffs_without_a_query_per_profile(
    django_assert_num_queries, hd_profile
):
    for n in range(5):
        QualityProfile.objects.create(
            name=f"Extra {n}", cutoff=BLURAY_1080P, items=profile_items({BLURAY_1080P})
        )
    # One query for the profiles with their movie counts, one for the quality titles.
    with django_assert_num_queries(2):
        rows = profile_rows()
    assert len(rows) == QualityProfile.objects.count() > 5


def test_profile_list_names_the_cutoff_by_its_edited_title(admin_client, hd_profile):
    QualityDefinition.objects.filter(quality_id=hd_profile.cutoff).update(title="Blu-ray HD")
    row = next(r for r in profile_rows() if r["profile"] == hd_profile)
    assert row["cutoff"] == "Blu-ray HD"


def test_profile_list_names_a_group_cutoff_by_the_group(db):
    profile = QualityProfile.objects.create(
        name="Web only", cutoff=1002, items=profile_items({3, 15})
    )
    row = next(r for r in profile_rows() if r["profile"] == profile)
    assert row["cutoff"] == "WEB 1080p"


def test_saves_name_upgrades_and_cutoff(admin_client, hd_profile):
    data = posted_state(hd_profile, name="Full HD", cutoff=REMUX_1080P)
    data.pop("upgrade_allowed", None)
    response = admin_client.post(edit_url(hd_profile), data)
    assert response.status_code == 302
    hd_profile.refresh_from_db()
    assert (hd_profile.name, hd_profile.cutoff, hd_profile.upgrade_allowed) == (
        "Full HD",
        REMUX_1080P,
        False,
    )


def test_rejects_a_cutoff_that_is_not_allowed(admin_client, hd_profile):
    response = admin_client.post(edit_url(hd_profile), posted_state(hd_profile, cutoff=HDTV_720P))
    assert response.status_code == 200
    assert response.context["form"].errors["cutoff"] == [
        "The cutoff must be one of the allowed qualities."
    ]
    hd_profile.refresh_from_db()
    assert hd_profile.cutoff == BLURAY_1080P


def test_rejects_unchecking_the_cutoff_quality(admin_client, hd_profile):
    data = posted_state(hd_profile)
    data["allowed"] = [k for k in data["allowed"] if k != f"q{BLURAY_1080P}"]
    response = admin_client.post(edit_url(hd_profile), data)
    assert "cutoff" in response.context["form"].errors
    hd_profile.refresh_from_db()
    assert BLURAY_1080P in hd_profile.allowed_ids()


def test_rejects_a_profile_with_nothing_allowed(admin_client, hd_profile):
    response = admin_client.post(edit_url(hd_profile), posted_state(hd_profile, allowed=[]))
    assert "Allow at least one quality." in response.content.decode()


def test_rejects_a_duplicate_profile_name(admin_client, hd_profile):
    response = admin_client.post(edit_url(hd_profile), posted_state(hd_profile, name="sd"))
    assert response.context["form"].errors["name"] == ["A profile with this name already exists."]


def test_allows_an_extra_quality(admin_client, hd_profile):
    data = posted_state(hd_profile)
    data["allowed"].append(f"q{HDTV_720P}")
    admin_client.post(edit_url(hd_profile), data)
    hd_profile.refresh_from_db()
    assert HDTV_720P in hd_profile.allowed_ids()


def test_refuses_a_forged_item_list(admin_client, hd_profile):
    data = posted_state(hd_profile)
    data["order"] = data["order"][:-1]
    before = hd_profile.items
    response = admin_client.post(edit_url(hd_profile), data)
    assert "The list of qualities changed" in response.content.decode()
    hd_profile.refresh_from_db()
    assert hd_profile.items == before


def test_move_up_swaps_with_the_better_neighbour_without_saving(admin_client, hd_profile):
    before = hd_profile.items
    order = posted_state(hd_profile)["order"]
    second = order[1]
    response = admin_client.post(
        edit_url(hd_profile),
        posted_state(hd_profile, move=f"up:{second}"),
        HTTP_HX_REQUEST="true",
    )
    rows = [row["key"] for row in response.context["form"].item_rows()]
    assert rows[:2] == [second, order[0]]
    assert "<html" not in response.content.decode()
    hd_profile.refresh_from_db()
    assert hd_profile.items == before


def test_saving_a_moved_order_stores_it_worst_first(admin_client, hd_profile):
    order = posted_state(hd_profile)["order"]
    order[0], order[1] = order[1], order[0]
    admin_client.post(edit_url(hd_profile), posted_state(hd_profile, order=order))
    hd_profile.refresh_from_db()
    assert [item_key(i) for i in reversed(hd_profile.items)] == order


def test_move_down_of_the_last_item_changes_nothing(admin_client, hd_profile):
    order = posted_state(hd_profile)["order"]
    response = admin_client.post(
        edit_url(hd_profile), posted_state(hd_profile, move=f"down:{order[-1]}")
    )
    assert [row["key"] for row in response.context["form"].item_rows()] == order


def test_htmx_save_redirects_the_browser_to_the_list(admin_client, hd_profile):
    response = admin_client.post(
        edit_url(hd_profile), posted_state(hd_profile), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("settings:profiles")


def test_adds_a_profile_and_opens_it(admin_client):
    response = admin_client.post(reverse("settings:profile_add"), {"name": "Kids"})
    profile = QualityProfile.objects.get(name="Kids")
    assert response["Location"] == edit_url(profile)
    profile.full_clean()  # a valid profile from the start


def test_opening_the_add_address_leads_to_the_add_form(admin_client):
    response = admin_client.get(reverse("settings:profile_add"), follow=True)
    assert response.redirect_chain == [(reverse("settings:profiles") + "#add-profile", 302)]
    html = response.content.decode()
    assert 'id="add-profile"' in html
    assert f'action="{reverse("settings:profile_add")}"' in html


def test_adds_a_profile_based_on_another(admin_client, hd_profile):
    admin_client.post(reverse("settings:profile_add"), {"name": "Mine", "based_on": hd_profile.pk})
    mine = QualityProfile.objects.get(name="Mine")
    assert (mine.items, mine.cutoff) == (hd_profile.items, hd_profile.cutoff)


def test_rejects_adding_a_duplicate_name(admin_client, hd_profile):
    response = admin_client.post(reverse("settings:profile_add"), {"name": "hd-1080p"})
    assert "name" in response.context["new_form"].errors
    assert QualityProfile.objects.filter(name__iexact="hd-1080p").count() == 1


def test_copies_a_profile_under_a_new_name(admin_client, hd_profile):
    admin_client.post(reverse("settings:profile_copy", args=[hd_profile.pk]))
    admin_client.post(reverse("settings:profile_copy", args=[hd_profile.pk]))
    copies = QualityProfile.objects.filter(name__startswith="HD-1080p (copy")
    assert sorted(copies.values_list("name", flat=True)) == [
        "HD-1080p (copy 2)",
        "HD-1080p (copy)",
    ]
    assert all(c.items == hd_profile.items for c in copies)


def test_deletes_an_unused_profile(admin_client, hd_profile):
    admin_client.post(reverse("settings:profile_delete", args=[hd_profile.pk]))
    assert not QualityProfile.objects.filter(pk=hd_profile.pk).exists()


def test_refuses_to_delete_a_profile_in_use(admin_client, hd_profile, movie):
    response = admin_client.post(
        reverse("settings:profile_delete", args=[hd_profile.pk]), follow=True
    )
    assert "is used by 1 movie(s) and cannot be deleted" in response.content.decode()
    assert QualityProfile.objects.filter(pk=hd_profile.pk).exists()


def test_profile_list_shows_the_minimum_score_and_how_many_formats_are_scored(
    admin_client, hd_profile
):
    from movies.models import CustomFormat, ProfileFormatScore

    for name in ("A", "B"):
        custom_format = CustomFormat.objects.create(name=name, specifications=[])
        ProfileFormatScore.objects.create(profile=hd_profile, custom_format=custom_format, score=5)
    hd_profile.min_format_score = 10
    hd_profile.save()
    html = admin_client.get(reverse("settings:profiles")).content.decode()
    row = html.split(f">{hd_profile.name}</a>")[1].split("</tr>")[0]
    assert "2 scored · minimum 10" in row


def test_form_errors_are_summarised_at_the_top_with_links(admin_client, hd_profile):
    data = posted_state(hd_profile, name="", min_format_score="x")
    html = admin_client.post(edit_url(hd_profile), data).content.decode()
    summary = html.split('id="profile-error-summary"')[1].split("</div>")[0]
    assert "Fix the 2 problems below:" in summary
    assert 'href="#id_name"' in summary and 'href="#id_min_format_score"' in summary
    assert html.index('id="profile-error-summary"') < html.index('id="id_name"')


def test_a_copy_keeps_the_minimum_reputation(admin_client, hd_profile):
    QualityProfile.objects.filter(pk=hd_profile.pk).update(minimum_reputation=60)

    admin_client.post(reverse("settings:profile_copy", args=[hd_profile.pk]))

    assert QualityProfile.objects.get(name="HD-1080p (copy)").minimum_reputation == 60
