"""Per-user request settings on the Users pages (auto-approve permission, default profile
and root folder, quota override) and the household's default quota."""

from __future__ import annotations

from django.urls import reverse

from movies.models import QualityProfile
from movies.models.requests import RequesterProfile, RequestSettings

AUTO_APPROVE = "movies.auto_approve_request"


def edit_data(user, **requests) -> dict:
    data = {"email": "", "first_name": "", "is_active": "on", "role": "Member"}
    data.update({f"requests-{key}": value for key, value in requests.items()})
    return data


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # no cached permissions


def test_an_admin_grants_auto_approve(admin_client, member_user, library):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[member_user.pk]),
        edit_data(member_user, auto_approve="on"),
    )
    assert response.status_code == 302
    assert fresh(member_user).has_perm(AUTO_APPROVE)


def test_an_admin_takes_auto_approve_away(admin_client, member_user, library):
    from django.contrib.auth.models import Permission

    member_user.user_permissions.add(Permission.objects.get(codename="auto_approve_request"))
    admin_client.post(reverse("accounts:user_edit", args=[member_user.pk]), edit_data(member_user))
    assert not fresh(member_user).has_perm(AUTO_APPROVE)


def test_the_edit_form_shows_the_granted_auto_approve_ticked(admin_client, member_user, library):
    from django.contrib.auth.models import Permission

    member_user.user_permissions.add(Permission.objects.get(codename="auto_approve_request"))
    response = admin_client.get(reverse("accounts:user_edit", args=[member_user.pk]))
    assert response.context["requests_form"]["auto_approve"].value() is True


def test_defaults_and_quota_override_are_saved(admin_client, member_user, library):
    ultra = QualityProfile.objects.get(name="Ultra-HD")
    admin_client.post(
        reverse("accounts:user_edit", args=[member_user.pk]),
        edit_data(
            member_user,
            quality_profile=ultra.pk,
            root_folder=library.pk,
            quota_limit="5",
            quota_days="30",
        ),
    )
    profile = RequesterProfile.objects.get(user=member_user)
    assert (
        profile.quality_profile,
        profile.root_folder,
        profile.quota_limit,
        profile.quota_days,
    ) == (
        ultra,
        library,
        5,
        30,
    )


def test_empty_quota_fields_fall_back_to_the_household(admin_client, member_user, library):
    RequesterProfile.objects.create(user=member_user, quota_limit=5, quota_days=30)
    admin_client.post(reverse("accounts:user_edit", args=[member_user.pk]), edit_data(member_user))
    profile = RequesterProfile.objects.get(user=member_user)
    assert (profile.quota_limit, profile.quota_days) == (None, None)


def test_a_zero_day_period_is_refused_and_nothing_saved(admin_client, member_user, library):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[member_user.pk]),
        edit_data(member_user, quota_limit="3", quota_days="0", auto_approve="on"),
    )
    assert response.status_code == 200
    assert response.context["requests_form"].errors["quota_days"]
    assert not RequesterProfile.objects.filter(user=member_user).exists()
    assert not fresh(member_user).has_perm(AUTO_APPROVE)


def test_a_new_user_gets_request_settings_with_the_account(admin_client, library):
    response = admin_client.post(
        reverse("accounts:user_add"),
        {
            "username": "dora",
            "password1": "a-long-household-passphrase",
            "password2": "a-long-household-passphrase",
            "role": "Member",
            "requests-auto_approve": "on",
            "requests-quota_limit": "2",
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    dora = get_user_model().objects.get(username="dora")
    assert dora.has_perm(AUTO_APPROVE)
    assert RequesterProfile.objects.get(user=dora).quota_limit == 2


def test_the_household_quota_is_saved_on_the_users_page(admin_client, library):
    response = admin_client.post(
        reverse("accounts:users"), {"quota-quota_limit": "3", "quota-quota_days": "14"}
    )
    assert response.status_code == 302
    settings = RequestSettings.load()
    assert (settings.quota_limit, settings.quota_days) == (3, 14)


def test_a_zero_day_household_period_is_refused(admin_client, library):
    response = admin_client.post(
        reverse("accounts:users"), {"quota-quota_limit": "3", "quota-quota_days": "0"}
    )
    assert response.status_code == 200 and response.context["quota_form"].errors
    assert RequestSettings.load().quota_days == 7


def test_the_users_page_shows_each_members_request_settings(admin_client, member_user, library):
    from django.contrib.auth.models import Permission

    member_user.user_permissions.add(Permission.objects.get(codename="auto_approve_request"))
    RequesterProfile.objects.create(user=member_user, quota_limit=5, quota_days=30)
    content = admin_client.get(reverse("accounts:users")).content.decode()
    assert "auto-approve" in content and "5 per 30 days" in content


def test_a_member_cannot_change_the_household_quota(member_client, library):
    response = member_client.post(
        reverse("accounts:users"), {"quota-quota_limit": "99", "quota-quota_days": "1"}
    )
    assert response.status_code == 403
    assert RequestSettings.load().quota_limit == 0
