"""Admin is a Django group: membership, wherever it changes, decides what a user may open."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from radarr_site.accounts.roles import ADMIN, is_admin
from tests.accounts.django_admin_forms import post_user_change

pytestmark = pytest.mark.django_db
User = get_user_model()


def change_groups_in_django_admin(admin_client, user, groups: list[str]):
    """Post the Django admin's user change form as it is, with only the groups changed."""
    response = post_user_change(admin_client, user, groups=groups)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def signed_in(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def test_member_added_to_admin_group_in_django_admin_opens_admin_pages(admin_client, member_user):
    change_groups_in_django_admin(admin_client, member_user, [ADMIN])
    bob = signed_in(member_user)
    assert bob.get(reverse("accounts:users")).status_code == 200
    assert bob.get("/admin/").status_code == 200


def test_admin_removed_from_admin_group_in_django_admin_gets_403(admin_client, admin_user):
    carol = User.objects.create_user("carol", password="x")
    carol.groups.add(Group.objects.get(name=ADMIN))
    assert signed_in(carol).get(reverse("accounts:users")).status_code == 200

    change_groups_in_django_admin(admin_client, carol, [])
    carol.refresh_from_db()
    assert not carol.is_superuser and not carol.is_staff
    assert signed_in(carol).get(reverse("accounts:users")).status_code == 403


def test_last_admin_removed_from_admin_group_in_django_admin_is_refused(admin_client, admin_user):
    response = post_user_change(admin_client, admin_user, groups=[])
    assert response.status_code == 200
    assert "last active admin" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_superuser and admin_user.is_staff
    assert admin_user.groups.filter(name=ADMIN).exists()


def test_last_admin_taken_out_of_admin_group_elsewhere_is_put_back(admin_user):
    # Outside the admin form (shell, group side) the signal is the guard.
    admin_user.groups.clear()
    admin_user.refresh_from_db()
    assert admin_user.is_superuser and admin_user.groups.filter(name=ADMIN).exists()


def test_admin_group_membership_alone_makes_an_admin(member_user):
    # Written through the join table so no signal raises the flags: the group alone counts.
    User.groups.through.objects.create(user=member_user, group=Group.objects.get(name=ADMIN))
    fresh = User.objects.get(pk=member_user.pk)
    assert not fresh.is_superuser
    assert is_admin(fresh)


def test_adding_to_admin_group_from_the_group_side_promotes(member_user):
    Group.objects.get(name=ADMIN).user_set.add(member_user)
    member_user.refresh_from_db()
    assert member_user.is_superuser and member_user.is_staff


def test_clearing_groups_demotes_an_admin_when_another_admin_exists(admin_user):
    carol = User.objects.create_user("carol", password="x")
    carol.groups.add(Group.objects.get(name=ADMIN))
    carol.groups.clear()
    carol.refresh_from_db()
    assert not carol.is_superuser and not is_admin(carol)


def test_clearing_groups_of_a_member_leaves_a_plain_superuser_alone(admin_user):
    root = User.objects.create_superuser("root", password="x")
    root.groups.add(Group.objects.get(name="Member"))
    root.groups.clear()
    root.refresh_from_db()
    assert root.is_superuser


def test_is_admin_asks_the_database_once_per_user_object(member_user, django_assert_num_queries):
    fresh = User.objects.get(pk=member_user.pk)
    with django_assert_num_queries(1):
        assert not is_admin(fresh)
        assert not is_admin(fresh)


def test_is_admin_is_false_without_a_user():
    assert is_admin(None) is False


def test_clearing_groups_without_an_admin_group_in_the_database_does_not_raise(member_user):
    Group.objects.filter(name=ADMIN).delete()  # as before ensure_roles has run
    member_user.groups.clear()
    assert not member_user.groups.exists()


def test_adding_a_group_without_an_admin_group_in_the_database_does_not_raise(member_user):
    Group.objects.filter(name=ADMIN).delete()
    extra = Group.objects.create(name="Friends")
    member_user.groups.add(extra)
    assert set(member_user.groups.values_list("name", flat=True)) == {"Friends", "Member"}
