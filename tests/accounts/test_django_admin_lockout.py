"""The Django admin's user pages never leave the household without an active admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from radarr_site.accounts.roles import ADMIN
from tests.accounts.django_admin_forms import post_user_change, user_change_data

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def second_admin(db):
    carol = User.objects.create_user("carol", password="x")
    carol.groups.add(Group.objects.get(name=ADMIN))
    return carol


def form_errors(response) -> str:
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.mark.parametrize("box", ["is_active", "is_superuser", "is_staff"])
def test_unticking_an_admin_box_on_the_last_admin_is_refused(admin_client, admin_user, box):
    response = post_user_change(admin_client, admin_user, unticked=[box])
    assert response.status_code == 200
    assert "alice is the household's last active admin" in form_errors(response)
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.is_superuser and admin_user.is_staff


def test_deactivating_one_of_two_admins_is_allowed(admin_client, admin_user, second_admin):
    response = post_user_change(admin_client, second_admin, unticked=["is_active"])
    assert response.status_code == 302
    second_admin.refresh_from_db()
    assert not second_admin.is_active


def test_unticking_superuser_of_a_member_is_allowed(admin_client, admin_user, member_user):
    member_user.is_superuser = True
    member_user.save()
    response = post_user_change(admin_client, member_user, unticked=["is_superuser"])
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert not member_user.is_superuser


def test_other_changes_to_the_last_admin_still_save(admin_client, admin_user):
    data_change = post_user_change(admin_client, admin_user)
    assert data_change.status_code == 302


def test_deleting_the_last_admin_in_django_admin_is_refused(admin_client, admin_user):
    url = reverse("admin:auth_user_delete", args=[admin_user.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert User.objects.filter(pk=admin_user.pk).exists()
    assert (
        "cannot be deleted: the household would have no active admin" in response.content.decode()
    )


def test_deleting_one_of_two_admins_in_django_admin_works(admin_client, admin_user, second_admin):
    url = reverse("admin:auth_user_delete", args=[second_admin.pk])
    admin_client.post(url, {"post": "yes"})
    assert not User.objects.filter(pk=second_admin.pk).exists()


def bulk_delete(admin_client, users):
    return admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
        follow=True,
    )


def test_bulk_delete_of_every_admin_is_refused(admin_client, admin_user, second_admin, member_user):
    response = bulk_delete(admin_client, [admin_user, second_admin, member_user])
    assert User.objects.count() == 3
    assert "would have no active admin left" in response.content.decode()


def test_bulk_delete_that_leaves_an_admin_deletes(
    admin_client, admin_user, second_admin, member_user
):
    response = bulk_delete(admin_client, [second_admin, member_user])
    assert list(User.objects.values_list("username", flat=True)) == ["alice"]
    assert "Successfully deleted 2 users" in response.content.decode()


@pytest.mark.parametrize("box", ["is_staff", "is_superuser"])
def test_unticking_a_staff_box_on_an_admin_who_stays_in_the_admin_group_keeps_them_staff(
    admin_client, admin_user, second_admin, box
):
    response = post_user_change(admin_client, second_admin, unticked=[box])
    assert response.status_code == 302
    second_admin.refresh_from_db()
    assert second_admin.is_staff and second_admin.is_superuser


def test_ticking_staff_boxes_on_a_member_outside_the_admin_group_leaves_them_unticked(
    admin_client, admin_user, member_user
):
    data = user_change_data(admin_client, member_user)
    data.update(is_staff="on", is_superuser="on")
    response = admin_client.post(reverse("admin:auth_user_change", args=[member_user.pk]), data)
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert not member_user.is_staff and not member_user.is_superuser
