"""First run, sign-in requirement, and what each role may reach."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_url_leads_to_first_run_while_no_user_exists(client):
    for url in ["/", "/settings/", "/system/status/", "/admin/", "/accounts/sign-in/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:first_run")), url


def test_first_run_creates_an_admin_and_signs_in(client):
    response = client.post(
        reverse("accounts:first_run"),
        {
            "username": "alice",
            "email": "",
            "password1": "Tr0ub4dor&3x",
            "password2": "Tr0ub4dor&3x",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="alice")
    assert user.is_superuser and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Admin"]
    assert client.get("/").wsgi_request.user == user


def test_first_run_rejects_a_weak_password_with_a_field_error(client):
    response = client.post(
        reverse("accounts:first_run"),
        {"username": "alice", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not get_user_model().objects.exists()


def test_first_run_is_closed_once_a_user_exists(client, admin_user):
    response = client.get(reverse("accounts:first_run"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in")


def test_anonymous_visitor_is_sent_to_sign_in(client, admin_user):
    response = client.get("/system/status/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in") + "?next=/system/status/"


def test_static_files_and_sign_in_stay_reachable(client, admin_user):
    assert client.get(reverse("accounts:sign_in")).status_code == 200


def test_sign_in_with_the_right_password(client, admin_user):
    response = client.post(
        reverse("accounts:sign_in"), {"username": "alice", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.is_authenticated


def test_sign_in_with_a_wrong_password_says_so(client, admin_user):
    response = client.post(reverse("accounts:sign_in"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_member_cannot_open_users_page(member_client):
    assert member_client.get(reverse("accounts:users")).status_code == 403


def test_member_opening_django_admin_gets_403_not_a_second_sign_in(member_client):
    for url in ["/admin/", "/admin/auth/user/", "/admin/login/"]:
        response = member_client.get(url)
        assert response.status_code == 403, url
        assert "You are authenticated as" not in response.content.decode()


def test_admin_opens_django_admin(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_admin_adds_a_member(admin_client):
    response = admin_client.post(
        reverse("accounts:user_add"),
        {
            "username": "carol",
            "password1": "Tr0ub4dor&3x",
            "password2": "Tr0ub4dor&3x",
            "role": "Member",
        },
    )
    assert response.status_code == 302
    carol = get_user_model().objects.get(username="carol")
    assert not carol.is_superuser and not carol.is_staff
    assert list(carol.groups.values_list("name", flat=True)) == ["Member"]


def test_last_admin_cannot_be_demoted(admin_client, admin_user):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[admin_user.pk]),
        {"email": "", "first_name": "", "is_active": "on", "role": "Member"},
    )
    assert response.status_code == 200
    assert "at least one active admin" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_superuser


def test_admin_cannot_delete_themself(admin_client, admin_user):
    admin_client.post(reverse("accounts:user_delete", args=[admin_user.pk]))
    assert get_user_model().objects.filter(pk=admin_user.pk).exists()


def test_changing_your_own_password_on_the_users_page_keeps_you_signed_in(admin_client, admin_user):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[admin_user.pk]),
        {
            "email": "",
            "first_name": "",
            "is_active": "on",
            "role": "Admin",
            "password1": "An0ther-g00d-one",
            "password2": "An0ther-g00d-one",
        },
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("An0ther-g00d-one")
    assert admin_client.get(reverse("accounts:users")).status_code == 200


def test_password_change(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "An0ther-g00d-one",
            "new_password2": "An0ther-g00d-one",
        },
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("An0ther-g00d-one")


def test_sign_out_page_on_get_asks_and_keeps_the_session(admin_client):
    response = admin_client.get(reverse("accounts:sign_out"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'method="post"' in body and 'action="/accounts/sign-out/"' in body
    assert admin_client.get("/system/status/").status_code == 200


def test_sign_out_needs_post_and_ends_the_session(admin_client):
    response = admin_client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert admin_client.get("/system/status/").status_code == 302


def test_a_fresh_migrate_gives_members_the_request_permissions(db):
    """The roles are built after the last app's permissions exist (the movies app's come
    after radarr_site's), so one migrate on an empty database is enough."""
    from django.contrib.auth.models import Group

    member = Group.objects.get(name="Member")
    codenames = set(member.permissions.values_list("codename", flat=True))
    assert {"add_movierequest", "view_movierequest", "view_movie"} <= codenames
