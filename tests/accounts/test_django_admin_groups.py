"""The Django admin never deletes or renames the Admin and Member groups (the roles)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from radarr_site.accounts.roles import ADMIN, MEMBER

pytestmark = pytest.mark.django_db

ROLES = [ADMIN, MEMBER]


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def change_group(admin_client, group: Group, name: str):
    """Post the group's change form with a new name and its permissions unchanged."""
    data = {"name": name, "permissions": list(group.permissions.values_list("pk", flat=True))}
    return admin_client.post(reverse("admin:auth_group_change", args=[group.pk]), data)


def bulk_delete(admin_client, groups: list[Group]):
    data = {
        "action": "delete_selected",
        "_selected_action": [g.pk for g in groups],
        "post": "yes",  # the confirmation page's answer: delete now
    }
    return admin_client.post(reverse("admin:auth_group_changelist"), data, follow=True)


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_role_group_in_django_admin_is_refused_with_a_message(admin_client, role):
    group = Group.objects.get(name=role)
    url = reverse("admin:auth_group_delete", args=[group.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert Group.objects.filter(pk=group.pk, name=role).exists()
    assert f"The {role} group cannot be deleted" in messages_of(response)


def test_opening_the_delete_page_of_a_role_group_goes_back_to_its_change_page(admin_client):
    group = Group.objects.get(name=ADMIN)
    response = admin_client.get(reverse("admin:auth_group_delete", args=[group.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_group_change", args=[group.pk])


def test_deleting_another_group_in_django_admin_still_works(admin_client):
    group = Group.objects.create(name="Kids")
    admin_client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    assert not Group.objects.filter(pk=group.pk).exists()


def test_bulk_delete_holding_a_role_group_deletes_nothing_and_says_why(admin_client):
    kids = Group.objects.create(name="Kids")
    response = bulk_delete(admin_client, [kids, Group.objects.get(name=MEMBER)])
    assert set(Group.objects.values_list("name", flat=True)) == {ADMIN, MEMBER, "Kids"}
    assert "The Member group cannot be deleted" in messages_of(response)


def test_bulk_delete_of_other_groups_still_works(admin_client):
    kids = Group.objects.create(name="Kids")
    bulk_delete(admin_client, [kids])
    assert set(Group.objects.values_list("name", flat=True)) == {ADMIN, MEMBER}


@pytest.mark.parametrize("role", ROLES)
def test_renaming_a_role_group_in_django_admin_is_a_field_error(admin_client, role):
    group = Group.objects.get(name=role)
    response = change_group(admin_client, group, "Grown-ups")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["name"]
    assert f"The {role} group is a household role and cannot be renamed" in errors[0]
    assert Group.objects.filter(pk=group.pk, name=role).exists()


def test_saving_a_role_group_under_its_own_name_still_works(admin_client):
    group = Group.objects.get(name=MEMBER)
    assert change_group(admin_client, group, MEMBER).status_code == 302


def test_renaming_another_group_still_works(admin_client):
    group = Group.objects.create(name="Kids")
    assert change_group(admin_client, group, "Children").status_code == 302
    group.refresh_from_db()
    assert group.name == "Children"
