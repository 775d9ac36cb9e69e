"""Settings → Profiles editor: moves and checkbox changes stay unsaved and say so, and
"Upgrade until" offers only the allowed qualities."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.settings_pages.test_profiles import (
    BLURAY_1080P,
    HDTV_720P,
    edit_url,
    posted_state,
)

pytestmark = pytest.mark.django_db

UNSAVED = "Unsaved changes: Save to keep them."


def cutoff_choices(response) -> list[int]:
    return [value for value, _ in response.context["form"].fields["cutoff"].choices]


def test_the_edit_page_opens_without_the_unsaved_notice(admin_client, hd_profile):
    html = admin_client.get(edit_url(hd_profile)).content.decode()
    assert UNSAVED not in html
    assert 'data-unsaved="false"' in html


def test_a_move_shows_the_unsaved_notice_and_marks_the_form(admin_client, hd_profile):
    second = posted_state(hd_profile)["order"][1]
    response = admin_client.post(
        edit_url(hd_profile),
        posted_state(hd_profile, move=f"up:{second}"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert UNSAVED in html
    assert 'data-unsaved="true"' in html


def test_a_move_without_javascript_also_shows_the_unsaved_notice(admin_client, hd_profile):
    second = posted_state(hd_profile)["order"][1]
    html = admin_client.post(
        edit_url(hd_profile), posted_state(hd_profile, move=f"up:{second}")
    ).content.decode()
    assert "<html" in html and UNSAVED in html


def test_the_edit_page_warns_before_leaving_with_unsaved_changes(admin_client, hd_profile):
    html = admin_client.get(edit_url(hd_profile)).content.decode()
    assert 'addEventListener("beforeunload"' in html
    assert 'dataset.unsaved === "true"' in html


def test_upgrade_until_offers_only_the_allowed_qualities(admin_client, hd_profile):
    response = admin_client.get(edit_url(hd_profile))
    allowed_places = [
        item["id"] if "items" in item else item["quality"]
        for item in reversed(hd_profile.items)
        if item["allowed"]
    ]
    assert cutoff_choices(response) == allowed_places
    assert HDTV_720P not in cutoff_choices(response)
    assert f'<option value="{HDTV_720P}"' not in response.content.decode()


def test_checking_a_quality_offers_it_as_cutoff_without_saving(admin_client, hd_profile):
    data = posted_state(hd_profile, refresh="1")
    data["allowed"].append(f"q{HDTV_720P}")
    response = admin_client.post(edit_url(hd_profile), data, HTTP_HX_REQUEST="true")
    assert HDTV_720P in cutoff_choices(response)
    assert UNSAVED in response.content.decode()
    hd_profile.refresh_from_db()
    assert HDTV_720P not in hd_profile.allowed_ids()


def test_unchecking_the_cutoff_drops_it_from_the_choices_without_an_error(admin_client, hd_profile):
    data = posted_state(hd_profile, refresh="1")
    data["allowed"] = [k for k in data["allowed"] if k != f"q{BLURAY_1080P}"]
    response = admin_client.post(edit_url(hd_profile), data, HTTP_HX_REQUEST="true")
    assert BLURAY_1080P not in cutoff_choices(response)
    assert 'role="alert"' not in response.content.decode()


def test_allowed_checkboxes_re_render_the_form_when_changed(admin_client, hd_profile):
    html = admin_client.get(edit_url(hd_profile)).content.decode()
    box = html[html.index('name="allowed"') : html.index(">", html.index('name="allowed"'))]
    assert 'hx-trigger="change"' in box
    assert 'hx-target="#profile-form"' in box
    assert """hx-vals='{"refresh": "1"}'""" in box


def test_saving_an_unallowed_cutoff_gives_one_clear_error(admin_client, hd_profile):
    data = posted_state(hd_profile)
    data["allowed"] = [k for k in data["allowed"] if k != f"q{BLURAY_1080P}"]
    response = admin_client.post(edit_url(hd_profile), data)
    assert response.context["form"].errors["cutoff"] == [
        "The cutoff must be one of the allowed qualities."
    ]
    assert UNSAVED in response.content.decode()


def test_save_and_cancel_also_sit_below_the_quality_list(admin_client, hd_profile):
    html = admin_client.get(edit_url(hd_profile)).content.decode()
    table_end = html.index("</table>", html.index('id="profile-form"'))
    below = html[table_end : html.index("</form>", table_end)]
    assert '<button type="submit" class="primary">Save</button>' in below
    assert f'href="{reverse("settings:profiles")}">Cancel</a>' in below


def test_saving_with_nothing_allowed_says_so_on_the_items_not_the_cutoff(admin_client, hd_profile):
    before = hd_profile.items
    response = admin_client.post(edit_url(hd_profile), posted_state(hd_profile, allowed=[]))
    errors = response.context["form"].errors
    assert errors == {"allowed": ["Allow at least one quality."]}
    html = response.content.decode()
    assert "The cutoff must be one of the allowed qualities." not in html
    # The last mention is on the items; the first is the summary at the top, linking there.
    items_error = html.rindex("Allow at least one quality.")
    assert html.index("<h2>Qualities") < items_error < html.index("<table")
    assert '<a href="#profile-items-errors">' in html
    hd_profile.refresh_from_db()
    assert hd_profile.items == before
